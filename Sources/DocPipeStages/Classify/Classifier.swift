import DocPipe

/// A compiled taxonomy: one phrase trie for all phrases, ignore words, context words and veto
/// phrases of every theme, built once and shared (the value is immutable and `Sendable`).
///
/// Matching runs on the normalized copy of the text (``MatchText``): at each position the longest
/// scoring or ignored phrase starting there is taken, and matching resumes after it (leftmost
/// longest, non-overlapping). Ignored phrases consume text but never score. Context words
/// (`requires_any`) and veto phrases (`exclude`) are looked for at every position, overlapping
/// included: they only test presence in the unit.
///
/// ```swift
/// let classifier = Classifier(taxonomy: try Taxonomy.load(path: "pipelines/taxonomies/asean-talent.yaml"))
/// for label in classifier.classify(text: "举办职业技能大赛") { print(label.theme, label.score) }
/// ```
public struct Classifier: Sendable {
    /// The taxonomy this classifier was compiled from.
    public let taxonomy: Taxonomy
    /// The theme keys, in taxonomy order.
    public let themeKeys: [String]

    let trie: PhraseTrie
    /// Per trie key: its phrase text (for evidence).
    let phrases: [String]
    /// Per trie key: whether it takes part in longest matching (a scoring or ignored phrase).
    let consumes: [Bool]
    /// Per trie key: its scoring entries are `scoreThemes/scoreWeights[scoreStart[k]..<scoreStart[k+1]]`.
    let scoreStart: [Int32]
    let scoreThemes: [Int32]
    let scoreWeights: [Double]
    /// Per trie key: its context entries are `contextThemes[contextStart[k]..<contextStart[k+1]]`,
    /// a theme index for a `requires_any` word, or `~theme` (negative) for an `exclude` phrase.
    let contextStart: [Int32]
    let contextThemes: [Int32]
    /// Per theme: whether it has a `requires_any` gate.
    let gated: [Bool]

    /// Compiles `taxonomy`.
    public init(taxonomy: Taxonomy) {
        self.taxonomy = taxonomy
        themeKeys = taxonomy.themes.map(\.key)
        var index: [String: Int] = [:]
        var phrases: [String] = []
        var consumes: [Bool] = []
        var scoring: [[(Int32, Double)]] = []
        var context: [[Int32]] = []
        func key(_ phrase: String) -> Int {
            let normalized = MatchText.normalized(phrase)
            if let existing = index[normalized] { return existing }
            index[normalized] = phrases.count
            phrases.append(normalized)
            consumes.append(false)
            scoring.append([])
            context.append([])
            return phrases.count - 1
        }
        for phrase in taxonomy.ignore { consumes[key(phrase)] = true }
        for (t, theme) in taxonomy.themes.enumerated() {
            for item in theme.phrases {
                let k = key(item.phrase)
                consumes[k] = true
                scoring[k].append((Int32(t), item.weight))
            }
            for word in theme.requiresAny { context[key(word)].append(Int32(t)) }
            for word in theme.exclude { context[key(word)].append(~Int32(t)) }
        }
        trie = PhraseTrie(keys: phrases.map { Array($0.unicodeScalars.map(\.value)) })
        self.phrases = phrases
        self.consumes = consumes
        var scoreStart: [Int32] = [0]
        var scoreThemes: [Int32] = []
        var scoreWeights: [Double] = []
        for entries in scoring {
            for (theme, weight) in entries {
                scoreThemes.append(theme)
                scoreWeights.append(weight)
            }
            scoreStart.append(Int32(scoreThemes.count))
        }
        var contextStart: [Int32] = [0]
        var contextThemes: [Int32] = []
        for entries in context {
            contextThemes.append(contentsOf: entries)
            contextStart.append(Int32(contextThemes.count))
        }
        self.scoreStart = scoreStart
        self.scoreThemes = scoreThemes
        self.scoreWeights = scoreWeights
        self.contextStart = contextStart
        self.contextThemes = contextThemes
        gated = taxonomy.themes.map { !$0.requiresAny.isEmpty }
    }

    /// The number of distinct phrases in the trie (scoring, ignored, context and veto).
    public var phraseCount: Int { phrases.count }

    /// Labels `text` as one unit: the themes that pass, best first, at most `top`; evidence spans
    /// are code point offsets into `text`.
    public func classify(text: String, top: Int = 3) -> [ThemeScore] {
        analyze(text: text, top: top).themes
    }

