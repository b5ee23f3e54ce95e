public import DocPipe

/// A theme's score in one unit of text, with the phrases that produced it.
public struct ThemeScore: Sendable, Equatable {
    /// The theme key, e.g. `training`.
    public var theme: String
    /// The sum of the weights of the theme's phrases matched in the unit.
    public var score: Double
    /// The matched phrases (as written in the taxonomy, normalized) and their code point spans in
    /// the classified text, in text order.
    public var evidence: [Evidence]

    public init(theme: String, score: Double, evidence: [Evidence] = []) {
        self.theme = theme
        self.score = score
        self.evidence = evidence
    }
}

/// The result of classifying one unit.
public struct Classification: Sendable, Equatable {
    /// The labels: themes that pass `min_score` and `multi_label_ratio` × best, best first, at most
    /// `top`. Empty when no theme qualifies — there is no forced guess.
    public var themes: [ThemeScore]
    /// Every theme with a score above 0 after context gates and vetoes, in taxonomy order.
    public var scores: [ThemeScore]

    public init(themes: [ThemeScore], scores: [ThemeScore]) {
        self.themes = themes
        self.scores = scores
    }
}
