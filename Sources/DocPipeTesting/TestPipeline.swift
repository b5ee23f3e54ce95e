public import DocPipe

/// Pipelines assembled in code from stage values, for testing stages and the runner together.
///
/// ```swift
/// let pipeline = TestPipeline(documents: docs).then("upper", Upper()).pipeline
/// let report = try await Runner(pipeline: pipeline).run()
/// ```
public struct TestPipeline: Sendable {
    public private(set) var pipeline: Pipeline

    /// A pipeline whose source emits `documents` in order.
    public init(documents: [Document]) {
        self.init(source: ListSource(documents: documents))
    }

    /// A pipeline starting with `source`.
    public init(source: any SourceStage, id: String = "source") {
        pipeline = Pipeline(
            info: PipelineInfo(name: "test", path: nil, directory: FileSystem.currentDirectory, sourceText: ""),
            stages: [Self.stage(id: id, role: .source, instance: .source(source))])
    }

    /// Appends a transform with runner settings.
    public func then(
        _ id: String, _ transform: any TransformStage, concurrency: Int = 1, ordered: Bool = true,
        onError: ErrorPolicy = .quarantine, timeout: Duration? = nil
    ) -> TestPipeline {
        var copy = self
        var stage = Self.stage(id: id, role: .transform, instance: .transform(transform))
        stage.concurrency = concurrency
        stage.ordered = ordered
        stage.onError = onError
        stage.timeout = timeout
        copy.pipeline.stages.append(stage)
        return copy
    }

    /// Appends a sink.
    public func then(_ id: String, sink: any SinkStage) -> TestPipeline {
        var copy = self
        copy.pipeline.stages.append(Self.stage(id: id, role: .sink, instance: .sink(sink)))
        return copy
    }

    private static func stage(id: String, role: StageRole, instance: StageInstance) -> PipelineStage {
        PipelineStage(
            id: id,
            descriptor: StageDescriptor(name: id, summary: "", version: "test", role: role, options: []) { _, _ in instance },
            options: StageOptions(), instance: instance)
    }
}

/// A source that emits a fixed list of documents.
public struct ListSource: SourceStage {
    public static let name = "list"
    public static let summary = "Emits a fixed list of documents."
    let documents: [Document]

    public init(documents: [Document]) { self.documents = documents }
    public init(options: StageOptions, context: StageSetup) throws { documents = [] }

    public func run(into output: SourceOutput, context: StageContext) async throws {
        for document in documents { try await output.emit(document) }
    }
}
