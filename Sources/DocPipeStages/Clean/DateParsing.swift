/// Finds dates in page text and metadata values and writes them as ISO 8601 local time.
enum DateParsing {
    /// The first date (and time, if any) in `text` as `YYYY-MM-DDTHH:MM:SS` (time `00:00:00` when
    /// absent; any UTC offset is dropped: the time is kept as the page wrote it).
    static func published(in text: String) -> String? {
        guard let (date, end) = findDate(Array(text.unicodeScalars)) else { return nil }
        let scalars = Array(text.unicodeScalars)
        let time = findTime(scalars, from: end) ?? (0, 0, 0)
        return date + "T" + pad(time.0) + ":" + pad(time.1) + ":" + pad(time.2)
    }

    /// The first date in `text` as `YYYY-MM-DD`, Arabic or Chinese numerals (二〇二三年六月六日).
    static func date(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        if let (date, _) = findDate(scalars) { return date }
        return chineseNumeralDate(scalars)
    }

    /// Whether `line` is only a date (a signing date line such as `2023年6月6日`).
    static func isDateLine(_ line: String) -> Bool {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count <= 16 else { return false }
        if let (_, end) = findDate(scalars), end == scalars.count, scalars.last == "日" || scalars.count <= 10 {
            return scalars.first.map { isDigit($0) } ?? false
        }
        if chineseNumeralDate(scalars) != nil, scalars.last == "日" {
            return scalars.allSatisfy { chineseDigit($0) != nil || $0 == "十" || $0 == "年" || $0 == "月" || $0 == "日" }
        }
        return false
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    @inline(__always)
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    private static func number(_ scalars: [Unicode.Scalar], _ index: inout Int, maxDigits: Int) -> Int? {
        var value = 0
        var digits = 0
        while index < scalars.count, digits < maxDigits, isDigit(scalars[index]) {
            value = value * 10 + Int(scalars[index].value - 48)
            index += 1
            digits += 1
        }
        if index < scalars.count && isDigit(scalars[index]) { return nil }
        return digits == 0 ? nil : value
    }

    /// A date `YYYY[-/.年]M[-/.月]D[日]`; returns it and the index after it.
    private static func findDate(_ scalars: [Unicode.Scalar]) -> (String, Int)? {
        var start = 0
        while start + 8 <= scalars.count {
            defer { start += 1 }
            if start > 0 && isDigit(scalars[start - 1]) { continue }
            guard isDigit(scalars[start]) else { continue }
            var i = start
            guard let year = number(scalars, &i, maxDigits: 4), i - start == 4, year >= 1900, year <= 2100 else {
                continue
            }
            guard i < scalars.count else { continue }
            let separator = scalars[i]
            guard separator == "-" || separator == "/" || separator == "." || separator == "年" else { continue }
            i += 1
            while i < scalars.count && scalars[i] == " " { i += 1 }
            guard let month = number(scalars, &i, maxDigits: 2), month >= 1, month <= 12, i < scalars.count else {
                continue
            }
            let second = scalars[i]
            let expected: Unicode.Scalar = separator == "年" ? "月" : separator
            guard second == expected else { continue }
            i += 1
            while i < scalars.count && scalars[i] == " " { i += 1 }
            guard let day = number(scalars, &i, maxDigits: 2), day >= 1, day <= 31 else { continue }
            if i < scalars.count && scalars[i] == "日" { i += 1 }
            return ("\(year)-\(pad(month))-\(pad(day))", i)
        }
        return nil
    }

    /// `HH:MM[:SS]` shortly after `index`.
    private static func findTime(_ scalars: [Unicode.Scalar], from index: Int) -> (Int, Int, Int)? {
        var i = index
        var skipped = 0
        while i < scalars.count && !isDigit(scalars[i]) {
            let s = scalars[i]
            guard s == " " || s == "T" || s == "\u{A0}" || s == "　" || s == "," else { return nil }
            i += 1
            skipped += 1
            if skipped > 3 { return nil }
        }
        guard let hour = number(scalars, &i, maxDigits: 2), hour < 24, i < scalars.count,
            scalars[i] == ":" || scalars[i] == "时" || scalars[i] == "："
        else { return nil }
        i += 1
        guard let minute = number(scalars, &i, maxDigits: 2), minute < 60 else { return nil }
        var second = 0
        if i < scalars.count, scalars[i] == ":" || scalars[i] == "分" {
            i += 1
            if let value = number(scalars, &i, maxDigits: 2), value < 61 { second = value }
        }
        return (hour, minute, second)
    }

    private static func chineseDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "〇", "零", "○", "Ｏ": 0
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    /// 二〇二三年六月六日 → 2023-06-06.
    private static func chineseNumeralDate(_ scalars: [Unicode.Scalar]) -> String? {
        var start = 0
        while start + 4 < scalars.count {
            defer { start += 1 }
            var i = start
            var year = 0
            var digits = 0
            while i < scalars.count, let digit = chineseDigit(scalars[i]) {
                year = year * 10 + digit
                digits += 1
                i += 1
            }
            guard digits == 4, i < scalars.count, scalars[i] == "年" else { continue }
            i += 1
            guard let month = smallNumber(scalars, &i), month >= 1, month <= 12, i < scalars.count, scalars[i] == "月"
            else { continue }
            i += 1
            guard let day = smallNumber(scalars, &i), day >= 1, day <= 31, i < scalars.count, scalars[i] == "日" else {
                continue
            }
            return "\(year)-\(pad(month))-\(pad(day))"
        }
        return nil
    }

    /// 六, 十, 十二, 二十, 二十一, 三十一.
    private static func smallNumber(_ scalars: [Unicode.Scalar], _ i: inout Int) -> Int? {
        var value = 0
        var seen = false
        if i < scalars.count, let digit = chineseDigit(scalars[i]) {
            value = digit
            seen = true
            i += 1
        }
        if i < scalars.count, scalars[i] == "十" {
            value = (seen ? value : 1) * 10
            seen = true
            i += 1
            if i < scalars.count, let digit = chineseDigit(scalars[i]) {
                value += digit
                i += 1
            }
        }
        return seen ? value : nil
    }
}
