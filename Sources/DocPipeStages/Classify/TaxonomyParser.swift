public import DocPipe

extension Taxonomy {
    /// Reads and validates a taxonomy file.
    ///
    /// - Throws: ``PipelineError`` with every problem as a `file:line:col` diagnostic (a missing
    ///   file is one diagnostic at 1:1).
    public static func load(path: String) throws(PipelineError) -> Taxonomy {
        let text = try PipelineError.readSource(path) { "cannot read the taxonomy: \($0)" }
        return try parse(text, file: path)
    }

    /// Parses and validates taxonomy YAML.
    ///
    /// All problems are collected before throwing: YAML syntax, unknown keys (with a "did you
    /// mean"), wrong types, weights that are not positive numbers, empty or duplicate phrases, and
    /// phrases that are both ignored and scored.
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the name used in diagnostics.
    /// - Throws: ``PipelineError``.
    public static func parse(_ text: String, file: String) throws(PipelineError) -> Taxonomy {
        var parser = TaxonomyParser(file: file)
        let root: YAMLNode
        do {
            root = try YAMLParser.parse(text)
        } catch {
            var message = error.message
            if let context = error.context { message = "\(context): \(message)" }
            throw PipelineError(diagnostics: [Diagnostic(file: file, mark: error.mark, message: message)], source: text)
        }
        let taxonomy = parser.taxonomy(root)
        if let taxonomy { parser.checkSize(taxonomy, mark: root.mark) }
        guard let taxonomy, parser.diagnostics.isEmpty else {
            let sorted = parser.diagnostics.enumerated().sorted {
                ($0.element.mark.line, $0.element.mark.column, $0.offset)
                    < ($1.element.mark.line, $1.element.mark.column, $1.offset)
            }
            throw PipelineError(diagnostics: sorted.map(\.element), source: text)
        }
        return taxonomy
    }
}

/// Turns a YAML tree into a ``Taxonomy``, collecting diagnostics.
struct TaxonomyParser {
    let file: String
    var diagnostics: [Diagnostic] = []

    static let topKeys = ["version", "name", "description", "match", "ignore", "themes"]
    static let matchKeys = ["mode", "min_score", "multi_label_ratio"]
    static let themeKeys = ["label", "description", "phrases", "requires_any", "exclude"]
    static let phraseItemKeys = ["phrase", "weight"]

    init(file: String) { self.file = file }

    mutating func report(_ mark: SourceMark, _ message: String) {
        diagnostics.append(Diagnostic(file: file, mark: mark, message: message))
    }

    mutating func taxonomy(_ root: YAMLNode) -> Taxonomy? {
        guard let pairs = root.mapping else {
            report(root.mark, "a taxonomy must be a mapping with 'version' and 'themes', found \(root.kindDescription)")
            return nil
        }
        checkKeys(pairs, allowed: Self.topKeys, in: "the taxonomy")
        var taxonomy = Taxonomy(themes: [])
        if let version = root["version"] {
            if let number = version.scalar.flatMap(Int.init), version.tag == nil {
                if number != 1 {
                    report(version.mark, "unsupported taxonomy version \(number); this docpipe reads version 1")
                }
                taxonomy.version = number
            } else {
                report(version.mark, "'version' must be the integer 1, found \(version.kindDescription)")
            }
        } else {
            report(root.mark, "missing 'version: 1'")
        }
        for key in ["name", "description"] {
            if let node = root[key], node.scalar == nil {
                report(node.mark, "'\(key)' must be a string, found \(node.kindDescription)")
            }
        }
        if let match = root["match"] { parseMatch(match, into: &taxonomy) }
        var ignored: [String: SourceMark] = [:]
        if let ignore = root["ignore"] {
            for (phrase, mark) in phraseList(ignore, key: "ignore") {
                if ignored[phrase] != nil {
                    report(mark, "'\(phrase)' is listed twice in 'ignore'")
                } else {
                    ignored[phrase] = mark
                    taxonomy.ignore.append(phrase)
                }
            }
        }
        guard let themes = root["themes"] else {
            report(root.mark, "missing 'themes': a mapping from theme keys to their phrases")
            return taxonomy
        }
        guard let themePairs = themes.mapping, !themePairs.isEmpty else {
            report(
                themes.mark,
                "'themes' must be a non-empty mapping from theme keys to their phrases, found \(themes.kindDescription)"
            )
            return taxonomy
        }
        var seenThemes: [String: SourceMark] = [:]
        for pair in themePairs {
            guard let key = pair.key.scalar, !key.isEmpty else {
                report(pair.key.mark, "a theme key must be a non-empty string")
                continue
            }
            if let first = seenThemes[key] {
                report(pair.key.mark, "theme '\(key)' is defined twice (first at \(first))")
                continue
            }
            seenThemes[key] = pair.key.mark
            if !key.unicodeScalars.allSatisfy({ Self.isKeyScalar($0) }) {
                report(pair.key.mark, "theme key '\(key)' may only use letters, digits, '_', '.' and '-'")
            }
            if let theme = parseTheme(key: key, node: pair.value, ignored: ignored) {
                taxonomy.themes.append(theme)
            }
        }
        return taxonomy
    }

