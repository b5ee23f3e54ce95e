public import DocPipe
import Synchronization

/// What a test run produced: the documents that came out of the last stage, the quarantine
/// records, and the run report.
public struct TestRunResult: Sendable {
    public var documents: [Document]
    public var quarantined: [QuarantineRecord]
    public var report: RunReport

    /// The output document with `id`, if any.
    public func document(_ id: String) -> Document? { documents.first { $0.id == id } }
}

extension Pipeline {
    /// Runs the pipeline with a collecting sink appended and returns what came out.
    ///
    /// ```swift
    /// var pipeline = try PipelineLoader(registry: .builtIn).load(path: "pipelines/x.yaml")
    /// let result = try await pipeline.runCollecting()
    /// #expect(result.quarantined.isEmpty)
    /// ```
    public func runCollecting(options: RunOptions = RunOptions()) async throws -> TestRunResult {
        let sink = CollectingSink()
        var pipeline = self
        pipeline.stages.append(
            PipelineStage(
                id: "collect",
                descriptor: StageDescriptor(name: "collect", summary: "", version: "test", role: .sink, options: []) {
                    _, _ in .sink(sink)
                },
                options: StageOptions(), instance: .sink(sink)))
        let report = try await Runner(pipeline: pipeline, options: options).run()
        let (documents, records) = sink.collected
        return TestRunResult(documents: documents, quarantined: records, report: report)
    }
}

extension TestPipeline {
    /// Runs the pipeline and returns what came out (see ``DocPipe/Pipeline/runCollecting(options:)``).
    public func run(options: RunOptions = RunOptions()) async throws -> TestRunResult {
        try await pipeline.runCollecting(options: options)
    }
}

/// A sink that keeps everything it sees, for expectations.
final class CollectingSink: SinkStage {
    static let name = "collect"
    static let summary = "Keeps every document and quarantine record (tests)."
    private let storage = Mutex<(documents: [Document], records: [QuarantineRecord])>(([], []))

    init() {}
    init(options: StageOptions, context: StageSetup) {}

    var collected: ([Document], [QuarantineRecord]) { storage.withLock { ($0.documents, $0.records) } }

    func consume(_ document: Document, context: StageContext) async throws {
        storage.withLock { $0.documents.append(document) }
    }

    func consume(_ record: QuarantineRecord, context: StageContext) async throws {
        storage.withLock { $0.records.append(record) }
    }
}