    /// Labels `text` as one unit and also returns every theme's score.
    public func analyze(text: String, top: Int = 3) -> Classification {
        let match = MatchText(text)
        var scratch = Scratch(themeCount: themeKeys.count)
        return classify(match, range: 0..<match.scalars.count, top: top, scratch: &scratch)
    }

    /// Per-unit working memory, reused across the units of a document.
    struct Scratch {
        var scores: [Double]
        var gateSeen: [Bool]
        var vetoed: [Bool]
        var matchStarts: [Int] = []
        var matchEnds: [Int] = []
        var matchKeys: [Int] = []

        init(themeCount: Int) {
            scores = Array(repeating: 0, count: themeCount)
            gateSeen = Array(repeating: false, count: themeCount)
            vetoed = Array(repeating: false, count: themeCount)
        }

        mutating func reset() {
            for t in scores.indices {
                scores[t] = 0
                gateSeen[t] = false
                vetoed[t] = false
            }
            matchStarts.removeAll(keepingCapacity: true)
            matchEnds.removeAll(keepingCapacity: true)
            matchKeys.removeAll(keepingCapacity: true)
        }
    }

    /// Classifies the normalized scalars `range` of `match` as one unit.
    func classify(_ match: MatchText, range: Range<Int>, top: Int, scratch: inout Scratch) -> Classification {
        scratch.reset()
        guard !range.isEmpty, !themeKeys.isEmpty else { return Classification(themes: [], scores: []) }
        scan(match, range: range, scratch: &scratch)
        // Scores.
        scoreStart.withUnsafeBufferPointer { starts in
            for k in scratch.matchKeys {
                for e in Int(starts[k])..<Int(starts[k + 1]) {
                    scratch.scores[Int(scoreThemes[e])] += scoreWeights[e]
                }
            }
        }
        var best = 0.0
        for t in scratch.scores.indices {
            if scratch.vetoed[t] || (gated[t] && !scratch.gateSeen[t]) { scratch.scores[t] = 0 }
            best = max(best, scratch.scores[t])
        }
        guard best > 0 else { return Classification(themes: [], scores: []) }
        var all: [ThemeScore] = []
        for t in scratch.scores.indices where scratch.scores[t] > 0 {
            var evidence: [Evidence] = []
            for (i, k) in scratch.matchKeys.enumerated()
            where scoreThemes[Int(scoreStart[k])..<Int(scoreStart[k + 1])].contains(Int32(t)) {
                let span = match.originalSpan(scratch.matchStarts[i]..<scratch.matchEnds[i])
                evidence.append(Evidence(phrase: phrases[k], start: span.start, end: span.end))
            }
            all.append(ThemeScore(theme: themeKeys[t], score: scratch.scores[t], evidence: evidence))
        }
        let threshold = max(taxonomy.minScore, taxonomy.multiLabelRatio * best)
        let chosen = all.enumerated()
            .filter { $0.element.score >= threshold }
            .sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .prefix(max(top, 0))
            .map(\.element)
        return Classification(themes: chosen, scores: all)
    }

    /// Finds the unit's non-overlapping longest matches and its context words.
    private func scan(_ match: MatchText, range: Range<Int>, scratch: inout Scratch) {
        var consumedUntil = range.lowerBound
        var currentStart = -1
        var currentEnd = -1
        var currentKey = -1
        consumes.withUnsafeBufferPointer { consumes in
            contextStart.withUnsafeBufferPointer { contextStart in
                match.scalars.withUnsafeBufferPointer { text in
                    trie.forEachOccurrence(in: text, range: range) { start, end, key in
                        if start != currentStart {
                            if currentEnd >= 0, currentStart >= consumedUntil {
                                scratch.matchStarts.append(currentStart)
                                scratch.matchEnds.append(currentEnd)
                                scratch.matchKeys.append(currentKey)
                                consumedUntil = currentEnd
                            }
                            currentStart = start
                            currentEnd = -1
                        }
                        let contextRange = Int(contextStart[key])..<Int(contextStart[key + 1])
                        if !contextRange.isEmpty {
                            for c in contextRange {
                                let theme = contextThemes[c]
                                if theme >= 0 {
                                    scratch.gateSeen[Int(theme)] = true
                                } else {
                                    scratch.vetoed[Int(~theme)] = true
                                }
                            }
                        }
                        if consumes[key] {
                            currentEnd = end
                            currentKey = key
                        }
                    }
                }
            }
        }
        if currentEnd >= 0, currentStart >= consumedUntil {
            scratch.matchStarts.append(currentStart)
            scratch.matchEnds.append(currentEnd)
            scratch.matchKeys.append(currentKey)
        }
    }
}
