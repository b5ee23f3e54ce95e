import DocPipe
import DocPipeTesting
import Synchronization
import Testing

/// Collects what reaches a sink, and whether the run finished or aborted.
final class CollectingSink: SinkStage {
    static let name = "collect"
    static let summary = "Collects documents for tests."
    struct State {
        var documents: [Document] = []
        var records: [QuarantineRecord] = []
        var finished: RunReport?
        var aborted = false
    }
    let state = Mutex(State())

    init() {}
    init(options: StageOptions, context: StageSetup) throws {}

    func consume(_ document: Document, context: StageContext) async throws {
        state.withLock { $0.documents.append(document) }
    }
    func consume(_ record: QuarantineRecord, context: StageContext) async throws {
        state.withLock { $0.records.append(record) }
    }
    func finish(_ report: RunReport, context: StageContext) async throws -> String? {
        state.withLock { $0.finished = report }
        return "collected"
    }
    func abort(context: StageContext) async {
        state.withLock { $0.aborted = true }
    }
}

/// Sleeps a pseudo-random time per document (seeded by its number), then appends a mark.
struct JitterStage: TransformStage {
    static let name = "jitter"
    static let summary = "Random delays."
    init() {}
    init(options: StageOptions, context: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        let number = Int(document.text.split(separator: " ").last ?? "0") ?? 0
        try await Task.sleep(for: .microseconds((number * 7919) % 3000))
        var document = document
        document.text += "!"
        return [document]
    }
}

/// Throws on every tenth document.
struct EveryTenthFails: TransformStage {
    static let name = "every-tenth"
    static let summary = "Fails on documents 10, 20, …"
    init() {}
    init(options: StageOptions, context: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        let number = Int(document.text.split(separator: " ").last ?? "0") ?? 0
        if number % 10 == 0 { throw DocumentError("number \(number) is a multiple of ten") }
        return [document]
    }
}

/// Emits each document twice (ids `-1`, `-2`), or none for odd numbers: zero or more outputs.
struct SplitStage: TransformStage {
    static let name = "split"
    static let summary = "Zero or two outputs."
    init() {}
    init(options: StageOptions, context: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        let number = Int(document.text.split(separator: " ").last ?? "0") ?? 0
        guard number % 2 == 0 else { return [] }
        return (1...2).map { part in
            var copy = document
            copy.id = "\(document.id)-\(part)"
            return copy
        }
    }
}

struct SlowStage: TransformStage {
    static let name = "slow"
    static let summary = "Sleeps."
    let delay: Duration
    init(delay: Duration) { self.delay = delay }
    init(options: StageOptions, context: StageSetup) throws { delay = .seconds(1) }
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        try await Task.sleep(for: delay)
        return [document]
    }
}

/// Records the size of every batch it is given (a batch stage at concurrency 1 sees whole batches).
final class BatchSizeRecorder: BatchTransformStage {
    static let name = "batch-sizes"
    static let summary = "Records batch sizes."
    let sizes = Mutex<[Int]>([])
    init() {}
    init(options: StageOptions, context: StageSetup) throws {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] { [document] }
    func process(batch documents: [Document], context: StageContext) async throws -> [TransformOutcome] {
        sizes.withLock { $0.append(documents.count) }
        return documents.map { TransformOutcome(.success([$0]), elapsed: .zero) }
    }
}

