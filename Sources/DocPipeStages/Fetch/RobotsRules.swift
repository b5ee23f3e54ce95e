/// The rules of one robots.txt (RFC 9309) that apply to one user agent.
///
/// The groups naming our product token (the user agent up to its first `/` or space,
/// case-insensitively) apply; when none does, the `*` groups apply. The longest matching
/// pattern wins, `Allow` winning a tie; `*` matches any run of characters and a final `$`
/// anchors the end. `/robots.txt` itself is always allowed.
struct RobotsRules: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: String
    }

    /// The applicable rules, in file order.
    var rules: [Rule]
    /// Set when the whole host is off limits (robots.txt unreachable or answering 5xx); the reason.
    var disallowAll: String?

    static let allowAll = RobotsRules(rules: [], disallowAll: nil)

    /// The rules of `text` for `userAgent`.
    static func parse(_ text: String, userAgent: String) -> RobotsRules {
        let token = productToken(userAgent)
        struct Group {
            var agents: [String] = []
            var rules: [Rule] = []
        }
        var groups: [Group] = []
        var current: Group?
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmed().lowercased()
            let value = String(line[line.index(after: colon)...].trimmed())
            switch key {
            case "user-agent":
                if !lastWasAgent {
                    if let current { groups.append(current) }
                    current = Group()
                }
                current?.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard current != nil, !value.isEmpty else { continue }
                current?.rules.append(Rule(allow: key == "allow", pattern: value))
            default:
                lastWasAgent = false
            }
        }
        if let current { groups.append(current) }
        var matching = groups.filter { group in group.agents.contains { $0 == token } }
        if matching.isEmpty { matching = groups.filter { $0.agents.contains("*") } }
        return RobotsRules(rules: matching.flatMap(\.rules), disallowAll: nil)
    }

    /// `nil` when `pathAndQuery` may be fetched, otherwise the reason it may not.
    func refusal(for pathAndQuery: String) -> String? {
        if let disallowAll { return disallowAll }
        if pathAndQuery == "/robots.txt" { return nil }
        var best: Rule?
        for rule in rules where Self.matches(pattern: rule.pattern, path: pathAndQuery) {
            if let current = best {
                if rule.pattern.count > current.pattern.count || (rule.pattern.count == current.pattern.count && rule.allow) {
                    best = rule
                }
            } else {
                best = rule
            }
        }
        guard let best, !best.allow else { return nil }
        return "disallowed by robots.txt (Disallow: \(best.pattern))"
    }

    /// The product token of a user agent: `docpipe/1.0 (+url)` → `docpipe`.
    static func productToken(_ userAgent: String) -> String {
        String(userAgent.prefix { $0 != "/" && $0 != " " }).lowercased()
    }

    /// Whether `pattern` (with `*` and a final `$`) matches a prefix of `path` (or all of it with `$`).
    static func matches(pattern: String, path: String) -> Bool {
        var pattern = Array(pattern.utf8)
        let anchored = pattern.last == UInt8(ascii: "$")
        if anchored { pattern.removeLast() }
        let path = Array(path.utf8)
        // Positions in `path` reachable after matching a prefix of `pattern`.
        var positions: Set<Int> = [0]
        var index = 0
        while index < pattern.count, !positions.isEmpty {
            let byte = pattern[index]
            if byte == UInt8(ascii: "*") {
                let start = positions.min()!
                positions = Set(start...path.count)
            } else {
                var next: Set<Int> = []
                for position in positions where position < path.count && path[position] == byte {
                    next.insert(position + 1)
                }
                positions = next
            }
            index += 1
        }
        if positions.isEmpty { return false }
        return anchored ? positions.contains(path.count) : true
    }
}

extension Substring {
    fileprivate func trimmed() -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
