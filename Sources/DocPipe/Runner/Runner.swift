import Synchronization

/// Streams documents from a pipeline's source through its stages.
///
/// Stages run concurrently, connected by bounded channels, so a corpus of any size runs in
/// bounded memory. Transforms with `concurrency` > 1 process several documents at once and
/// keep input order unless `ordered: false`. A failing document is handled by its stage's
/// `on_error` policy; `fail` aborts the run. Cancelling the task that runs ``run()`` abandons
/// in-flight work, lets sinks remove partial output, and throws `CancellationError`.
public final class Runner: Sendable {
    public let pipeline: Pipeline
    public let options: RunOptions
    /// Live counters, for a progress display.
    public let statistics: RunStatistics
    /// The run's id, start time and stages.
    public let info: RunInfo

    public init(pipeline: Pipeline, options: RunOptions = RunOptions()) {
        self.pipeline = pipeline
        self.options = options
        self.statistics = RunStatistics(
            stages: pipeline.stages.map { StageStatistics(id: $0.id, use: $0.descriptor.name, role: $0.descriptor.role) })
        let started = options.sourceDateEpoch ?? Timestamp.now()
        let suffix: String
        if options.sourceDateEpoch != nil {
            suffix = String(SHA256.hexDigest(of: pipeline.info.sourceText.utf8).prefix(6))
        } else {
            suffix = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16).leftPadded(to: 6)
        }
        self.info = RunInfo(
            id: Timestamp.compact(seconds: started) + "-" + suffix, startedAt: started,
            isReproducible: options.sourceDateEpoch != nil, pipeline: pipeline.info,
            stages: pipeline.stages.map(\.summary))
    }

    /// Runs the pipeline to the end and returns what happened.
    /// - Throws: ``RunFailure`` when a stage with `on_error: fail` fails or a sink cannot write;
    ///   `CancellationError` when interrupted; a source's own error when it cannot start.
    public func run() async throws -> RunReport {
        let stages = pipeline.stages
        guard let first = stages.first, case .source(let source) = first.instance else {
            throw RunFailure(stageID: stages.first?.id ?? "?", message: "the first stage must be a source")
        }
        let channels = stages.map { _ in BoundedChannel<[PipelineItem]>(capacity: options.channelCapacity) }
        let contexts = stages.map {
            StageContext(
                stageID: $0.id, run: info, logger: options.logger.with(stage: $0.id), timeout: $0.timeout,
                concurrency: $0.concurrency, restarts: $0.restarts)
        }
        let firstFailure = Mutex<(any Error)?>(nil)
        var tally = OutputTally()
        let abortAll: @Sendable (any Error) -> Void = { error in
            if !(error is ChannelCancelled) && !(error is CancellationError) {
                firstFailure.withLock { if $0 == nil { $0 = error } }
            }
            for channel in channels { channel.cancel() }
        }

        do {
            try await withTaskCancellationHandler {
                tally = try await withThrowingTaskGroup(of: OutputTally?.self) { group in
                    group.addTask {
                        do {
                            let output = SourceOutput(
                                channel: channels[0], statistics: self.statistics.stages[0], stage: first,
                                batchSize: self.options.batchSize, batchBytes: self.options.batchBytes,
                                shard: self.options.shard, stageCount: stages.count)
                            try await source.run(into: output, context: contexts[0])
                            try await output.flush()
                            channels[0].finish()
                            return nil
                        } catch {
                            abortAll(error)
                            throw error
                        }
                    }
                    for index in stages.indices.dropFirst() {
                        let executor = StageExecutor(
                            stage: stages[index], statistics: statistics.stages[index], context: contexts[index],
                            batchSize: options.batchSize, batchBytes: options.batchBytes)
                        group.addTask {
                            do {
                                try await executor.run(input: channels[index - 1], output: channels[index])
                                return nil
                            } catch {
                                abortAll(error)
                                throw error
                            }
                        }
                    }
                    group.addTask {
                        var tally = OutputTally()
                        while let batch = await channels[channels.count - 1].receive() {
                            self.statistics.finished.add(tally.add(batch), ordering: .relaxed)
                        }
                        return tally
                    }
                    var result = OutputTally()
                    for try await case let tally? in group { result = tally }
                    return result
                }
            } onCancel: {
                for channel in channels { channel.cancel() }
            }
        } catch {
            await abortSinks(contexts)
            if let failure = firstFailure.withLock({ $0 }) { throw failure }
            if Task.isCancelled || error is ChannelCancelled { throw CancellationError() }
            throw error
        }
        if Task.isCancelled {
            await abortSinks(contexts)
            throw CancellationError()
        }

        var report = makeReport(tally: tally)
        for (index, stage) in stages.enumerated() {
            guard case .sink(let sink) = stage.instance else { continue }
            do {
                if let message = try await sink.finish(report, context: contexts[index]) { report.messages.append(message) }
            } catch {
                await abortSinks(contexts)
                throw RunFailure(stageID: stage.id, message: "\(error)")
            }
        }
        return report
    }

    private func abortSinks(_ contexts: [StageContext]) async {
        for (index, stage) in pipeline.stages.enumerated() {
            if case .sink(let sink) = stage.instance { await sink.abort(context: contexts[index]) }
        }
    }

    private func makeReport(tally: OutputTally) -> RunReport {
        let stageReports = statistics.snapshot()
        return RunReport(
            run: info, stages: stageReports, documents: tally.documents,
            skipped: stageReports.reduce(0) { $0 + $1.skipped },
            quarantined: stageReports.reduce(0) { $0 + $1.quarantined },
            themes: tally.themeCounts, documentSummaries: tally.summaries,
            elapsedSeconds: Double(StageExecutor.nanoseconds(statistics.elapsed)) / 1e9, messages: [])
    }
}

/// Counts what comes out of the last stage: documents, themes per document and per section,
/// and the first few documents for the summary.
private struct OutputTally {
    var documents = 0
    var themeDocuments: [String: Int] = [:]
    var themeSections: [String: Int] = [:]
    var summaries: [DocumentSummary] = []

    mutating func add(_ batch: [PipelineItem]) -> Int {
        var count = 0
        for case .document(let document) in batch {
            count += 1
            record(document)
        }
        documents += count
        return count
    }

    private mutating func record(_ document: Document) {
        let documentLabels = document.labels.filter { $0.segment == nil }.sorted { $0.score > $1.score }
        for theme in Set(documentLabels.map(\.theme)) { themeDocuments[theme, default: 0] += 1 }
        if document.labels.contains(where: { $0.segment != nil }) {
            // A label on a paragraph or sentence counts for the section that holds it.
            let segments = Dictionary(document.segments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<String>()
            for label in document.labels {
                var current = label.segment.flatMap { segments[$0] }
                while let segment = current, segment.kind != .section { current = segment.parent.flatMap { segments[$0] } }
                guard let section = current, seen.insert(label.theme + "\u{0}" + section.id).inserted else { continue }
                themeSections[label.theme, default: 0] += 1
            }
        }
        if summaries.count < RunReport.documentSummaryLimit {
            summaries.append(
                DocumentSummary(
                    id: document.id, title: document.title, published: document.metadata["published"]?.stringValue,
                    docNumber: document.metadata["doc_number"]?.stringValue, themes: documentLabels.map(\.theme)))
        }
    }

    var themeCounts: [ThemeCount] {
        Set(themeDocuments.keys).union(themeSections.keys).sorted().map {
            ThemeCount(theme: $0, documents: themeDocuments[$0] ?? 0, sections: themeSections[$0] ?? 0)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
