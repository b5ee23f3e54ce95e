/// Parses and prints durations such as `250ms`, `10s`, `1.5m`, `2h`.
public enum DurationParser {
    private static let units: [(suffix: String, nanos: Double)] = [
        ("ms", 1e6), ("us", 1e3), ("µs", 1e3), ("ns", 1), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses `text`; throws a message naming the accepted forms.
    public static func parse(_ text: String) throws(StageConfigurationError) -> Duration {
        let trimmed = text.trimmingSpaces()
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingSpaces()
            if let value = Double(number), value >= 0, value.isFinite {
                return .nanoseconds(Int64((value * unit.nanos).rounded()))
            }
        }
        throw StageConfigurationError(message: "expected a duration such as 500ms, 10s or 2m, found '\(text)'")
    }

    /// The shortest exact form of `duration`: `1500ms`, `10s`, `2m`.
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        if nanos % 3_600_000_000_000 == 0, nanos != 0 { return "\(nanos / 3_600_000_000_000)h" }
        if nanos % 60_000_000_000 == 0, nanos != 0 { return "\(nanos / 60_000_000_000)m" }
        if nanos % 1_000_000_000 == 0 { return "\(nanos / 1_000_000_000)s" }
        if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
        if nanos % 1000 == 0 { return "\(nanos / 1000)us" }
        return "\(nanos)ns"
    }
}

/// Parses sizes: an integer number of bytes or a number with `KB`/`MB`/`GB` (powers of 1000)
/// or `KiB`/`MiB`/`GiB` (powers of 1024).
public enum SizeParser {
    private static let units: [(suffix: String, factor: Double)] = [
        ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("KB", 1000), ("MB", 1e6), ("GB", 1e9), ("B", 1),
    ]

    public static func parse(_ text: String) throws(StageConfigurationError) -> Int {
        let trimmed = text.trimmingSpaces()
        if let bytes = Int(trimmed), bytes >= 0 { return bytes }
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            if let value = Double(trimmed.dropLast(unit.suffix.count).trimmingSpaces()), value >= 0, value.isFinite {
                return Int((value * unit.factor).rounded())
            }
        }
        throw StageConfigurationError(message: "expected a size such as 1048576, 50MB or 64KiB, found '\(text)'")
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
