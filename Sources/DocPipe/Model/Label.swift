/// A theme assigned to a document or to one of its segments, with the evidence for it.
public struct Label: Sendable, Equatable {
    /// The theme key from the taxonomy, e.g. `training`.
    public var theme: String
    public var score: Double
    /// The labelled segment's id; `nil` for a document-level label.
    public var segment: String?
    /// The phrases that produced the score.
    public var evidence: [Evidence]

    public init(theme: String, score: Double, segment: String? = nil, evidence: [Evidence] = []) {
        self.theme = theme
        self.score = score
        self.segment = segment
        self.evidence = evidence
    }
}

/// One matched phrase: its text and its code point span in ``Document/text``.
public struct Evidence: Sendable, Equatable {
    public var phrase: String
    public var start: Int
    public var end: Int

    public init(phrase: String, start: Int, end: Int) {
        self.phrase = phrase
        self.start = start
        self.end = end
    }
}

/// A record that a stage processed a document.
public struct LineageEntry: Sendable, Equatable {
    /// The stage's registered name (`use`).
    public var stage: String
    /// The stage's id in the pipeline.
    public var id: String
    /// The stage's version.
    public var version: String
    /// How long the stage took on this document, in microseconds.
    public var micros: Int?

    public init(stage: String, id: String, version: String, micros: Int? = nil) {
        self.stage = stage
        self.id = id
        self.version = version
        self.micros = micros
    }
}
