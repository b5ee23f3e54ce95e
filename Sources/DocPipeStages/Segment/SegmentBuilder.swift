import DocPipe

/// One pass of a ``Segmenter`` over a text: lines, headings and the section stack, then the
/// sentences and clauses of each paragraph.
struct SegmentBuilder {
    private struct OpenSection {
        var level: Int
        var id: String
        /// The index of the section's segment in `output`, or -1 when sections are not produced.
        var outputIndex: Int
        var children = 0
    }

    let segmenter: Segmenter
    let buffer: ScalarBuffer
    let s: UnsafeBufferPointer<UInt32>
    private(set) var output: [Segment] = []

    private var open: [OpenSection] = []
    private var topSections = 0
    private var paragraphs = 0
    /// The end of the last heading or paragraph: where open sections end.
    private var lastContentEnd = 0
    private var sentenceSpans: [Range<Int>] = []
    private var clauseSpans: [Range<Int>] = []
    /// The level of the list item on the previous line, if it was one.
    private var listLevel: Int?

    init(segmenter: Segmenter, buffer: ScalarBuffer, scalars: UnsafeBufferPointer<UInt32>) {
        self.segmenter = segmenter
        self.buffer = buffer
        self.s = scalars
    }

    mutating func run() {
        let n = s.count
        var inFence = false
        var i = 0
        while i < n {
            var lineEnd = i
            while lineEnd < n && !ScalarClass.isLineBreak(s[lineEnd]) { lineEnd &+= 1 }
            var a = i
            var b = lineEnd
            while a < b && ScalarClass.isSpace(s[a]) { a += 1 }
            while b > a && ScalarClass.isSpace(s[b - 1]) { b -= 1 }
            if a < b {
                line(a, b, inFence: &inFence)
            }
            i = lineEnd + 1
        }
        closeSections(downTo: Int.min)
    }

    private mutating func line(_ a: Int, _ b: Int, inFence: inout Bool) {
        if isFence(a, b) {
            inFence.toggle()
        } else if !inFence, let heading = segmenter.headings.detect(s, a, b) {
            if isListItem(heading, lineEnd: b) {
                listLevel = heading.level
                paragraph(a, b)
                return
            }
            listLevel = nil
            openSection(level: heading.level, start: a, headingEnd: heading.end)
            lastContentEnd = heading.end
            var rest = heading.end
            while rest < b && ScalarClass.isSpace(s[rest]) { rest += 1 }
            if rest < b { paragraph(rest, b) }
            return
        }
        listLevel = nil
        paragraph(a, b)
    }

    /// Whether a numbered line is an item of a list rather than a heading: the whole line is the
    /// candidate heading and it ends in `；`/`;` (`（二）可能逃跑、自杀的；`), or it directly follows
    /// such an item of the same level (the list's last item, `（四）……的。`). Items are paragraphs.
    private func isListItem(_ heading: HeadingDetector.Match, lineEnd b: Int) -> Bool {
        guard heading.isNumberedItem, heading.end == b else { return false }
        return ScalarClass.isClauseSeparator(s[b - 1]) || listLevel == heading.level
    }

    /// A Markdown code fence: a line starting with ``` or ~~~.
    private func isFence(_ a: Int, _ b: Int) -> Bool {
        guard b - a >= 3 else { return false }
        let c = s[a]
        return (c == 0x60 || c == 0x7E) && s[a + 1] == c && s[a + 2] == c
    }

    private mutating func openSection(level: Int, start: Int, headingEnd: Int) {
        closeSections(downTo: level)
        let id: String
        if open.isEmpty {
            topSections += 1
            id = "s\(topSections)"
        } else {
            open[open.count - 1].children += 1
            id = "\(open[open.count - 1].id).\(open[open.count - 1].children)"
        }
        var outputIndex = -1
        if segmenter.levels.contains(.section) {
            outputIndex = output.count
            output.append(
                Segment(
                    id: id, kind: .section, start: start, end: headingEnd, parent: open.last?.id,
                    heading: buffer.string(start..<headingEnd)))
        }
        open.append(OpenSection(level: level, id: id, outputIndex: outputIndex))
    }

    /// Closes the open sections whose level is `level` or deeper (all of them for `Int.min`).
    private mutating func closeSections(downTo level: Int) {
        while let last = open.last, last.level >= level {
            if last.outputIndex >= 0 { output[last.outputIndex].end = lastContentEnd }
            open.removeLast()
        }
    }

    private mutating func paragraph(_ start: Int, _ end: Int) {
        lastContentEnd = end
        paragraphs += 1
        let levels = segmenter.levels
        let id = "p\(paragraphs)"
        let sectionParent = levels.contains(.section) ? open.last?.id : nil
        if levels.contains(.paragraph) {
            output.append(Segment(id: id, kind: .paragraph, start: start, end: end, parent: sectionParent))
        }
        guard levels.contains(.sentence) || levels.contains(.clause) else { return }
        let sentenceParent = levels.contains(.paragraph) ? id : sectionParent
        sentenceSpans.removeAll(keepingCapacity: true)
        SentenceSplitter.sentences(s, start, end, into: &sentenceSpans)
        ShortSpanMerger.merge(&sentenceSpans, minChars: segmenter.minChars)
        for (index, sentence) in sentenceSpans.enumerated() {
            let sentenceID = "\(id).s\(index + 1)"
            if levels.contains(.sentence) {
                output.append(
                    Segment(
                        id: sentenceID, kind: .sentence, start: sentence.lowerBound, end: sentence.upperBound,
                        parent: sentenceParent))
            }
            if levels.contains(.clause) {
                clauses(
                    of: sentence, sentenceID: sentenceID,
                    parent: levels.contains(.sentence) ? sentenceID : sentenceParent)
            }
        }
    }

    private mutating func clauses(of sentence: Range<Int>, sentenceID: String, parent: String?) {
        clauseSpans.removeAll(keepingCapacity: true)
        SentenceSplitter.clauses(s, sentence, into: &clauseSpans)
        ShortSpanMerger.merge(&clauseSpans, minChars: segmenter.minChars)
        for (index, clause) in clauseSpans.enumerated() {
            output.append(
                Segment(
                    id: "\(sentenceID).c\(index + 1)", kind: .clause, start: clause.lowerBound, end: clause.upperBound,
                    parent: parent))
        }
    }
}
