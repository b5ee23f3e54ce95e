import DocPipe

/// A theme taxonomy: weighted phrases per theme, context gates, an ignore list and the settings
/// that turn phrase scores into labels.
///
/// Taxonomies are YAML files (see ``Taxonomy/load(path:)`` and ``Taxonomy/parse(_:file:)``):
/// ```yaml
/// version: 1
/// match: {min_score: 3, multi_label_ratio: 0.5}   # optional; these are the defaults
/// ignore: [东盟, 合作]          # consumed by matching (so they block shorter phrases) but never scored
/// themes:
///   training:                   # the theme key written in labels ([A-Za-z0-9_.-])
///     label: 人才培养培训         # display name (optional; defaults to the key)
///     phrases:                  # weight: [phrases]  — or a list of {phrase: 职业培训, weight: 3}
///       3: [职业技能培训, 技工院校]
///       1: [培训]
///     requires_any: [人才, 技能]  # optional gate: one must occur in the same unit
///     exclude: [学历教育]         # optional veto: if one occurs in the unit, the theme scores 0
/// ```
/// A theme's score in a unit is the sum of the weights of its phrases found there, matching the
/// normalized text longest-match-first without overlaps (``Classifier``).
public struct Taxonomy: Sendable, Equatable {
    /// The format version (1).
    public var version: Int
    /// The lowest score a theme needs to label a unit.
    public var minScore: Double
    /// A theme also needs at least this fraction of the unit's best score (0–1).
    public var multiLabelRatio: Double
    /// Phrases consumed by matching but never scored.
    public var ignore: [String]
    /// The themes, in file order.
    public var themes: [Theme]

    public init(
        version: Int = 1, minScore: Double = 3, multiLabelRatio: Double = 0.5, ignore: [String] = [], themes: [Theme]
    ) {
        self.version = version
        self.minScore = minScore
        self.multiLabelRatio = multiLabelRatio
        self.ignore = ignore
        self.themes = themes
    }
}

/// One theme of a ``Taxonomy``.
public struct Theme: Sendable, Equatable {
    /// The key written in labels, e.g. `training`.
    public var key: String
    /// The display name, e.g. 人才培养培训.
    public var label: String
    /// The phrases that score for the theme, with their weights.
    public var phrases: [WeightedPhrase]
    /// Context words: when not empty, one of them must occur in the unit for the theme to count.
    public var requiresAny: [String]
    /// Veto phrases: when one occurs in the unit, the theme does not count there.
    public var exclude: [String]

    public init(
        key: String, label: String? = nil, phrases: [WeightedPhrase], requiresAny: [String] = [], exclude: [String] = []
    ) {
        self.key = key
        self.label = label ?? key
        self.phrases = phrases
        self.requiresAny = requiresAny
        self.exclude = exclude
    }
}

/// A phrase and the weight it adds to its theme's score at each match.
public struct WeightedPhrase: Sendable, Equatable {
    /// The phrase, normalized for matching.
    public var phrase: String
    /// What each match adds to the theme's score (> 0).
    public var weight: Double

    public init(_ phrase: String, weight: Double) {
        self.phrase = phrase
        self.weight = weight
    }
}
