import Logging

/// Runs one non-source stage over its input channel: a transform with its workers, ordering
/// and error policy, or a sink that consumes and passes items on.
struct StageExecutor: Sendable {
    let stage: PipelineStage
    let statistics: StageStatistics
    let context: StageContext
    let batchSize: Int
    let batchBytes: Int

    func run(input: BoundedChannel<[PipelineItem]>, output: BoundedChannel<[PipelineItem]>) async throws {
        switch stage.instance {
        case .transform(let transform):
            do {
                try await runTransform(transform, input: input, output: output)
                try await transform.finish(context: context)
            } catch {
                await transform.abort(context: context)
                throw error
            }
        case .sink(let sink):
            while let batch = await input.receive() {
                try await consume(batch, with: sink)
                try await output.send(batch)
            }
        case .source:
            preconditionFailure("a source stage is run by the runner, not a stage executor")
        }
        output.finish()
    }

    private func runTransform(
        _ transform: any TransformStage, input: BoundedChannel<[PipelineItem]>, output: BoundedChannel<[PipelineItem]>
    ) async throws {
        if stage.concurrency <= 1 {
            while let batch = await input.receive() {
                let out = try await process(consume batch, with: transform)
                if !out.isEmpty { try await output.send(out) }
            }
        } else if stage.ordered {
            try await runOrdered(transform, input: input, output: output)
        } else {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<stage.concurrency {
                    group.addTask {
                        while let batch = await input.receive() {
                            for unit in split(consume batch) {
                                let out = try await process(consume unit, with: transform)
                                if !out.isEmpty { try await output.send(out) }
                            }
                        }
                    }
                }
                while try await group.next() != nil {}
            }
        }
    }

    /// Workers process units concurrently; an emitter passes their output on in input order.
    private func runOrdered(
        _ transform: any TransformStage, input: BoundedChannel<[PipelineItem]>, output: BoundedChannel<[PipelineItem]>
    ) async throws {
        typealias Slot = OneShot<[PipelineItem]>
        let workers = stage.concurrency
        let work = BoundedChannel<(unit: [PipelineItem], slot: Slot)>(capacity: workers)
        let slots = BoundedChannel<Slot>(capacity: workers * 4)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    while let batch = await input.receive() {
                        for unit in split(consume batch) {
                            let slot = Slot()
                            try await slots.send(slot)
                            try await work.send((unit, slot))
                        }
                    }
                    slots.finish()
                    work.finish()
                } catch {
                    slots.cancel()
                    work.cancel()
                    throw error
                }
            }
            for _ in 0..<workers {
                group.addTask {
                    while let (unit, slot) = await work.receive() {
                        do {
                            slot.fulfill(try await process(consume unit, with: transform))
                        } catch {
                            slot.close()
                            throw error
                        }
                    }
                }
            }
            group.addTask {
                var pending: [PipelineItem] = []
                var pendingBytes = 0
                while let slot = await slots.receive() {
                    let out = await withTaskCancellationHandler { await slot.value() } onCancel: { slot.close() }
                    guard let out else { throw ChannelCancelled() }
                    for item in out { pendingBytes += item.approximateBytes }
                    pending.append(contentsOf: out)
                    // Re-batch small units, but never hold output back while the next is not ready.
                    if pending.count >= batchSize || pendingBytes >= batchBytes || !(slots.peek()?.isReady ?? false) {
                        if !pending.isEmpty { try await output.send(pending) }
                        pending = []
                        pendingBytes = 0
                    }
                }
                if !pending.isEmpty { try await output.send(pending) }
            }
            while try await group.next() != nil {}
        }
    }

    /// Splits a batch so every worker gets a share (units of at least one document). Items are
    /// moved, not copied, so a stage that returns its input can extend it in place.
    private func split(_ batch: consuming [PipelineItem]) -> [[PipelineItem]] {
        var items = batch
        let size = max(1, (items.count + 2 * stage.concurrency - 1) / (2 * stage.concurrency))
        guard items.count > size else { return [items] }
        var units: [[PipelineItem]] = []
        units.reserveCapacity((items.count + size - 1) / size)
        items.reverse()
        while !items.isEmpty {
            var unit: [PipelineItem] = []
            unit.reserveCapacity(size)
            for _ in 0..<min(size, items.count) { unit.append(items.removeLast()) }
            units.append(unit)
        }
        return units
    }

    private func process(_ batch: consuming [PipelineItem], with transform: any TransformStage) async throws -> [PipelineItem] {
        var items = batch
        if let batched = transform as? any BatchTransformStage { return try await process(items, batched: batched) }
        items.reverse()
        var out: [PipelineItem] = []
        out.reserveCapacity(items.count)
        var histogram = LatencyHistogram()
        var received = 0
        var emitted = 0
        var skipped = 0
        var quarantined = 0
        var busy = 0
        defer {
            statistics.add(received: received, emitted: emitted, skipped: skipped, quarantined: quarantined)
            statistics.merge(histogram, busy: busy)
        }
        while let item = items.popLast() {
            // Held in an optional so it can be let go as soon as the stage has answered: a
            // returned document that is not shared any more gets its lineage entry in place.
            var input: Document?
            switch consume item {
            case .document(let value): input = value
            case .quarantined(let record):
                out.append(.quarantined(record))
                continue
            }
            received += 1
            let started = ContinuousClock.now
            do {
                var results = try await invoke(transform, on: input!)
                input = nil
                let elapsed = Self.nanoseconds(ContinuousClock.now - started)
                histogram.record(nanoseconds: elapsed)
                busy += elapsed
                let entry = LineageEntry(
                    stage: stage.descriptor.name, id: stage.id, version: stage.descriptor.version, micros: elapsed / 1000)
                for index in results.indices { results[index].lineage.append(entry) }
                emitted += results.count
                results.reverse()
                while let result = results.popLast() { out.append(.document(result)) }
            } catch let error where Self.isFatal(error) {
                throw error
            } catch {
                let elapsed = Self.nanoseconds(ContinuousClock.now - started)
                histogram.record(nanoseconds: elapsed)
                busy += elapsed
                try applyPolicy(to: input!, failedWith: error, skipped: &skipped, quarantined: &quarantined, out: &out)
            }
        }
        return out
    }

    /// A unit through a ``BatchTransformStage``: one call for all its documents; the stage keeps
    /// its own per-document time limit, so the runner adds none.
    private func process(_ batch: consuming [PipelineItem], batched transform: any BatchTransformStage) async throws
        -> [PipelineItem]
    {
        var items = batch
        var documents: [Document] = []
        documents.reserveCapacity(items.count)
        for index in items.indices {
            if case .document(let document) = items[index] { documents.append(document) }
        }
        var outcomes: [TransformOutcome] = []
        if !documents.isEmpty {
            let started = ContinuousClock.now
            do {
                outcomes = try await transform.process(batch: documents, context: context)
            } catch let error where Self.isFatal(error) {
                throw error
            } catch {
                let share = (ContinuousClock.now - started) / documents.count
                outcomes = documents.map { _ in TransformOutcome(.failure(error), elapsed: share) }
            }
            guard outcomes.count == documents.count else {
                throw RunFailure(
                    stageID: stage.id,
                    message: "the stage returned \(outcomes.count) outcomes for a batch of \(documents.count) documents")
            }
        }
        var out: [PipelineItem] = []
        out.reserveCapacity(items.count)
        var histogram = LatencyHistogram()
        var received = 0
        var emitted = 0
        var skipped = 0
        var quarantined = 0
        var busy = 0
        defer {
            statistics.add(received: received, emitted: emitted, skipped: skipped, quarantined: quarantined)
            statistics.merge(histogram, busy: busy)
        }
        items.reverse()
        outcomes.reverse()
        documents.reverse()
        while let item = items.popLast() {
            guard case .document = item else {
                out.append(item)
                continue
            }
            let document = documents.removeLast()
            let outcome = outcomes.removeLast()
            received += 1
            let elapsed = Self.nanoseconds(outcome.elapsed)
            histogram.record(nanoseconds: elapsed)
            busy += elapsed
            switch outcome.result {
            case .success(var results):
                let entry = LineageEntry(
                    stage: stage.descriptor.name, id: stage.id, version: stage.descriptor.version, micros: elapsed / 1000)
                for index in results.indices { results[index].lineage.append(entry) }
                emitted += results.count
                for result in results { out.append(.document(result)) }
            case .failure(let error):
                try applyPolicy(to: document, failedWith: error, skipped: &skipped, quarantined: &quarantined, out: &out)
            }
        }
        return out
    }

    /// Applies the stage's `on_error` policy to a document it failed on: abort, count, or
    /// quarantine it with the stage id and the error.
    private func applyPolicy(
        to document: Document, failedWith error: any Error, skipped: inout Int, quarantined: inout Int,
        out: inout [PipelineItem]
    ) throws {
        let message = String(describing: error)
        switch stage.onError {
        case .fail:
            throw RunFailure(stageID: stage.id, documentID: document.id, uri: document.source.uri, message: message)
        case .skip:
            skipped += 1
            context.logger.debug("skipped \(document.id): \(message)")
        case .quarantine:
            quarantined += 1
            context.logger.debug("quarantined \(document.id): \(message)")
            out.append(.quarantined(QuarantineRecord(stageID: stage.id, error: message, document: document)))
        }
    }

    /// Errors that stop the stage instead of costing one document: cancellation, and a stage's
    /// ``RunFailure`` (e.g. an exec stage whose process broke more often than `restarts` allows).
    private static func isFatal(_ error: any Error) -> Bool {
        error is CancellationError || error is ChannelCancelled || error is RunFailure
    }

    private func invoke(_ transform: any TransformStage, on document: Document) async throws -> [Document] {
        guard let timeout = stage.timeout else { return try await transform.process(document, context: context) }
        return try await withThrowingTaskGroup(of: [Document]?.self) { group in
            group.addTask { try await transform.process(document, context: context) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else {
                throw DocumentError("timed out after \(DurationParser.format(timeout))")
            }
            return first
        }
    }

    private func consume(_ batch: [PipelineItem], with sink: any SinkStage) async throws {
        var histogram = LatencyHistogram()
        var received = 0
        var emitted = 0
        var busy = 0
        defer {
            statistics.add(received: received, emitted: emitted)
            statistics.merge(histogram, busy: busy)
        }
        for item in batch {
            let started = ContinuousClock.now
            switch item {
            case .document(let document):
                received += 1
                do {
                    try await sink.consume(document, context: context)
                } catch let error where error is CancellationError {
                    throw error
                } catch {
                    throw RunFailure(stageID: stage.id, documentID: document.id, uri: document.source.uri, message: "\(error)")
                }
                emitted += 1
                let elapsed = Self.nanoseconds(ContinuousClock.now - started)
                histogram.record(nanoseconds: elapsed)
                busy += elapsed
            case .quarantined(let record):
                try await sink.consume(record, context: context)
            }
        }
    }

    static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
    }
}
