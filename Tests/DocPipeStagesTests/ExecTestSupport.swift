import DocPipe
import DocPipeStages
import DocPipeTesting

/// Paths and pipelines for the exec stage tests.
enum ExecFixtures {
    /// Tests/DocPipeStagesTests/Fixtures/exec
    static let directory: String = {
        let file = String(#filePath)
        let folder = file[..<file.lastIndex(of: "/")!]
        return folder + "/Fixtures/exec"
    }()

    /// The repository root.
    static let repositoryRoot: String = {
        var path = String(#filePath)
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    /// A pipeline `generate → exec(program)` with `runnerKeys` (YAML lines such as "timeout: 1s")
    /// beside `use`, its source replaced by `documents`.
    static func pipeline(
        _ program: String, documents: [Document], runnerKeys: [String] = [], options: String? = nil,
        registry: StageRegistry = .builtIn
    ) throws -> Pipeline {
        var yaml = "docpipe: 1\nstages:\n  - use: generate\n  - use: exec\n"
        for key in runnerKeys { yaml += "    \(key)\n" }
        yaml += "    with:\n      command: [python3, \"\(path(program))\"]\n"
        if let options { yaml += "      options: \(options)\n" }
        var pipeline = try PipelineLoader(registry: registry).load(
            text: yaml, file: "exec-test.yaml", directory: directory)
        pipeline.stages[0].instance = .source(ListSource(documents: documents))
        return pipeline
    }

    static func documents(_ texts: [String]) -> [Document] {
        texts.enumerated().map { Document.testDocument($0.element, uri: "test:exec/\($0.offset)") }
    }
}
