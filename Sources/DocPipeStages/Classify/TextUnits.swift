public import DocPipe

/// A simple splitter of plain text into sections, paragraphs and sentences, for classifying text
/// that did not go through the `segment` stage (the `docpipe classify` command and tests).
///
/// Paragraphs are non-blank lines. A line that starts with a top-level Chinese heading number
/// (`一、` … `十九、`) is a section heading: the section runs from it to the next such heading, and
/// the heading line is not a paragraph. Sentences end after a run of `。！？!?` (with closing
/// quotes and brackets kept), never inside `《…》`. Offsets are code points, end exclusive.
public enum TextUnits {
    /// Segments of `text` of the given kinds (section, paragraph, sentence), in text order per kind.
    public static func segments(of text: String, kinds: Set<SegmentKind> = [.section, .paragraph, .sentence])
        -> [Segment]
    {
        let scalars = Array(text.unicodeScalars)
        var lines: [(start: Int, end: Int)] = []
        var lineStart = 0
        for (i, scalar) in scalars.enumerated() where scalar == "\n" {
            lines.append((lineStart, i))
            lineStart = i + 1
        }
        lines.append((lineStart, scalars.count))
        var sections: [Segment] = []
        var paragraphs: [Segment] = []
        var sentences: [Segment] = []
        var currentSection: Int?
        for line in lines {
            let (start, end) = trimmed(scalars, line.start, line.end)
            guard start < end else { continue }
            if isSectionHeading(scalars, start, end) {
                if let index = currentSection { sections[index].end = lastContentEnd(paragraphs, sections[index]) }
                let heading = String(String.UnicodeScalarView(scalars[start..<end]))
                sections.append(
                    Segment(id: "s\(sections.count + 1)", kind: .section, start: start, end: end, heading: heading))
                currentSection = sections.count - 1
                continue
            }
            let parent = currentSection.map { sections[$0].id }
            let paragraph = Segment(
                id: "p\(paragraphs.count + 1)", kind: .paragraph, start: start, end: end, parent: parent)
            paragraphs.append(paragraph)
            if let index = currentSection { sections[index].end = end }
            for (sentenceStart, sentenceEnd) in sentenceSpans(scalars, start, end) {
                sentences.append(
                    Segment(
                        id: "\(paragraph.id).t\(sentences.count + 1)", kind: .sentence, start: sentenceStart,
                        end: sentenceEnd, parent: paragraph.id))
            }
        }
        var result: [Segment] = []
        if kinds.contains(.section) { result += sections }
        if kinds.contains(.paragraph) { result += paragraphs }
        if kinds.contains(.sentence) { result += sentences }
        return result
    }

    private static func lastContentEnd(_ paragraphs: [Segment], _ section: Segment) -> Int {
        paragraphs.last(where: { $0.parent == section.id })?.end ?? section.end
    }

    private static func trimmed(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> (Int, Int) {
        var start = start
        var end = end
        while start < end, s[start].properties.isWhitespace { start += 1 }
        while end > start, s[end - 1].properties.isWhitespace { end -= 1 }
        return (start, end)
    }

    private static func isSectionHeading(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end, i - start < 3, "一二三四五六七八九十".unicodeScalars.contains(s[i]) { i += 1 }
        return i > start && i < end && s[i] == "、"
    }

    private static let enders: Set<Unicode.Scalar> = ["。", "！", "？", "!", "?"]
    private static let closers: Set<Unicode.Scalar> = ["”", "’", "」", "』", "）", ")", "》", "】", "〕"]

    static func sentenceSpans(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> [(Int, Int)] {
        var spans: [(Int, Int)] = []
        var sentenceStart = start
        var depth = 0
        var i = start
        while i < end {
            let scalar = s[i]
            if scalar == "《" { depth += 1 }
            if scalar == "》" { depth = max(0, depth - 1) }
            if depth == 0, enders.contains(scalar) {
                var j = i + 1
                while j < end, enders.contains(s[j]) { j += 1 }
                while j < end, closers.contains(s[j]) { j += 1 }
                spans.append((sentenceStart, j))
                sentenceStart = j
                i = j
                continue
            }
            i += 1
        }
        if sentenceStart < end {
            let (a, b) = trimmed(s, sentenceStart, end)
            if a < b { spans.append((a, b)) }
        }
        return spans
    }
}
