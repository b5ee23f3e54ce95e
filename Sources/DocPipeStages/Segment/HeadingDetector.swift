/// Recognizes a heading at the start of a line and tells where the heading's text ends.
///
/// Recognized, at the start of a (trimmed) line:
/// - Markdown `#` … `######` followed by a space or the end of the line: the whole line;
/// - `第X编`, `第X章`, `第X节` (X in Chinese numerals or digits): the line up to its first
///   sentence end; `第X条` (also `第X条之一`): only the label, the article's text after it is a paragraph;
/// - `一、`, `（一）`/`(一)`, `1.`/`1．`/`1、` and `（1）`/`(1)` followed by Chinese text: the line up
///   to and including its first `。！？!?` with closers (an inline heading such as
///   `（一）加强组织领导。各地要……`), or the whole line when there is none; `1.5亿` is not a heading
///   (a digit follows the dot), nor is `2023年`;
/// - `1. Introduction`, `2.3 Methods`, `(1) Scope` in Latin text: a number, then a
///   capitalized word; the whole line, which must not end in `.`, `,`, `;` or `:` (then it is a
///   numbered paragraph);
/// - `1.2 项目管理`: a multi-level number, a space, then Han text that is not a unit (`1.5 亿元` is not).
///
/// A heading longer than ``maxLength`` code points is not a heading (it is an enumerated paragraph).
/// ``SegmentBuilder`` also turns numbered lines that end in `；` into list items (see there).
struct HeadingDetector: Sendable {
    /// A recognized heading.
    struct Match: Equatable {
        /// The heading's rank (see ``HeadingLevel``).
        var level: Int
        /// Where the heading's text ends (exclusive); the rest of the line is a paragraph.
        var end: Int
        /// Whether this is a numbered item (一、 （一） 1. （1） and the Latin forms), which can
        /// also be an item of a list rather than a heading.
        var isNumberedItem: Bool { level >= HeadingLevel.chineseNumber }
    }

    /// The longest heading, in code points.
    var maxLength = 80

