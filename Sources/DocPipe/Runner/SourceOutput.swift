import Synchronization

/// Where a source stage puts what it produces. Safe to use from concurrent tasks.
///
/// Documents are passed downstream in batches (amortizing the hand-off between tasks); a batch
/// leaves when it holds `batchSize` documents or `batchBytes` bytes, when it has waited
/// ``maximumBatchDelay``, or on ``flush()``.
public final class SourceOutput: Sendable {
    private struct Pending {
        var items: [PipelineItem] = []
        var bytes = 0
        var since: ContinuousClock.Instant = .now
    }

    /// The longest a document waits for its batch to fill.
    public static let maximumBatchDelay: Duration = .milliseconds(20)

    private let channel: BoundedChannel<[PipelineItem]>
    private let statistics: StageStatistics
    private let stage: PipelineStage
    private let batchSize: Int
    private let batchBytes: Int
    private let shard: Shard?
    private let lineageCapacity: Int
    private let pending = Mutex(Pending())

    init(
        channel: BoundedChannel<[PipelineItem]>, statistics: StageStatistics, stage: PipelineStage, batchSize: Int,
        batchBytes: Int, shard: Shard?, stageCount: Int
    ) {
        self.channel = channel
        self.lineageCapacity = stageCount
        self.statistics = statistics
        self.stage = stage
        self.batchSize = batchSize
        self.batchBytes = batchBytes
        self.shard = shard
    }

    /// Passes `document` downstream (unless it belongs to another shard).
    /// - Parameter micros: how long producing it took, for its lineage entry.
    public func emit(_ document: consuming Document, micros: Int? = nil) async throws {
        var document = document
        guard shard?.contains(document.id) ?? true else { return }
        document.lineage.reserveCapacity(lineageCapacity)
        document.lineage.append(
            LineageEntry(stage: stage.descriptor.name, id: stage.id, version: stage.descriptor.version, micros: micros))
        statistics.add(received: 1, emitted: 1)
        if let micros {
            var histogram = LatencyHistogram()
            histogram.record(nanoseconds: micros * 1000)
            statistics.merge(histogram, busy: micros * 1000)
        }
        try await append(.document(document))
    }

    /// Records an input the source could not produce (a 404, a refusal, an unreadable file),
    /// applying the stage's `on_error` policy.
    public func fail(uri: String, reason: String) async throws {
        let document = Document(uri: uri)
        guard shard?.contains(document.id) ?? true else { return }
        switch stage.onError {
        case .fail:
            statistics.add(received: 1)
            throw RunFailure(stageID: stage.id, documentID: document.id, uri: uri, message: reason)
        case .skip:
            statistics.add(received: 1, skipped: 1)
        case .quarantine:
            statistics.add(received: 1, quarantined: 1)
            try await append(.quarantined(QuarantineRecord(stageID: stage.id, error: reason, document: document)))
        }
    }

    /// Sends the documents waiting in the current batch.
    public func flush() async throws {
        let batch = pending.withLock { pending -> [PipelineItem] in
            defer { pending = Pending() }
            return pending.items
        }
        if !batch.isEmpty { try await channel.send(batch) }
    }

    private func append(_ item: PipelineItem) async throws {
        let ready: [PipelineItem]? = pending.withLock { pending in
            if pending.items.isEmpty { pending.since = .now }
            pending.bytes += item.approximateBytes
            pending.items.append(item)
            guard pending.items.count >= batchSize || pending.bytes >= batchBytes
                || ContinuousClock.now - pending.since >= Self.maximumBatchDelay
            else { return nil }
            defer { pending = Pending() }
            return pending.items
        }
        if let ready { try await channel.send(ready) }
    }
}

/// What flows between stages: documents, and records of documents that failed upstream.
enum PipelineItem: Sendable {
    case document(Document)
    case quarantined(QuarantineRecord)

    /// The bytes the item holds in its text and raw input (what dominates its memory); for
    /// batching by size.
    var approximateBytes: Int {
        switch self {
        case .document(let document): document.text.utf8.count + (document.raw?.count ?? 0)
        case .quarantined(let record): record.document.text.utf8.count + (record.document.raw?.count ?? 0)
        }
    }
}

/// A slice of the corpus: documents whose id hashes to `index` of `count`.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 0 ≤ K < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, index >= 0, index < count
        else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether the document `id` belongs to this shard (a stable hash, the same on every machine).
    public func contains(_ id: String) -> Bool {
        Self.shardIndex(of: id, count: count) == index
    }

    /// The shard of `id` among `count`.
    public static func shardIndex(of id: String, count: Int) -> Int {
        var hasher = SHA256()
        hasher.update(id.utf8)
        let digest = hasher.finalize()
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count))
    }

    public var description: String { "\(index)/\(count)" }
}

/// A stage failed on a document under `on_error: fail`; the run aborts.
public struct RunFailure: Error, Sendable, CustomStringConvertible {
    public var stageID: String
    public var documentID: String?
    public var uri: String?
    public var message: String

    public init(stageID: String, documentID: String? = nil, uri: String? = nil, message: String) {
        self.stageID = stageID
        self.documentID = documentID
        self.uri = uri
        self.message = message
    }

    public var description: String {
        var text = "stage '\(stageID)' failed"
        if let documentID { text += " on document \(documentID)" }
        if let uri { text += " (\(uri))" }
        return text + ": \(message)"
    }
}
