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
        var text = text
        return text.withUTF8 { bytes in
            // Counted on the UTF-8 bytes: a scalar starts at every byte that is not a continuation
            // byte, and U+FFFD is EF BF BD.
            var total = 0
            var bad = 0
            var index = 0
            while index < bytes.count, total < 8192 {
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 {
                    total += 1
                    if byte < 0x20 && byte != 9 && byte != 10 && byte != 13 && byte != 12 {
                        bad += 1
                    } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBD {
                        bad += 1
                    }
                }
                index += 1
            }
            return total >= 16 && bad * 10 > total
        }
    }
}