/// A source that never ends on its own.
struct EndlessSource: SourceStage {
    static let name = "endless"
    static let summary = "Emits forever."
    init() {}
    init(options: StageOptions, context: StageSetup) throws {}
    func run(into output: SourceOutput, context: StageContext) async throws {
        var number = 0
        while true {
            number += 1
            try await output.emit(Document(uri: "endless:\(number)", text: "doc \(number)"))
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

func numberedDocuments(_ count: Int) -> [Document] {
    (1...count).map { Document(uri: "test:\($0)", text: "doc \($0)") }
}

@Suite("Runner")
struct RunnerTests {
    @Test("output keeps input order under concurrency with random per-document delays", arguments: [2, 4, 8])
    func orderPreserved(concurrency: Int) async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(300))
            .then("jitter", JitterStage(), concurrency: concurrency)
            .then("jitter2", JitterStage(), concurrency: concurrency)
            .then("collect", sink: sink).pipeline
        let report = try await Runner(pipeline: pipeline, options: RunOptions(batchSize: 16)).run()
        let texts = sink.state.withLock { $0.documents.map(\.text) }
        #expect(texts == (1...300).map { "doc \($0)!!" })
        #expect(report.documents == 300)
        #expect(report.messages == ["collected"])
    }

    @Test("ordered: false still delivers every document exactly once")
    func unordered() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(300))
            .then("jitter", JitterStage(), concurrency: 4, ordered: false)
            .then("collect", sink: sink).pipeline
        _ = try await Runner(pipeline: pipeline, options: RunOptions(batchSize: 8)).run()
        let texts = sink.state.withLock { $0.documents.map(\.text) }
        #expect(texts.count == 300)
        #expect(Set(texts) == Set((1...300).map { "doc \($0)!" }))
    }

    @Test("on_error: quarantine keeps the failing input, stage id and error for the sinks")
    func quarantinePolicy() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(100))
            .then("tenth", EveryTenthFails(), concurrency: 2, onError: .quarantine)
            .then("collect", sink: sink).pipeline
        let report = try await Runner(pipeline: pipeline).run()
        let state = sink.state.withLock { $0 }
        #expect(state.documents.count == 90)
        #expect(state.records.count == 10)
        #expect(state.records.map(\.document.text) == (1...10).map { "doc \($0 * 10)" })
        #expect(state.records.allSatisfy { $0.stageID == "tenth" })
        #expect(state.records.first?.error == "number 10 is a multiple of ten")
        let stage = try #require(report.stages.first { $0.id == "tenth" })
        #expect((stage.in, stage.out, stage.quarantined, stage.skipped, stage.failed) == (100, 90, 10, 0, 10))
        #expect(report.hasFailures)
    }

    @Test("on_error: skip drops and counts")
    func skipPolicy() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(100))
            .then("tenth", EveryTenthFails(), onError: .skip)
            .then("collect", sink: sink).pipeline
        let report = try await Runner(pipeline: pipeline).run()
        #expect(sink.state.withLock { ($0.documents.count, $0.records.count) } == (90, 0))
        #expect(report.skipped == 10)
        #expect(report.quarantined == 0)
    }

    @Test("on_error: fail aborts the run and lets sinks remove their output")
    func failPolicy() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(100))
            .then("tenth", EveryTenthFails(), concurrency: 2, onError: .fail)
            .then("collect", sink: sink).pipeline
        await #expect {
            _ = try await Runner(pipeline: pipeline).run()
        } throws: { error in
            // With two workers, any multiple of ten may be the first to fail.
            guard let failure = error as? RunFailure, let uri = failure.uri,
                let number = Int(uri.dropFirst("test:".count))
            else { return false }
            return failure.stageID == "tenth" && number % 10 == 0 && failure.documentID == Document.defaultID(for: uri)
                && failure.message == "number \(number) is a multiple of ten"
        }
        let state = sink.state.withLock { $0 }
        #expect(state.aborted)
        #expect(state.finished == nil)
    }

    @Test("a transform may return zero or many documents; counts and lineage follow")
    func zeroOrMany() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(10))
            .then("split", SplitStage(), concurrency: 2)
            .then("collect", sink: sink).pipeline
        let report = try await Runner(pipeline: pipeline).run()
        let documents = sink.state.withLock { $0.documents }
        #expect(documents.map(\.id) == [2, 4, 6, 8, 10].flatMap { n in (1...2).map { "\(Document.defaultID(for: "test:\(n)"))-\($0)" } })
        #expect(documents.allSatisfy { $0.lineage.map(\.id) == ["source", "split"] })
        #expect(report.stages.map(\.out) == [10, 10, 10])
        #expect(!report.hasFailures)
    }

    @Test("a document that takes longer than the stage timeout is quarantined")
    func timeout() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: numberedDocuments(2))
            .then("slow", SlowStage(delay: .seconds(60)), timeout: .milliseconds(50))
            .then("collect", sink: sink).pipeline
        let clock = ContinuousClock()
        let started = clock.now
        let report = try await Runner(pipeline: pipeline).run()
        // Without the timeout this takes two minutes; the margin absorbs a busy test machine.
        #expect(clock.now - started < .seconds(90))
        #expect(report.quarantined == 2)
        #expect(sink.state.withLock { $0.records.map(\.error) } == ["timed out after 50ms", "timed out after 50ms"])
    }

    @Test("cancelling the run stops it promptly, aborts sinks and throws CancellationError")
    func cancellation() async throws {
        let sink = CollectingSink()
        let pipeline = TestPipeline(source: EndlessSource())
            .then("slow", SlowStage(delay: .milliseconds(5)), concurrency: 2)
            .then("collect", sink: sink).pipeline
        let runner = Runner(pipeline: pipeline)
        let task = Task { try await runner.run() }
        try await Task.sleep(for: .milliseconds(150))
        task.cancel()
        let clock = ContinuousClock()
        let started = clock.now
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(clock.now - started < .seconds(10))
        #expect(sink.state.withLock { $0.aborted })
        #expect(sink.state.withLock { $0.finished == nil })
    }

    @Test("shards split a corpus exactly: every document lands in exactly one of N shards")
    func shards() async throws {
        var seen: [String] = []
        for index in 0..<3 {
            let sink = CollectingSink()
            let pipeline = TestPipeline(documents: numberedDocuments(200)).then("collect", sink: sink).pipeline
            _ = try await Runner(pipeline: pipeline, options: RunOptions(shard: Shard(index: index, count: 3))).run()
            let ids = sink.state.withLock { $0.documents.map(\.id) }
            #expect(!ids.isEmpty)
            seen += ids
        }
        #expect(seen.count == 200)
        #expect(Set(seen) == Set(numberedDocuments(200).map(\.id)))
    }

    @Test("large documents travel in batches bounded by bytes, small ones in full batches")
    func batchesAreBoundedByBytes() async throws {
        let page = String(repeating: "页", count: 100_000)  // 300,000 bytes of UTF-8
        let large = (1...40).map { Document(uri: "test:\($0)", text: page + "\($0)") }
        let afterSource = BatchSizeRecorder()
        let afterWorkers = BatchSizeRecorder()
        let sink = CollectingSink()
        let pipeline = TestPipeline(documents: large)
            .then("first", afterSource)
            .then("jitter", JitterStage(), concurrency: 2)
            .then("second", afterWorkers)
            .then("collect", sink: sink).pipeline
        _ = try await Runner(pipeline: pipeline, options: RunOptions(batchSize: 64, batchBytes: 1 << 20)).run()
        // The fourth 300 KB document passes 1 MiB: no batch holds more than four.
        #expect(afterSource.sizes.withLock { $0.max() } == 4)
        #expect(afterWorkers.sizes.withLock { $0.allSatisfy { $0 <= 4 } })
        #expect(sink.state.withLock { $0.documents.count } == 40)

        let small = BatchSizeRecorder()
        let smallPipeline = TestPipeline(documents: numberedDocuments(200)).then("first", small).pipeline
        _ = try await Runner(pipeline: smallPipeline, options: RunOptions(batchSize: 64, batchBytes: 1 << 20)).run()
        #expect((small.sizes.withLock { $0.max() } ?? 0) > 4)
    }

    @Test("theme counts and document summaries come from the final documents")
    func themeTally() async throws {
        var document = Document(uri: "t:1", text: "一、培训\n内容")
        document.segments = [
            Segment(id: "s1", kind: .section, start: 0, end: 7, heading: "一、培训"),
            Segment(id: "p1", kind: .paragraph, start: 5, end: 7, parent: "s1"),
            Segment(id: "p1.s1", kind: .sentence, start: 5, end: 7, parent: "p1"),
        ]
        document.labels = [
            Label(theme: "training", score: 3, segment: "p1"), Label(theme: "training", score: 2, segment: "p1.s1"),
            Label(theme: "training", score: 3), Label(theme: "exchange", score: 1),
        ]
        document.title = "标题"
        let report = try await Runner(pipeline: TestPipeline(documents: [document]).pipeline).run()
        #expect(report.themes == [ThemeCount(theme: "exchange", documents: 1, sections: 0), ThemeCount(theme: "training", documents: 1, sections: 1)])
        #expect(report.documentSummaries.first?.themes == ["training", "exchange"])
        #expect(report.documentSummaries.first?.title == "标题")
    }
}
