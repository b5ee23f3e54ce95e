public import DocPipe

/// Splits a text into sections, paragraphs, sentences and clauses, with code point offsets.
///
/// The segmenter is pure and fast: it decodes the text once into scalar values and scans them;
/// no regular expressions, no `Character`s.
///
/// ## What it produces
/// - **Sections** start at a heading (the forms are listed in `HeadingDetector`: `一、` > `（一）` >
///   `1.` > `（1）`, `第X编/章/节/条`, Markdown `#`, `1. Introduction`, `2.3 Methods`) and run to the
///   last text before the next heading of the same or a higher level (or the end of the text).
///   `heading` is the heading's text exactly as it stands in `text` (number and `#` marks
///   included), so it always equals the first `heading.unicodeScalars.count` code points of the
///   section. Text before the first heading belongs to no section. A numbered line that ends in
///   `；` — and the line after it with the same numbering — is a list item (a paragraph), not a
///   heading: `（一）涉及案情重大、复杂的；` … `（四）可能有其他妨碍调查行为的。`. Lines inside Markdown code
///   fences (```` ``` ````, `~~~`) are never headings.
/// - **Paragraphs** are the non-empty lines of the text (clean puts one paragraph per line),
///   minus headings: a heading line is not a paragraph; after an inline heading
///   (`（一）加强组织领导。各地要……`) the rest of the line is a paragraph. Heading lines are never
///   paragraphs, whether or not sections are produced, so paragraph ids do not depend on `levels`.
/// - **Sentences** end after runs of `。！？!?` with their closers (`”’」』）)》】〕`); `……` ends one
///   only before a closer or at the end of the paragraph; nothing inside `《…》` splits; `.` does not
///   split decimals, list numbers, abbreviations (`e.g.`, `Dr.`, `U.S.`), initials, or before a
///   lower-case word (the full rules are in `SentenceSplitter` and `LatinPeriod`). A paragraph
///   without sentence-ending punctuation is one sentence.
/// - **Clauses** split sentences after `；`/`;`; a sentence without one is one clause.
///
/// Every span is trimmed of white space and non-empty; `end` is exclusive.
///
/// ## Ids
/// Ids are stable and hierarchical, and the same whatever `levels` asks for:
/// - sections `s1`, `s2`, … at the top, `s1.1`, `s1.2`, … for the sections inside `s1`, and so on;
/// - paragraphs `p1`, `p2`, … numbered through the whole text;
/// - sentences `p4.s1`, `p4.s2`, … inside paragraph `p4`;
/// - clauses `p4.s2.c1`, … inside sentence `p4.s2`.
///
/// `parent` is the nearest enclosing segment that is produced: a clause's sentence, a sentence's
/// paragraph, a paragraph's innermost section, a section's enclosing section. When a level is left
/// out, children point at the next level up that is present (or have no parent).
///
/// ## `minChars`
/// Sentences and clauses shorter than `minChars` code points are merged into the one before them
/// (a short first one into the one after it); when all the sentences of a paragraph (or clauses of
/// a sentence) together are still too short, they are dropped. Sections and paragraphs are kept.
///
/// ```swift
/// let segments = Segmenter(levels: .all).segments(of: "一、总体要求\n坚持稳中求进。加强协调；形成合力。")
/// // s1 "一、总体要求", p1, p1.s1, p1.s1.c1, p1.s2, p1.s2.c1, p1.s2.c2
/// ```
public struct Segmenter: Sendable {
    /// The kinds of segments to produce.
    public var levels: SegmentLevels
    /// The shortest sentence or clause, in code points (0: no minimum).
    public var minChars: Int

    let headings = HeadingDetector()

    public init(levels: SegmentLevels = .standard, minChars: Int = 0) {
        self.levels = levels
        self.minChars = max(0, minChars)
    }

    /// The segments of `text`, in text order (a parent before its children).
    public func segments(of text: String) -> [Segment] {
        let buffer = ScalarBuffer(text)
        return buffer.values.withUnsafeBufferPointer { scalars in
            var builder = SegmentBuilder(segmenter: self, buffer: buffer, scalars: scalars)
            builder.run()
            return builder.output
        }
    }
}
