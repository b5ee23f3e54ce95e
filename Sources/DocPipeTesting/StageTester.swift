public import DocPipe
import Logging

/// Builds and runs one stage outside a pipeline, for unit tests of stages.
///
/// ```swift
/// let stage = try StageTester.make(SegmentStage.self, options: ["levels": ["sentence"]])
/// let output = try await StageTester.process(stage, [Document.testDocument("一。二。")])
/// ```
public enum StageTester {
    /// Builds `type` from options given as JSON (validated against its declaration like a pipeline's
    /// `with:`), relative paths resolved against `baseDirectory`.
    public static func make<S: Stage>(
        _ type: S.Type, options: JSONObject = JSONObject(), baseDirectory: String = FileSystem.currentDirectory
    ) throws -> S {
        let yaml = JSONWriter().string(.object(options))
        let descriptor = StageDescriptor(
            name: S.name, summary: S.summary, version: S.version, role: .transform, options: S.options
        ) { options, setup in .transform(PassThrough(options: options, context: setup)) }
        var registry = StageRegistry()
        try registry.register(descriptor)
        try registry.register(StageDescriptor(NullSource.self))
        let text = "docpipe: 1\nstages:\n  - use: \(NullSource.name)\n  - use: \(S.name)\n    with: \(yaml)\n"
        let pipeline = try PipelineLoader(registry: registry).load(text: text, file: "<test>", directory: baseDirectory)
        return try S(options: pipeline.stages[1].options, context: setup(for: S.name))
    }

    /// Runs a transform over `documents` in order and returns everything it produced.
    public static func process(_ stage: some TransformStage, _ documents: [Document]) async throws -> [Document] {
        var output: [Document] = []
        let context = self.context(for: type(of: stage).name)
        for document in documents { output.append(contentsOf: try await stage.process(document, context: context)) }
        return output
    }

    /// A stage context for tests.
    public static func context(for stageID: String, reproducibleAt epoch: Int? = nil) -> StageContext {
        StageContext(
            stageID: stageID,
            run: RunInfo(
                id: "19700101T000000Z-000000", startedAt: epoch ?? 0, isReproducible: epoch != nil,
                pipeline: PipelineInfo(name: "test", path: nil, directory: FileSystem.currentDirectory, sourceText: ""),
                stages: []),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func setup(for stageID: String) -> StageSetup {
        StageSetup(
            stageID: stageID,
            pipeline: PipelineInfo(name: "test", path: nil, directory: FileSystem.currentDirectory, sourceText: ""),
            environment: [:], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    private struct PassThrough: TransformStage {
        static let name = "pass-through"
        static let summary = "Options holder."
        init(options: StageOptions, context: StageSetup) {}
        func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
    }

    private struct NullSource: SourceStage {
        static let name = "null-source"
        static let summary = "Produces nothing."
        init(options: StageOptions, context: StageSetup) {}
        func run(into output: SourceOutput, context: StageContext) async throws {}
    }
}
