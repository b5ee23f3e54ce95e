public import Logging

/// How to run a pipeline.
public struct RunOptions: Sendable {
    /// Documents handed between stages at once, at most.
    public var batchSize: Int
    /// A batch leaves early once its documents hold this many bytes (text and raw input), so
    /// large pages travel in small batches.
    public var batchBytes: Int
    /// Batches a stage's input may hold: with the batch limits, this bounds memory.
    public var channelCapacity: Int
    /// Keep only the documents of this shard.
    public var shard: Shard?
    /// `SOURCE_DATE_EPOCH`: fixes the run's start time and every time recorded in output.
    public var sourceDateEpoch: Int?
    public var logger: Logger

    public init(
        batchSize: Int = 64, batchBytes: Int = 1 << 20, channelCapacity: Int = 2, shard: Shard? = nil,
        sourceDateEpoch: Int? = nil, logger: Logger = Logger(label: "docpipe", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.batchSize = max(1, batchSize)
        self.batchBytes = max(1, batchBytes)
        self.channelCapacity = max(1, channelCapacity)
        self.shard = shard
        self.sourceDateEpoch = sourceDateEpoch
        self.logger = logger
    }

    /// `SOURCE_DATE_EPOCH` from `environment`, if it is a valid integer.
    public static func sourceDateEpoch(in environment: [String: String]) -> Int? {
        environment["SOURCE_DATE_EPOCH"].flatMap { Int($0.trimmingSpaces()) }
    }
}