    /// The heading that starts the trimmed line `start..<end` of `s`, if any.
    func detect(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Match? {
        guard start < end else { return nil }
        let first = s[start]
        let match: Match?
        switch first {
        case 0x23:  // #
            match = markdown(s, start, end)
        case 0x7B2C:  // 第
            match = regulation(s, start, end)
        case 0xFF08, 0x28:  // （ (
            match = parenthesized(s, start, end)
        default:
            if ScalarClass.isDigit(first) {
                match = arabic(s, start, end)
            } else if ScalarClass.isChineseNumeral(first) {
                match = chineseNumber(s, start, end)
            } else {
                match = nil
            }
        }
        guard let match, match.end - start <= maxLength else { return nil }
        return match
    }

    private func markdown(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Match? {
        var j = start
        while j < end && s[j] == 0x23 { j += 1 }
        let hashes = j - start
        guard hashes <= 6, j == end || s[j] == 0x20 || s[j] == 0x09 else { return nil }
        return Match(level: HeadingLevel.markdown(hashes), end: end)
    }

    private func regulation(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Match? {
        var j = start + 1
        while j < end && j - start <= 8 && (ScalarClass.isChineseNumeral(s[j]) || ScalarClass.isDigit(s[j])) { j += 1 }
        guard j > start + 1, j < end else { return nil }
        switch s[j] {
        case 0x6761:  // 条
            var labelEnd = j + 1
            // 第十条之一
            if labelEnd + 1 < end && s[labelEnd] == 0x4E4B && ScalarClass.isChineseNumeral(s[labelEnd + 1]) {
                labelEnd += 2
                while labelEnd < end && ScalarClass.isChineseNumeral(s[labelEnd]) { labelEnd += 1 }
            }
            return Match(level: HeadingLevel.article, end: labelEnd)
        case 0x7F16:  // 编
            return Match(level: HeadingLevel.part, end: inlineEnd(s, j + 1, end))
        case 0x7AE0:  // 章
            return Match(level: HeadingLevel.chapter, end: inlineEnd(s, j + 1, end))
        case 0x8282:  // 节
            return Match(level: HeadingLevel.division, end: inlineEnd(s, j + 1, end))
        default:
            return nil
        }
    }

    private func chineseNumber(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Match? {
        var j = start
        while j < end && j - start < 5 && ScalarClass.isChineseNumeral(s[j]) { j += 1 }
        guard j < end, s[j] == 0x3001 else { return nil }  // 、
        return Match(level: HeadingLevel.chineseNumber, end: inlineEnd(s, j + 1, end))
    }

    private func parenthesized(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Match? {
        var j = start + 1
        let level: Int
        if j < end && ScalarClass.isChineseNumeral(s[j]) {
            while j < end && j - start <= 5 && ScalarClass.isChineseNumeral(s[j]) { j += 1 }
            level = HeadingLevel.parenthesizedChineseNumber
        } else if j < end && ScalarClass.isDigit(s[j]) {
            while j < end && j - start <= 3 && ScalarClass.isDigit(s[j]) { j += 1 }
            level = HeadingLevel.parenthesizedArabic
        } else {
            return nil
        }
        guard j < end, s[j] == 0xFF09 || s[j] == 0x29 else { return nil }  // ） )
        var k = j + 1
        while k < end && ScalarClass.isSpace(s[k]) { k += 1 }
        if k < end && ScalarClass.isCasedLetter(s[k]) {
            return latinHeading(s, start, end, startsWith: s[k]) ? Match(level: level, end: end) : nil
        }
        return Match(level: level, end: inlineEnd(s, j + 1, end))
    }

    private func arabic(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int) -> Match? {
        var j = start
        var components = 0
        // digits ( '.' digits )*, each component at most three digits
        while true {
            let componentStart = j
            while j < end && j - componentStart < 4 && ScalarClass.isDigit(s[j]) { j += 1 }
            let length = j - componentStart
            guard length >= 1, length <= 3 else { return nil }
            components += 1
            guard j + 1 < end, isDot(s[j]), ScalarClass.isDigit(s[j + 1]) else { break }
            j += 1
        }
        guard j < end else { return nil }
        let level = HeadingLevel.arabic(components: components)
        if components == 1 {
            let mark = s[j]
            guard isDot(mark) || mark == 0x3001 else { return nil }  // . ． 、
            let afterMark = j + 1
            var k = afterMark
            while k < end && ScalarClass.isSpace(s[k]) { k += 1 }
            guard k < end else { return Match(level: level, end: end) }
            let next = s[k]
            if ScalarClass.isDigit(next) { return nil }  // 1.5亿, 1. 5
            if ScalarClass.isCasedLetter(next) {
                return latinHeading(s, start, end, startsWith: next) ? Match(level: level, end: end) : nil
            }
            return Match(level: level, end: inlineEnd(s, k, end))
        }
        // 1.2 / 1.2. followed by white space, then a capitalized word or Han text that is not a unit
        if isDot(s[j]) { j += 1 }
        guard j < end, ScalarClass.isSpace(s[j]) else { return nil }
        while j < end && ScalarClass.isSpace(s[j]) { j += 1 }
        guard j < end else { return nil }
        let next = s[j]
        if ScalarClass.isCasedLetter(next) {
            return latinHeading(s, start, end, startsWith: next) ? Match(level: level, end: end) : nil
        }
        guard ScalarClass.isHan(next), !Self.isUnit(next) else { return nil }
        return Match(level: level, end: inlineEnd(s, j, end))
    }

    /// Whether a numbered line in Latin script is a heading: a capitalized first word and no
    /// final `.`, `,`, `;` or `:`.
    private func latinHeading(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int, startsWith first: UInt32)
        -> Bool
    {
        guard ScalarClass.isUppercase(first) else { return false }
        switch s[end - 1] {
        case 0x2E, 0x2C, 0x3B, 0x3A: return false
        default: return true
        }
    }

    /// Where a heading whose text starts at `from` ends: after its first sentence end
    /// (`。！？!?` with following closers), or at the end of the line.
    private func inlineEnd(_ s: UnsafeBufferPointer<UInt32>, _ from: Int, _ end: Int) -> Int {
        var t = from
        while t < end {
            let c = s[t]
            if c == ScalarClass.bookTitleOpen {
                t = SentenceSplitter.skipBookTitle(s, t, end)
                continue
            }
            if ScalarClass.isCJKTerminator(c) || c == 0x21 || c == 0x3F {
                return SentenceSplitter.terminatorRunEnd(s, t, end)
            }
            t += 1
        }
        return end
    }

    @inline(__always)
    private func isDot(_ u: UInt32) -> Bool { u == 0x2E || u == 0xFF0E }

    /// Characters that follow a number as its unit or measure word (亿, 万, 元, 年, …).
    private static func isUnit(_ u: UInt32) -> Bool {
        units.contains(u)
    }

    private static let units: Set<UInt32> = Set(
        "亿万千百十元角分倍个次年月日时秒米克吨度亩天周岁斤里平方公％".unicodeScalars.map(\.value))
}
