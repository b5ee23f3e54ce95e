import Synchronization

/// Live counters of one stage, updated by its workers and read by the progress display.
public final class StageStatistics: Sendable {
    public let id: String
    public let use: String
    public let role: StageRole
    let received = Atomic<Int>(0)
    let emitted = Atomic<Int>(0)
    let skipped = Atomic<Int>(0)
    let quarantined = Atomic<Int>(0)
    let busyNanoseconds = Atomic<Int>(0)
    private let latencies = Mutex(LatencyHistogram())

    init(id: String, use: String, role: StageRole) {
        self.id = id
        self.use = use
        self.role = role
    }

    func add(received: Int = 0, emitted: Int = 0, skipped: Int = 0, quarantined: Int = 0) {
        if received != 0 { self.received.add(received, ordering: .relaxed) }
        if emitted != 0 { self.emitted.add(emitted, ordering: .relaxed) }
        if skipped != 0 { self.skipped.add(skipped, ordering: .relaxed) }
        if quarantined != 0 { self.quarantined.add(quarantined, ordering: .relaxed) }
    }

    func merge(_ histogram: LatencyHistogram, busy: Int) {
        busyNanoseconds.add(busy, ordering: .relaxed)
        latencies.withLock { $0.merge(histogram) }
    }

    /// The counts now.
    public func snapshot() -> StageReport {
        let histogram = latencies.withLock { $0 }
        return StageReport(
            id: id, use: use, role: role, in: received.load(ordering: .relaxed), out: emitted.load(ordering: .relaxed),
            skipped: skipped.load(ordering: .relaxed), quarantined: quarantined.load(ordering: .relaxed),
            p50Milliseconds: histogram.quantile(0.5).map { $0 / 1e6 },
            p95Milliseconds: histogram.quantile(0.95).map { $0 / 1e6 },
            busySeconds: Double(busyNanoseconds.load(ordering: .relaxed)) / 1e9)
    }
}

/// Live counters of a whole run.
public final class RunStatistics: Sendable {
    public let stages: [StageStatistics]
    /// Documents that came out of the last stage.
    let finished = Atomic<Int>(0)
    let started: ContinuousClock.Instant

    init(stages: [StageStatistics]) {
        self.stages = stages
        self.started = .now
    }

    /// Documents that came out of the last stage so far.
    public var documentsDone: Int { finished.load(ordering: .relaxed) }

    /// Time since the run started.
    public var elapsed: Duration { ContinuousClock.now - started }

    /// Every stage's counts now.
    public func snapshot() -> [StageReport] { stages.map { $0.snapshot() } }
}
