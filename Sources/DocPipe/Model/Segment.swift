/// A span of a document's text: a section, paragraph, sentence or clause.
///
/// `start` and `end` are Unicode code point offsets into ``Document/text``, end exclusive.
public struct Segment: Sendable, Equatable {
    /// Stable, hierarchical id (e.g. `s1.p2.t3`).
    public var id: String
    public var kind: SegmentKind
    public var start: Int
    public var end: Int
    /// The id of the enclosing segment, if any.
    public var parent: String?
    /// For a section: its heading line, with its number.
    public var heading: String?

    public init(id: String, kind: SegmentKind, start: Int, end: Int, parent: String? = nil, heading: String? = nil) {
        self.id = id
        self.kind = kind
        self.start = start
        self.end = end
        self.parent = parent
        self.heading = heading
    }
}

/// The kind of a ``Segment``; the built-in kinds are section, paragraph, sentence and clause,
/// and stages may add their own.
public struct SegmentKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let section: SegmentKind = "section"
    public static let paragraph: SegmentKind = "paragraph"
    public static let sentence: SegmentKind = "sentence"
    public static let clause: SegmentKind = "clause"

    public var description: String { rawValue }
}
