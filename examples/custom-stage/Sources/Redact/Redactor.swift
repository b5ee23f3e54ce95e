import DocPipe

/// What `redact` looks for.
public enum RedactionKind: String, CaseIterable, Sendable {
    /// A mainland resident ID number: 17 digits and a check character (digit or X), ISO 7064 MOD 11-2.
    case idCard = "id_card"
    /// A mainland mobile number: 1, then 3–9, then nine digits, not inside a longer number.
    case mobile
    /// An e-mail address.
    case email

    static let defaultTags: JSONObject = ["id_card": "[身份证号]", "mobile": "[手机号]", "email": "[邮箱]"]
}

/// One replaced span: code point offsets into the original text and the replacement's length.
public struct Replacement: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var kind: RedactionKind
    public var replacement: String
    var newLength: Int { replacement.unicodeScalars.count }
}

/// Finds and replaces sensitive numbers and addresses in text.
public struct Redactor: Sendable {
    public enum Style: Sendable {
        case tag([RedactionKind: String])
        case mask
    }

    public var kinds: Set<RedactionKind>
    public var style: Style

    public init(kinds: Set<RedactionKind>, style: Style) {
        self.kinds = kinds
        self.style = style
    }

    /// The redacted text, the replacements (in order, offsets into the original) and counts per kind.
    public func redact(_ text: String) -> (text: String, replacements: [Replacement], counts: [RedactionKind: Int]) {
        let scalars = Array(text.unicodeScalars)
        var spans: [(start: Int, end: Int, kind: RedactionKind)] = []
        if kinds.contains(.email) { spans += Self.emails(in: scalars) }
        if kinds.contains(.idCard) || kinds.contains(.mobile) {
            var index = 0
            while index < scalars.count {
                guard Self.isDigit(scalars[index]) else {
                    index += 1
                    continue
                }
                var end = index
                while end < scalars.count && Self.isDigit(scalars[end]) { end += 1 }
                let length = end - index
                if kinds.contains(.idCard), length == 17, end < scalars.count,
                    scalars[end] == "X" || scalars[end] == "x",
                    end + 1 == scalars.count || !Self.isASCIIAlphanumeric(scalars[end + 1]),
                    Self.isValidID(scalars[index...end])
                {
                    spans.append((index, end + 1, .idCard))
                } else if kinds.contains(.idCard), length == 18, Self.isValidID(scalars[index..<end]) {
                    spans.append((index, end, .idCard))
                } else if kinds.contains(.mobile), length == 11, scalars[index] == "1",
                    ("3"..."9").contains(scalars[index + 1])
                {
                    spans.append((index, end, .mobile))
                }
                index = end
            }
        }
        spans.sort { $0.start < $1.start }
        var replacements: [Replacement] = []
        var counts: [RedactionKind: Int] = [:]
        var out = String.UnicodeScalarView()
        var position = 0
        for span in spans where span.start >= position {
            out.append(contentsOf: scalars[position..<span.start])
            let original = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
            let replacement = self.replacement(for: original, kind: span.kind)
            out.append(contentsOf: replacement.unicodeScalars)
            replacements.append(
                Replacement(start: span.start, end: span.end, kind: span.kind, replacement: replacement))
            counts[span.kind, default: 0] += 1
            position = span.end
        }
        guard !replacements.isEmpty else { return (text, [], [:]) }
        out.append(contentsOf: scalars[position...])
        return (String(out), replacements, counts)
    }

    func replacement(for original: String, kind: RedactionKind) -> String {
        switch style {
        case .tag(let tags):
            return tags[kind] ?? "[\(kind.rawValue)]"
        case .mask:
            let characters = Array(original)
            switch kind {
            case .idCard:
                return String(characters.prefix(6)) + String(repeating: "*", count: 8) + String(characters.suffix(4))
            case .mobile: return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
            case .email:
                guard let at = characters.firstIndex(of: "@") else { return "***" }
                return String(characters.prefix(1)) + "***" + String(characters[at...])
            }
        }
    }

    /// ISO 7064 MOD 11-2 check of an 18-character ID number.
    static func isValidID(_ characters: ArraySlice<Unicode.Scalar>) -> Bool {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks: [Unicode.Scalar] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
        let digits = Array(characters)
        guard digits.count == 18 else { return false }
        var sum = 0
        for (offset, weight) in weights.enumerated() {
            guard let value = Int(String(digits[offset])) else { return false }
            sum += value * weight
        }
        let last = digits[17] == "x" ? "X" : digits[17]
        return checks[sum % 11] == last
    }

    /// E-mail addresses: a local part of letters, digits and `._%+-`, `@`, a dotted domain
    /// whose last label is at least two letters.
    static func emails(in scalars: [Unicode.Scalar]) -> [(start: Int, end: Int, kind: RedactionKind)] {
        var found: [(start: Int, end: Int, kind: RedactionKind)] = []
        var searchFrom = 0
        for at in scalars.indices where scalars[at] == "@" && at >= searchFrom {
            var start = at
            while start > 0 && isLocal(scalars[start - 1]) { start -= 1 }
            while start < at && scalars[start] == "." { start += 1 }
            guard start < at else { continue }
            var end = at + 1
            while end < scalars.count && isDomain(scalars[end]) { end += 1 }
            while end > at + 1 && (scalars[end - 1] == "." || scalars[end - 1] == "-") { end -= 1 }
            let domain = scalars[(at + 1)..<end]
            guard let lastDot = domain.lastIndex(of: "."), lastDot > at + 1 else { continue }
            let tld = scalars[(lastDot + 1)..<end]
            guard tld.count >= 2, tld.allSatisfy({ $0.properties.isAlphabetic && $0.isASCII }) else { continue }
            found.append((start, end, .email))
            searchFrom = end
        }
        return found
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isLocal(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "._%+-".unicodeScalars.contains(scalar)
    }

    static func isDomain(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "." || scalar == "-"
    }
}

/// Moves code point offsets of the original text to the redacted text.
struct OffsetMap {
    let replacements: [Replacement]

    init(_ replacements: [Replacement]) {
        self.replacements = replacements
    }

    /// A start offset: inside a replaced span it moves to the replacement's start.
    func start(_ offset: Int) -> Int { map(offset, inside: { start, _ in start }) }

    /// An end offset: inside a replaced span it moves to the replacement's end.
    func end(_ offset: Int) -> Int { map(offset, inside: { $0 + $1 }) }

    /// Whether [start, end) overlaps a replaced span.
    func touches(_ start: Int, _ end: Int) -> Bool {
        replacements.contains { $0.start < end && start < $0.end }
    }

    private func map(_ offset: Int, inside: (Int, Int) -> Int) -> Int {
        var shift = 0
        for replacement in replacements {
            if offset <= replacement.start { break }
            if offset < replacement.end { return inside(replacement.start + shift, replacement.newLength) }
            shift += replacement.newLength - (replacement.end - replacement.start)
        }
        return offset + shift
    }
}
