import DocPipe
import Testing

/// Stages with the shapes of the built-ins, so these tests pin the loader alone.
private struct FakeFetch: SourceStage {
    static let name = "fetch"
    static let summary = "Fake source."
    static let options = [
        OptionSpec("paths", .list(.string), default: [], doc: "Inputs."),
        OptionSpec("concurrency", .int(min: 1), default: 8, doc: "Requests at once."),
    ]
    init(options: StageOptions, context: StageSetup) throws {
        if options.strings("paths").contains("reject") { throw options.invalid("paths", "cannot read 'reject'") }
    }
    func run(into output: SourceOutput, context: StageContext) async throws {}
}

private struct FakeSegment: TransformStage {
    static let name = "segment"
    static let summary = "Fake transform."
    static let options = [
        OptionSpec("levels", .list(.choice(["section", "paragraph", "sentence", "clause"])), default: ["section"], doc: "Levels."),
        OptionSpec("min_chars", .int(min: 0), default: 0, doc: "Shortest segment."),
    ]
    init(options: StageOptions, context: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

private struct FakeClassify: TransformStage {
    static let name = "classify"
    static let summary = "Fake transform with a required option."
    static let options = [
        OptionSpec("taxonomy", .path, required: true, doc: "Taxonomy file."),
        OptionSpec("top", .int(min: 1), default: 3, doc: "Labels per unit."),
    ]
    init(options: StageOptions, context: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
}

private struct FakeArchive: SinkStage {
    static let name = "archive"
    static let summary = "Fake sink."
    static let options = [
        OptionSpec("path", .path, required: true, doc: "Bundle path."),
        OptionSpec("level", .int(min: 0, max: 9), default: 6, doc: "Compression level."),
        OptionSpec("include_raw", .bool, default: true, doc: "Raw bytes."),
        OptionSpec("timeout", .duration, doc: "A stage option named like a runner key."),
    ]
    init(options: StageOptions, context: StageSetup) throws {}
    func consume(_ document: Document, context: StageContext) async throws {}
}

let testRegistry: StageRegistry = {
    var registry = StageRegistry()
    try! registry.register(FakeFetch.self)
    try! registry.register(FakeSegment.self)
    try! registry.register(FakeClassify.self)
    try! registry.register(FakeArchive.self)
    return registry
}()

private func diagnostics(_ text: String, environment: [String: String] = [:], overrides: [String: String] = [:]) -> [String] {
    let loader = PipelineLoader(registry: testRegistry, overrides: overrides, environment: environment)
    do {
        _ = try loader.load(text: text, file: "p.yaml", directory: "/work/pipelines")
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

@Suite("Pipeline validation")
struct PipelineValidationTests {
    @Test("a valid pipeline loads with defaults, resolved paths and runner settings")
    func valid() throws {
        let text = """
            docpipe: 1
            name: demo
            vars: {corpus: ../examples/corpus}
            stages:
              - use: fetch
                with: {paths: ["${corpus}/**/*.html"]}
              - use: segment
                concurrency: 2
                ordered: false
                on_error: skip
                timeout: 1500ms
              - use: archive
                with: {path: "${out:-../out}/run.tar.gz", timeout: 10s}
            """
        let pipeline = try PipelineLoader(registry: testRegistry).load(text: text, file: "p.yaml", directory: "/work/pipelines")
        #expect(pipeline.info.name == "demo")
        #expect(pipeline.stages.map(\.id) == ["fetch", "segment", "archive"])
        #expect(pipeline.stages[0].options.strings("paths") == ["../examples/corpus/**/*.html"])
        #expect(pipeline.stages[0].options.int("concurrency") == 8)
        #expect(pipeline.stages[1].concurrency == 2)
        #expect(pipeline.stages[1].ordered == false)
        #expect(pipeline.stages[1].onError == .skip)
        #expect(pipeline.stages[1].timeout == .milliseconds(1500))
        #expect(pipeline.stages[1].options.strings("levels") == ["section"])
        #expect(pipeline.stages[2].options.string("path") == "/work/out/run.tar.gz")
        #expect(pipeline.stages[2].options.string("timeout") == "10s")
        #expect(pipeline.stages[2].timeout == nil)
    }

    @Test("variables: --var beats the environment, which beats vars:; $$ is a literal $")
    func variableLookup() throws {
        let text = """
            docpipe: 1
            vars: {a: from-vars, b: from-vars, c: from-vars}
            stages:
              - use: fetch
                with: {paths: ["${a}", "${b}", "${c}", "$$HOME", "${d:-fallback}"]}
            """
        let loader = PipelineLoader(
            registry: testRegistry, overrides: ["a": "from-cli"], environment: ["a": "from-env", "b": "from-env"])
        let pipeline = try loader.load(text: text, file: "p.yaml", directory: "/")
        #expect(pipeline.stages[0].options.strings("paths") == ["from-cli", "from-env", "from-vars", "$HOME", "fallback"])
    }

    @Test(
        "broken files give exact diagnostics",
        arguments: [
            (
                "docpipe: 1\nstages:\n  - use: segmnt\n",
                ["p.yaml:3:10: error: unknown stage 'segmnt'; did you mean 'segment'?"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    with: {pathz: [a]}\n",
                ["p.yaml:4:12: error: unknown option 'pathz' for stage 'fetch'; did you mean 'paths'?"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    with: {concurrency: many}\n",
                ["p.yaml:4:25: error: option 'concurrency' of stage 'fetch': expected an integer ≥ 1, found 'many'"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    with: {paths: {a: 1}}\n",
                ["p.yaml:4:19: error: option 'paths' of stage 'fetch': expected a string, found a mapping"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    with: {paths: [\"${corpus}/x\"]}\n",
                [
                    "p.yaml:4:21: error: option 'paths' of stage 'fetch': variable 'corpus' is not set; pass --var corpus=VALUE, set it in the environment or under 'vars:'"
                ]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    with: {paths: [\"${corpus:?give the corpus folder}\"]}\n",
                ["p.yaml:4:21: error: option 'paths' of stage 'fetch': variable 'corpus' is not set: give the corpus folder"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: segment\n  - use: segment\n",
                [
                    "p.yaml:5:10: error: two stages have the id 'segment' (also at line 4); give them distinct ids with 'id:'"
                ]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: segment\n    id: x\n  - use: classify\n    id: x\n    with: {taxonomy: t.yaml}\n",
                ["p.yaml:7:9: error: duplicate stage id 'x' (first at line 5)"]
            ),
            (
                "docpipe: 1\nstages: []\n",
                ["p.yaml:2:9: error: the stage list is empty; add a source such as 'use: fetch'"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: segment\n",
                [
                    "p.yaml:3:10: error: the first stage must be a source that produces documents (e.g. 'use: fetch'); 'segment' is a transform"
                ]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: classify\n",
                [
                    "p.yaml:4:10: error: stage 'classify' needs option 'taxonomy' under 'with:' (Taxonomy file.)"
                ]
            ),
            (
                "docpipe: 2\nstages:\n  - use: fetch\n",
                ["p.yaml:1:10: error: unsupported format version '2'; this docpipe reads 'docpipe: 1'"]
            ),
            (
                "name: x\nstages:\n  - use: fetch\n",
                ["p.yaml:1:1: error: missing 'docpipe: 1' (the format version)"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    with: {paths: [reject]}\n",
                ["p.yaml:4:19: error: stage 'fetch': cannot read 'reject'"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: archive\n    with: {path: out.tgz, level: 12}\n",
                ["p.yaml:5:34: error: option 'level' of stage 'archive': expected an integer 0–9, found 12"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: segment\n    on_error: ignore\n",
                [
                    "p.yaml:5:15: error: 'on_error': expected one of 'fail', 'skip', 'quarantine', found 'ignore'"
                ]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: segment\n    with: {levels: [sentense]}\n",
                [
                    "p.yaml:5:21: error: option 'levels' of stage 'segment': expected one of 'section', 'paragraph', 'sentence', 'clause', found 'sentense'; did you mean 'sentence'?"
                ]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n  - use: archive\n    concurrency: 2\n    with: {path: x}\n",
                ["p.yaml:5:18: error: 'concurrency' applies to transform stages; 'archive' is a sink"]
            ),
            (
                "docpipe: 1\nstages:\n  - use: fetch\n    restarts: 2\n",
                [
                    "p.yaml:4:15: error: 'restarts' applies to stages that run a process (exec and plugin stages); 'fetch' does not"
                ]
            ),
            (
                "docpipe: 1\nstages:\n\t- use: fetch\n",
                ["p.yaml:3:1: error: found character that cannot start any token (while scanning for the next token)"]
            ),
            (
                "- just\n- a list\n",
                ["p.yaml:1:1: error: a pipeline file must be a mapping with 'docpipe: 1' and 'stages:', found a list"]
            ),
        ])
    func brokenFiles(text: String, expected: [String]) {
        #expect(diagnostics(text) == expected)
    }

    @Test("every error in one file is reported at once, in file order")
    func severalErrors() {
        let text = """
            docpipe: 1
            nmae: typo
            stages:
              - use: fetch
                with: {paths: ["${corpus}"], concurrency: 0}
              - use: segmnt
                with: {levels: [x], other: "${missing}"}
              - use: classify
                with: {top: 0}
              - use: archive
                timout: 5s
                with: {path: "out.tgz", level: high}
            """
        #expect(
            diagnostics(text) == [
                "p.yaml:2:1: error: unknown top-level key 'nmae'; did you mean 'name'?",
                "p.yaml:5:21: error: option 'paths' of stage 'fetch': variable 'corpus' is not set; pass --var corpus=VALUE, set it in the environment or under 'vars:'",
                "p.yaml:5:47: error: option 'concurrency' of stage 'fetch': expected an integer ≥ 1, found 0",
                "p.yaml:6:10: error: unknown stage 'segmnt'; did you mean 'segment'?",
                "p.yaml:7:33: error: variable 'missing' is not set; pass --var missing=VALUE, set it in the environment or under 'vars:'",
                "p.yaml:8:10: error: stage 'classify' needs option 'taxonomy' under 'with:' (Taxonomy file.)",
                "p.yaml:9:17: error: option 'top' of stage 'classify': expected an integer ≥ 1, found 0",
                "p.yaml:11:5: error: unknown stage key 'timout' (stage options go under 'with:'); did you mean 'timeout'?",
                "p.yaml:12:36: error: option 'level' of stage 'archive': expected an integer 0–9, found 'high'",
            ])
    }

    @Test("the rendered form shows the source line and a caret under the column, wide characters counted twice")
    func rendering() {
        let text = "docpipe: 1\nname: 中文\nstages:\n  - {use: fetch, with: {路径: x}}\n"
        let loader = PipelineLoader(registry: testRegistry)
        #expect {
            _ = try loader.load(text: text, file: "p.yaml", directory: "/")
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            return error.rendered() == """
                p.yaml:4:25: error: unknown option '路径' for stage 'fetch'
                  - {use: fetch, with: {路径: x}}
                                        ^
                1 error
                """
        }
    }

    @Test("a file that does not exist is one positioned error")
    func missingFile() {
        #expect(throws: PipelineError.self) {
            try PipelineLoader(registry: testRegistry).load(path: "/nonexistent/pipeline.yaml")
        }
    }
}
