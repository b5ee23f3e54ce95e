public import DocPipe

/// Which kinds of segments a ``Segmenter`` produces.
public struct SegmentLevels: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Sections, from headings.
    public static let section = SegmentLevels(rawValue: 1)
    /// Paragraphs: the non-empty lines of the text that are not headings.
    public static let paragraph = SegmentLevels(rawValue: 2)
    /// Sentences of each paragraph.
    public static let sentence = SegmentLevels(rawValue: 4)
    /// Clauses of each sentence (split at `；`).
    public static let clause = SegmentLevels(rawValue: 8)

    /// Section, paragraph and sentence: the `segment` stage's default.
    public static let standard: SegmentLevels = [.section, .paragraph, .sentence]
    /// Every level.
    public static let all: SegmentLevels = [.section, .paragraph, .sentence, .clause]

    /// The level named `name` (`section`, `paragraph`, `sentence`, `clause`), if any.
    public init?(name: String) {
        switch name {
        case "section": self = .section
        case "paragraph": self = .paragraph
        case "sentence": self = .sentence
        case "clause": self = .clause
        default: return nil
        }
    }

    /// The segment kinds these levels produce.
    public var kinds: [SegmentKind] {
        var kinds: [SegmentKind] = []
        if contains(.section) { kinds.append(.section) }
        if contains(.paragraph) { kinds.append(.paragraph) }
        if contains(.sentence) { kinds.append(.sentence) }
        if contains(.clause) { kinds.append(.clause) }
        return kinds
    }
}