    /// Rejects taxonomies beyond what one compiled trie holds (64 K distinct characters, 16 M
    /// characters of phrases).
    mutating func checkSize(_ taxonomy: Taxonomy, mark: SourceMark) {
        var characters = Set<UInt32>()
        var total = 0
        let phrases =
            taxonomy.ignore + taxonomy.themes.flatMap { $0.phrases.map(\.phrase) + $0.requiresAny + $0.exclude }
        for phrase in phrases {
            for scalar in phrase.unicodeScalars {
                characters.insert(scalar.value)
                total += 1
            }
        }
        if characters.count > PhraseTrie.maximumAlphabet {
            report(
                mark,
                "the phrases use \(characters.count) distinct characters; at most \(PhraseTrie.maximumAlphabet) are supported"
            )
        }
        if total > PhraseTrie.maximumKeys {
            report(mark, "the phrases have \(total) characters in all; at most \(PhraseTrie.maximumKeys) are supported")
        }
    }

    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-": true
        default: false
        }
    }

    mutating func parseMatch(_ node: YAMLNode, into taxonomy: inout Taxonomy) {
        guard let pairs = node.mapping else {
            report(node.mark, "'match' must be a mapping (min_score, multi_label_ratio), found \(node.kindDescription)")
            return
        }
        checkKeys(pairs, allowed: Self.matchKeys, in: "'match'")
        if let mode = node["mode"], mode.scalar != "longest_non_overlapping" {
            report(mode.mark, "'mode' must be 'longest_non_overlapping' (the only mode), found \(mode.kindDescription)")
        }
        if let value = node["min_score"] {
            if let number = number(value), number >= 0 {
                taxonomy.minScore = number
            } else {
                report(value.mark, "'min_score' must be a number ≥ 0, found \(value.kindDescription)")
            }
        }
        if let value = node["multi_label_ratio"] {
            if let number = number(value), number >= 0, number <= 1 {
                taxonomy.multiLabelRatio = number
            } else {
                report(value.mark, "'multi_label_ratio' must be a number from 0 to 1, found \(value.kindDescription)")
            }
        }
    }

    mutating func parseTheme(key: String, node: YAMLNode, ignored: [String: SourceMark]) -> Theme? {
        guard let pairs = node.mapping else {
            report(node.mark, "theme '\(key)' must be a mapping with 'phrases', found \(node.kindDescription)")
            return nil
        }
        checkKeys(pairs, allowed: Self.themeKeys, in: "theme '\(key)'")
        var label = key
        if let value = node["label"] {
            if let text = value.scalar, !value.isNull {
                label = text
            } else {
                report(value.mark, "'label' must be a string, found \(value.kindDescription)")
            }
        }
        if let value = node["description"], value.scalar == nil {
            report(value.mark, "'description' must be a string, found \(value.kindDescription)")
        }
        var phrases: [WeightedPhrase] = []
        var seen: [String: SourceMark] = [:]
        func add(_ phrase: String, _ weight: Double, _ mark: SourceMark) {
            if let first = seen[phrase] {
                report(mark, "'\(phrase)' is listed twice in theme '\(key)' (first at \(first))")
            } else if let ignoredAt = ignored[phrase] {
                report(mark, "'\(phrase)' is in 'ignore' (at \(ignoredAt)) and cannot also score for theme '\(key)'")
            } else {
                seen[phrase] = mark
                phrases.append(WeightedPhrase(phrase, weight: weight))
            }
        }
        if let value = node["phrases"] {
            let before = diagnostics.count
            if let weightPairs = value.mapping {
                for pair in weightPairs {
                    guard let weight = number(pair.key), weight > 0, weight <= 1000 else {
                        report(
                            pair.key.mark,
                            "a weight in 'phrases' must be a number greater than 0 (at most 1000), found \(pair.key.kindDescription)"
                        )
                        continue
                    }
                    for (phrase, mark) in phraseList(pair.value, key: "phrases of weight \(pair.key.scalar ?? "")") {
                        add(phrase, weight, mark)
                    }
                }
            } else if let items = value.sequence {
                for item in items {
                    if let pairs = item.mapping {
                        checkKeys(pairs, allowed: Self.phraseItemKeys, in: "a phrase of theme '\(key)'")
                        guard let phraseNode = item["phrase"] else {
                            report(item.mark, "a phrase item needs 'phrase' (and 'weight')")
                            continue
                        }
                        var weight = 1.0
                        if let weightNode = item["weight"] {
                            guard let number = number(weightNode), number > 0, number <= 1000 else {
                                report(
                                    weightNode.mark,
                                    "'weight' must be a number greater than 0 (at most 1000), found \(weightNode.kindDescription)"
                                )
                                continue
                            }
                            weight = number
                        }
                        if let phrase = phrase(phraseNode) { add(phrase, weight, phraseNode.mark) }
                    } else if let phrase = phrase(item) {
                        add(phrase, 1, item.mark)
                    }
                }
            } else {
                report(
                    value.mark,
                    "'phrases' of theme '\(key)' must be a mapping from weights to lists (3: [...]) or a list of {phrase, weight}, found \(value.kindDescription)"
                )
            }
            if phrases.isEmpty, value.mapping != nil || value.sequence != nil, diagnostics.count == before {
                report(value.mark, "theme '\(key)' has no phrases")
            }
        } else {
            report(node.mark, "theme '\(key)' has no 'phrases'")
        }
        var requiresAny: [String] = []
        if let value = node["requires_any"] {
            requiresAny = phraseList(value, key: "requires_any").map(\.0)
            if requiresAny.isEmpty && value.sequence != nil {
                report(value.mark, "'requires_any' is empty; remove it or list context words")
            }
        }
        var exclude: [String] = []
        if let value = node["exclude"] { exclude = phraseList(value, key: "exclude").map(\.0) }
        return Theme(key: key, label: label, phrases: phrases, requiresAny: requiresAny, exclude: exclude)
    }

    /// The phrases of a list node, normalized, with their marks.
    mutating func phraseList(_ node: YAMLNode, key: String) -> [(String, SourceMark)] {
        guard let items = node.sequence else {
            report(node.mark, "'\(key)' must be a list of phrases, found \(node.kindDescription)")
            return []
        }
        return items.compactMap { item in phrase(item).map { ($0, item.mark) } }
    }

    /// One phrase, normalized for matching; reports non-strings and empty phrases.
    mutating func phrase(_ node: YAMLNode) -> String? {
        guard let text = node.scalar, !node.isNull else {
            report(node.mark, "a phrase must be a string, found \(node.kindDescription)")
            return nil
        }
        let normalized = MatchText.normalized(text).trimmingSpaces()
        guard !normalized.isEmpty else {
            report(node.mark, "empty phrase")
            return nil
        }
        return normalized
    }

    func number(_ node: YAMLNode) -> Double? {
        guard let text = node.scalar, node.tag == nil, case .scalar(_, true) = node.content else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    mutating func checkKeys(_ pairs: [YAMLPair], allowed: [String], in place: String) {
        var seen: Set<String> = []
        for pair in pairs {
            guard let key = pair.key.scalar else {
                report(pair.key.mark, "keys of \(place) must be strings")
                continue
            }
            if !allowed.contains(key) {
                report(
                    pair.key.mark,
                    "unknown key '\(key)' in \(place)\(Suggestion.didYouMean(key, in: allowed)); expected one of \(allowed.joined(separator: ", "))"
                )
            } else if !seen.insert(key).inserted {
                report(pair.key.mark, "'\(key)' is set twice in \(place)")
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !Self.isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !Self.isSpace($0) })!
        return String(scalars[first...last])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" }
}
