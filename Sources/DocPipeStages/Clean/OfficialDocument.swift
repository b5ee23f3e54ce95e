/// The elements of a Chinese official document (公文, GB/T 9704-2012) found in its title and body.
enum OfficialDocument {
    /// Document types an official-document title ends with.
    static let documentTypes: [String] = [
        "的函", "复函", "函", "通知", "意见", "决定", "报告", "请示", "批复", "办法", "方案", "规定", "公告", "通告",
        "通报", "纪要", "命令", "决议", "公报", "议案", "规划", "细则", "条例", "答复", "规则", "实施意见",
        "指导意见", "工作要点", "计划", "指引", "标准", "说明", "解读",
    ]

    /// Whether `title` names an official document.
    static func isDocumentTitle(_ title: String) -> Bool {
        documentTypes.contains { title.hasSuffix($0) }
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool { TextNormalizer.isHan(scalar) }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }
    private static let openBrackets: Set<Unicode.Scalar> = ["〔", "[", "［", "【", "(", "（"]
    private static let closeBrackets: Set<Unicode.Scalar> = ["〕", "]", "］", "】", ")", "）"]

    /// The first document number (发文字号) in `text`, e.g. `桂人社复字〔2023〕121号` or `粤府令第 300 号`,
    /// with its scalar range.
    static func documentNumber(in text: String) -> (number: String, range: Range<Int>)? {
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            defer { i += 1 }
            // org [ year ] 第? seq 号
            if openBrackets.contains(s[i]) {
                var j = i + 1
                while j < s.count && s[j] == " " { j += 1 }
                let yearStart = j
                while j < s.count && isDigit(s[j]) { j += 1 }
                guard j - yearStart == 4, let year = Int(String(String.UnicodeScalarView(s[yearStart..<j]))),
                    (1900...2099).contains(year)
                else { continue }
                while j < s.count && s[j] == " " { j += 1 }
                guard j < s.count, closeBrackets.contains(s[j]) else { continue }
                j += 1
                if let end = sequenceEnd(s, from: j), let start = issuerStart(s, before: i) {
                    return (compact(s[start..<end]), start..<end)
                }
            }
            // org 令 第 seq 号 (e.g. 粤府令第 300 号)
            if s[i] == "令", i + 1 < s.count, s[i + 1] == "第", let end = sequenceEnd(s, from: i + 1),
                let start = issuerStart(s, before: i)
            {
                return (compact(s[start..<end]), start..<end)
            }
        }
        return nil
    }

    /// `第? seq 号` from `index`; returns the index after 号.
    /// Where the issuing organ's abbreviation (1–12 Han characters) before `index` starts, or
    /// `nil` when there is none.
    private static func issuerStart(_ s: [Unicode.Scalar], before index: Int) -> Int? {
        var start = index
        while start > 0 && isHan(s[start - 1]) && index - start < 12 { start -= 1 }
        return start < index ? start : nil
    }

    private static func sequenceEnd(_ s: [Unicode.Scalar], from index: Int) -> Int? {
        var j = index
        while j < s.count && s[j] == " " { j += 1 }
        if j < s.count && s[j] == "第" { j += 1 }
        while j < s.count && s[j] == " " { j += 1 }
        let start = j
        while j < s.count && isDigit(s[j]) { j += 1 }
        guard j > start, j - start <= 5 else { return nil }
        while j < s.count && s[j] == " " { j += 1 }
        guard j < s.count, s[j] == "号" else { return nil }
        return j + 1
    }

    private static func compact(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        for scalar in scalars where scalar != " " { view.append(scalar) }
        return String(view)
    }

    /// Splits a trailing `(发文字号)` off a title.
    static func splitTitle(_ title: String) -> (title: String, number: String?) {
        let s = Array(title.unicodeScalars)
        guard let last = s.last, last == ")" || last == "）" || last == "]" || last == "〕" || last == "］" else {
            return (title, nil)
        }
        // Find the matching opening bracket of the tail.
        var depth = 0
        var open = -1
        for index in stride(from: s.count - 1, through: 0, by: -1) {
            let scalar = s[index]
            if scalar == ")" || scalar == "）" || scalar == "]" || scalar == "］" { depth += 1 }
            if scalar == "(" || scalar == "（" || scalar == "[" || scalar == "［" {
                depth -= 1
                if depth == 0 {
                    open = index
                    break
                }
            }
        }
        guard open > 0 else { return (title, nil) }
        let inner = String(String.UnicodeScalarView(s[(open + 1)..<(s.count - 1)]))
        guard let found = documentNumber(in: inner), found.range.count >= inner.unicodeScalars.count - 2 else {
            return (title, nil)
        }
        let head = String(String.UnicodeScalarView(s[0..<open])).trimmingBlanks()
        return (head, found.number)
    }

    /// The addressee (主送机关): among the first lines, a short line of names ending in a colon.
    static func addressee(in lines: [String]) -> String? {
        for line in lines.prefix(3) {
            let scalars = Array(line.unicodeScalars)
            guard scalars.count >= 3, scalars.count <= 60, let last = scalars.last, last == "：" || last == ":" else {
                continue
            }
            let body = scalars.dropLast()
            let punctuation: Set<Unicode.Scalar> = ["。", "，", ",", "；", ";", "！", "？", "《", "“", ":", "："]
            if body.contains(where: { punctuation.contains($0) }) { continue }
            guard body.contains(where: { isHan($0) }) else { continue }
            return String(String.UnicodeScalarView(body)).trimmingBlanks()
        }
        return nil
    }

    /// The issuer (署名) and signing date (成文日期) at the end of the body.
    static func signature(in lines: [String]) -> (issuer: String?, signed: String?) {
        let tail = Array(lines.suffix(4))
        for (offset, line) in tail.enumerated().reversed() where DateParsing.isDateLine(line) {
            let signed = DateParsing.date(in: line)
            var issuer: String?
            if offset > 0 {
                let candidate = tail[offset - 1]
                let scalars = Array(candidate.unicodeScalars)
                let punctuation: Set<Unicode.Scalar> = ["。", "，", ",", "；", ";", "！", "？", "：", ":"]
                if scalars.count >= 2, scalars.count <= 40, !scalars.contains(where: { punctuation.contains($0) }),
                    scalars.filter({ isHan($0) }).count * 2 >= scalars.count
                {
                    issuer = candidate
                }
            }
            return (issuer, signed)
        }
        return (nil, nil)
    }

    /// Attachment names from lines such as `附件：1.xxx` (and the numbered lines after it).
    static func attachments(in lines: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("附件：") || line.hasPrefix("附件:") {
                let first = String(line.unicodeScalars.dropFirst(3)).trimmingBlanks()
                if !first.isEmpty { result.append(stripNumber(first)) }
                var next = index + 1
                while next < lines.count, lines[next].unicodeScalars.count <= 80,
                    let scalar = lines[next].unicodeScalars.first, isDigit(scalar)
                {
                    result.append(stripNumber(lines[next]))
                    next += 1
                }
                return result.filter { !$0.isEmpty }
            }
            index += 1
        }
        return result
    }

    private static func stripNumber(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, isDigit(first) { scalars = scalars.dropFirst() }
        if let first = scalars.first, first == "." || first == "、" || first == "．" { scalars = scalars.dropFirst() }
        return String(String.UnicodeScalarView(scalars)).trimmingBlanks()
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" || first == "\u{3000}" || first == "\u{A0}" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\u{3000}" || last == "\u{A0}" {
            scalars = scalars.dropLast()
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
