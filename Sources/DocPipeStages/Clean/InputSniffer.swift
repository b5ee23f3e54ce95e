/// Cheap looks at the start of an input.
enum InputSniffer {
    /// Whether `text` starts like markup (a tag among the first non-space characters, or a common
    /// HTML tag early on).
    static func looksLikeHTML(_ text: String) -> Bool {
        let head = text.utf8.prefix(4096)
        guard let first = head.first(where: { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF })
        else { return false }
        if first == UInt8(ascii: "<") { return true }
        let lower = Array(head.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
        for marker in ["<html", "<body", "<div", "<p>", "<!doctype", "<head"] where ElementNames.contains(lower, Array(marker.utf8)) {
            return true
        }
        return false
    }

    /// Whether `text` looks like binary data decoded as text: many NULs, controls or U+FFFD in its
    /// first 8192 scalars.
    static func looksBinary(_ text: String) -> Bool {
        var total = 0
        var bad = 0
        for scalar in text.unicodeScalars.prefix(8192) {
            total += 1
            let v = scalar.value
            if v == 0xFFFD || (v < 0x20 && v != 9 && v != 10 && v != 13 && v != 12) { bad += 1 }
        }
        return total >= 16 && bad * 10 > total
    }
}
