/// Classification of Unicode scalar values (as `UInt32`) for the segmenter's hot loops.
///
/// Everything here is a handful of integer comparisons: no `Character`, no Foundation, no
/// Unicode property lookups except for the rare letter-case questions outside Latin-1.
enum ScalarClass {
    /// Whether `u` ends a line: LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
    @inline(__always)
    static func isLineBreak(_ u: UInt32) -> Bool {
        (u >= 0x0A && u <= 0x0D) || u == 0x85 || u == 0x2028 || u == 0x2029
    }

    /// Whether `u` is trimmed from the ends of spans: Unicode white space (line breaks
    /// included), plus the invisible U+200B ZERO WIDTH SPACE and U+FEFF BYTE ORDER MARK.
    @inline(__always)
    static func isSpace(_ u: UInt32) -> Bool {
        if u <= 0x20 { return u == 0x20 || (u >= 0x09 && u <= 0x0D) }
        if u < 0x85 { return false }
        return u == 0x85 || u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200B) || u == 0x2028
            || u == 0x2029 || u == 0x202F || u == 0x205F || u == 0x3000 || u == 0xFEFF
    }

    /// Whether `u` is a CJK unified ideograph (BMP blocks, compatibility ideographs, and the
    /// supplementary ideographic planes 2 and 3, e.g. 𠀀 U+20000) or 〇.
    @inline(__always)
    static func isHan(_ u: UInt32) -> Bool {
        (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x20000 && u <= 0x3FFFF)
            || (u >= 0xF900 && u <= 0xFAFF) || u == 0x3007
    }

    /// An ASCII or full-width decimal digit.
    @inline(__always)
    static func isDigit(_ u: UInt32) -> Bool {
        (u >= 0x30 && u <= 0x39) || (u >= 0xFF10 && u <= 0xFF19)
    }

    /// A Chinese numeral as used in section numbers (一 … 十, 百, 千, 零, 〇, 两).
    @inline(__always)
    static func isChineseNumeral(_ u: UInt32) -> Bool {
        switch u {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341,  // 一二三四五六七八九十
            0x767E, 0x5343, 0x96F6, 0x3007, 0x4E24:  // 百千零〇两
            return true
        default:
            return false
        }
    }

    /// An ASCII letter.
    @inline(__always)
    static func isASCIILetter(_ u: UInt32) -> Bool {
        (u | 0x20) >= 0x61 && (u | 0x20) <= 0x7A
    }

    /// A letter of a cased alphabet (Latin, Greek, Cyrillic, …); Han is not "cased".
    static func isCasedLetter(_ u: UInt32) -> Bool {
        if u < 0x80 { return isASCIILetter(u) }
        if isHan(u) || u < 0xC0 { return false }
        guard let scalar = Unicode.Scalar(u) else { return false }
        return scalar.properties.isUppercase || scalar.properties.isLowercase
    }

    /// An upper-case letter of a cased alphabet.
    static func isUppercase(_ u: UInt32) -> Bool {
        if u < 0x80 { return u >= 0x41 && u <= 0x5A }
        if isHan(u) || u < 0xC0 { return false }
        return Unicode.Scalar(u)?.properties.isUppercase ?? false
    }

    /// A lower-case letter of a cased alphabet.
    static func isLowercase(_ u: UInt32) -> Bool {
        if u < 0x80 { return u >= 0x61 && u <= 0x7A }
        if isHan(u) || u < 0xC0 { return false }
        return Unicode.Scalar(u)?.properties.isLowercase ?? false
    }

    /// Punctuation that always ends a sentence when a run of it is followed by anything:
    /// 。 ！ ？ ｡ and ‼ ⁇ ⁈ ⁉.
    @inline(__always)
    static func isCJKTerminator(_ u: UInt32) -> Bool {
        u == 0x3002 || u == 0xFF01 || u == 0xFF1F || u == 0xFF61 || u == 0x203C || (u >= 0x2047 && u <= 0x2049)
    }

    /// An ellipsis character: … (U+2026) or ⋯ (U+22EF).
    @inline(__always)
    static func isEllipsis(_ u: UInt32) -> Bool {
        u == 0x2026 || u == 0x22EF
    }

    /// Any character that may continue a run of sentence-final punctuation.
    @inline(__always)
    static func isTerminatorRun(_ u: UInt32) -> Bool {
        u == 0x2E || u == 0x21 || u == 0x3F || isCJKTerminator(u) || isEllipsis(u)
    }

    /// Closing quotes and brackets that stay with the sentence they follow:
    /// ” ’ 」 』 ） ) 》 】 〕 〉 〗 〙 ］ ] } ｝ » › " '.
    @inline(__always)
    static func isCloser(_ u: UInt32) -> Bool {
        switch u {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3011, 0x3015, 0x3009, 0x3017, 0x3019,
            0xFF3D, 0x5D, 0x7D, 0xFF5D, 0xBB, 0x203A, 0x22, 0x27:
            return true
        default:
            return false
        }
    }

    /// A clause separator: ； or ;.
    @inline(__always)
    static func isClauseSeparator(_ u: UInt32) -> Bool {
        u == 0xFF1B || u == 0x3B
    }

    /// 《 LEFT DOUBLE ANGLE BRACKET, which opens a book or document title.
    static let bookTitleOpen: UInt32 = 0x300A
    /// 》 RIGHT DOUBLE ANGLE BRACKET.
    static let bookTitleClose: UInt32 = 0x300B
}
