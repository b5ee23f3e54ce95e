import Foundation

/// Normalizes text as `notes/chinese-text.md` prescribes — never NFKC.
///
/// Line ends become LF; invisible characters (zero-width, soft hyphen, BOM, bidi controls) and
/// C0/C1 controls other than tab and newline are deleted; no-break, en, em, ideographic and other
/// odd spaces become a space; runs of spaces fold to one and lines are trimmed; spaces between two
/// Han characters are dropped; full-width ASCII letters and digits fold to ASCII; Kangxi radicals
/// map to the unified ideographs; text is NFC. Blank lines are dropped: one paragraph per line.
enum TextNormalizer {
    /// Normalizes a whole text: every line, blank lines dropped.
    static func normalize(_ text: String) -> String {
        var lines: [String] = []
        for line in splitLines(text) {
            let normalized = normalizeLine(line)
            if !normalized.isEmpty { lines.append(normalized) }
        }
        return lines.joined(separator: "\n")
    }

    /// Splits on LF, CR LF, CR, U+2028 and U+2029.
    static func splitLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false) { character in
            character == "\n" || character == "\r\n" || character == "\r" || character == "\u{2028}"
                || character == "\u{2029}"
        }
    }

    /// Normalizes one line (no line breaks inside).
    static func normalizeLine<S: StringProtocol>(_ line: S) -> String {
        isAlreadyNormal(line) ? String(line) : rewrite(line)
    }

    /// Rewrites one line scalar by scalar (``normalizeLine(_:)`` without its fast path).
    static func rewrite<S: StringProtocol>(_ line: S) -> String {
        // Built as UTF-8 bytes: appending to a String.UnicodeScalarView costs several times more.
        var output: [UInt8] = []
        output.reserveCapacity(line.utf8.count)
        var pendingSpace = false
        var previous: Unicode.Scalar? = nil
        var needsNFC = false
        for scalar in line.unicodeScalars {
            let value = scalar.value
            var mapped = scalar
            if value < 0x80 {
                if value == 0x09 {
                    pendingSpace = false
                    if !output.isEmpty, output.last != 0x09 { output.append(0x09) }
                    previous = "\t"
                    continue
                }
                if value < 0x20 || value == 0x7F { continue }
                if value == 0x20 {
                    pendingSpace = true
                    continue
                }
            } else {
                switch value {
                case 0x80...0x9F, 0x00AD, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069,
                    0x061C, 0x180E:
                    continue
                case 0x00A0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                    pendingSpace = true
                    continue
                case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                    mapped = Unicode.Scalar(value - 0xFEE0)!
                case 0x2F00...0x2FD5:
                    mapped = Unicode.Scalar(kangxi[Int(value - 0x2F00)])!
                default:
                    if mayChangeUnderNFC(value) { needsNFC = true }
                }
            }
            if pendingSpace {
                if let previous, previous != "\t", !(isHan(previous) && isHan(mapped)) {
                    output.append(0x20)
                }
                pendingSpace = false
            }
            if mapped == "\t" { continue }
            UTF8.encode(mapped) { output.append($0) }
            previous = mapped
        }
        while let last = output.last, last == 0x09 || last == 0x20 { output.removeLast() }
        let result = String(decoding: output, as: UTF8.self)
        return needsNFC ? result.precomposedStringWithCanonicalMapping : result
    }

    /// Whether `line` would come out of ``rewrite(_:)`` unchanged, judged from its UTF-8 bytes in
    /// one pass: no controls or tabs, no space at either end, doubled, or between two Han
    /// characters, and no scalar that the rewrite deletes, turns into a space, folds or
    /// composes. Most lines of most pages pass, and skip the scalar-by-scalar rebuild.
    static func isAlreadyNormal<S: StringProtocol>(_ line: S) -> Bool {
        let verdict = line.utf8.withContiguousStorageIfAvailable { isAlreadyNormal(utf8: $0) }
        return verdict ?? Array(line.utf8).withUnsafeBufferPointer { isAlreadyNormal(utf8: $0) }
    }

    private static func isAlreadyNormal(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        var previous: UInt32 = 0x20  // as if a space came first: a leading space fails
        var spaceAfterHan = false
        while index < count {
            let byte = bytes[index]
            let value: UInt32
            if byte < 0x80 {
                value = UInt32(byte)
                if byte == 0x20 {
                    if previous == 0x20 { return false }
                    spaceAfterHan = isHan(previous)
                } else if byte < 0x20 || byte == 0x7F {
                    return false
                }
                index += 1
            } else if byte < 0xE0 {
                guard index + 1 < count else { return false }
                value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                switch value {
                case 0x80...0xA0, 0xAD, 0x061C: return false
                default:
                    if mayChangeUnderNFC(value) { return false }
                    index += 2
                }
            } else if byte < 0xF0 {
                guard index + 2 < count else { return false }
                value = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                switch value {
                case 0x1680, 0x180E, 0x2000...0x200F, 0x202A...0x202F, 0x205F...0x2064, 0x2066...0x2069,
                    0x2F00...0x2FD5, 0x3000, 0xFEFF, 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                    return false
                default:
                    if mayChangeUnderNFC(value) { return false }
                    index += 3
                }
            } else {
                guard index + 3 < count else { return false }
                value = UInt32(byte & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                    | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                if mayChangeUnderNFC(value) { return false }
                index += 4
            }
            // A space between two Han characters is dropped by the rewrite.
            if previous == 0x20, spaceAfterHan, isHan(value) { return false }
            previous = value
        }
        return previous != 0x20
    }

    /// Whether a line holding this scalar may change under NFC. A text whose scalars all have
    /// NFC_Quick_Check=Yes and combining class 0 is already NFC; this lists such blocks (Latin
    /// below U+0300, Cyrillic letters, common punctuation, arrows and currency signs without
    /// canonical singletons, CJK ideographs and punctuation, kana, Hangul syllables, half- and
    /// full-width forms, emoji) and answers true for everything else, which then takes the full
    /// NFC mapping.
    @inline(__always)
    static func mayChangeUnderNFC(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x300, 0x400...0x482, 0x48A...0x4FF, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0,
            0x2100...0x2125, 0x2127...0x2129, 0x212C...0x218F, 0x2190...0x2199, 0x219C...0x21AD, 0x21AF...0x21CC,
            0x21D0...0x21FF, 0x2460...0x27FF, 0x3001...0x303F, 0x3040...0x3093, 0x30A1...0x30F3, 0x30FB...0x30FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFFEF, 0x1F300...0x1FAFF:
            false
        default:
            true
        }
    }

    @inline(__always)
    private static func isHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x3134F, 0xF900...0xFAFF, 0x3007: true
        default: false
        }
    }

    /// Han ideographs (not CJK punctuation).
    @inline(__always)
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        isHan(scalar.value)
    }

    /// NFKC targets of the Kangxi radicals U+2F00…U+2FD5.
    private static let kangxi: [UInt32] = [
        0x4E00, 0x4E28, 0x4E36, 0x4E3F, 0x4E59, 0x4E85, 0x4E8C, 0x4EA0, 0x4EBA, 0x513F, 0x5165, 0x516B, 0x5182,
        0x5196, 0x51AB, 0x51E0, 0x51F5, 0x5200, 0x529B, 0x52F9, 0x5315, 0x531A, 0x5338, 0x5341, 0x535C, 0x5369,
        0x5382, 0x53B6, 0x53C8, 0x53E3, 0x56D7, 0x571F, 0x58EB, 0x5902, 0x590A, 0x5915, 0x5927, 0x5973, 0x5B50,
        0x5B80, 0x5BF8, 0x5C0F, 0x5C22, 0x5C38, 0x5C6E, 0x5C71, 0x5DDB, 0x5DE5, 0x5DF1, 0x5DFE, 0x5E72, 0x5E7A,
        0x5E7F, 0x5EF4, 0x5EFE, 0x5F0B, 0x5F13, 0x5F50, 0x5F61, 0x5F73, 0x5FC3, 0x6208, 0x6236, 0x624B, 0x652F,
        0x6534, 0x6587, 0x6597, 0x65A4, 0x65B9, 0x65E0, 0x65E5, 0x66F0, 0x6708, 0x6728, 0x6B20, 0x6B62, 0x6B79,
        0x6BB3, 0x6BCB, 0x6BD4, 0x6BDB, 0x6C0F, 0x6C14, 0x6C34, 0x706B, 0x722A, 0x7236, 0x723B, 0x723F, 0x7247,
        0x7259, 0x725B, 0x72AC, 0x7384, 0x7389, 0x74DC, 0x74E6, 0x7518, 0x751F, 0x7528, 0x7530, 0x758B, 0x7592,
        0x7676, 0x767D, 0x76AE, 0x76BF, 0x76EE, 0x77DB, 0x77E2, 0x77F3, 0x793A, 0x79B8, 0x79BE, 0x7A74, 0x7ACB,
        0x7AF9, 0x7C73, 0x7CF8, 0x7F36, 0x7F51, 0x7F8A, 0x7FBD, 0x8001, 0x800C, 0x8012, 0x8033, 0x807F, 0x8089,
        0x81E3, 0x81EA, 0x81F3, 0x81FC, 0x820C, 0x821B, 0x821F, 0x826E, 0x8272, 0x8278, 0x864D, 0x866B, 0x8840,
        0x884C, 0x8863, 0x897E, 0x898B, 0x89D2, 0x8A00, 0x8C37, 0x8C46, 0x8C55, 0x8C78, 0x8C9D, 0x8D64, 0x8D70,
        0x8DB3, 0x8EAB, 0x8ECA, 0x8F9B, 0x8FB0, 0x8FB5, 0x9091, 0x9149, 0x91C6, 0x91CC, 0x91D1, 0x9577, 0x9580,
        0x961C, 0x96B6, 0x96B9, 0x96E8, 0x9751, 0x975E, 0x9762, 0x9769, 0x97CB, 0x97ED, 0x97F3, 0x9801, 0x98A8,
        0x98DB, 0x98DF, 0x9996, 0x9999, 0x99AC, 0x9AA8, 0x9AD8, 0x9ADF, 0x9B25, 0x9B2F, 0x9B32, 0x9B3C, 0x9B5A,
        0x9CE5, 0x9E75, 0x9E7F, 0x9EA5, 0x9EBB, 0x9EC3, 0x9ECD, 0x9ED1, 0x9EF9, 0x9EFD, 0x9F0E, 0x9F13, 0x9F20,
        0x9F3B, 0x9F4A, 0x9F52, 0x9F8D, 0x9F9C, 0x9FA0,
    ]
}
