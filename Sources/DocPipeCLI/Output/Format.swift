/// Number and time formatting for people.
enum Format {
    /// `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `0:07`, `12:03`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds)
        let (hours, minutes, secs) = (total / 3600, total % 3600 / 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }

    /// Milliseconds with sensible precision: `0.012`, `3.4`, `120`.
    static func milliseconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value >= 100 { return String(Int(value.rounded())) }
        if value >= 1 { return String((value * 10).rounded() / 10) }
        return String((value * 1000).rounded() / 1000)
    }

    /// `1.2s`, `350ms`.
    static func duration(_ seconds: Double) -> String {
        seconds >= 1 ? "\((seconds * 10).rounded() / 10)s" : "\(Int((seconds * 1000).rounded()))ms"
    }
}
