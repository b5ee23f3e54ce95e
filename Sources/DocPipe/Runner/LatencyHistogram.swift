/// Per-document latencies in log-spaced buckets (8 per power of two, so percentiles are within
/// about 9%), in constant memory however many documents pass.
public struct LatencyHistogram: Sendable, Equatable {
    private static let subBuckets = 8
    private var counts = [Int](repeating: 0, count: 64 * subBuckets)
    public private(set) var total = 0

    public init() {}

    /// Records one latency in nanoseconds.
    @inline(__always)
    public mutating func record(nanoseconds: Int) {
        counts[Self.bucket(max(nanoseconds, 0))] += 1
        total += 1
    }

    /// Adds another histogram's counts.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.total > 0 else { return }
        for index in counts.indices { counts[index] += other.counts[index] }
        total += other.total
    }

    /// The latency at quantile `q` (0…1) in nanoseconds, or `nil` with no samples.
    public func quantile(_ q: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, Int((q * Double(total)).rounded(.up)))
        var seen = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return Self.midpoint(of: index) }
        }
        return nil
    }

    static func bucket(_ value: Int) -> Int {
        if value < subBuckets { return value }
        let magnitude = Int.bitWidth - value.leadingZeroBitCount - 1
        let fraction = (value >> (magnitude - 3)) & (subBuckets - 1)
        return magnitude * subBuckets + fraction
    }

    static func midpoint(of bucket: Int) -> Double {
        if bucket < subBuckets { return Double(bucket) }
        let magnitude = bucket / subBuckets
        let fraction = bucket % subBuckets
        let low = Double((subBuckets + fraction) << (magnitude - 3))
        let width = Double(1 << (magnitude - 3))
        return low + width / 2
    }
}
