public import DocPipe

extension Document {
    /// Everything wrong with the document's offsets: segments and evidence spans outside `text`
    /// or reversed, evidence whose `phrase` is not the text it points at, labels naming a segment
    /// that does not exist, parents that do not exist. Empty when the spans are consistent —
    /// check it after any stage that edits `text`:
    /// ```swift
    /// #expect(output.spanProblems().isEmpty, "\(output.spanProblems())")
    /// ```
    public func spanProblems() -> [String] {
        var problems: [String] = []
        let length = text.unicodeScalars.count
        let ids = Set(segments.map(\.id))
        for segment in segments {
            if segment.start < 0 || segment.end < segment.start || segment.end > length {
                problems.append(
                    "segment \(segment.id) [\(segment.start), \(segment.end)) is outside the text (\(length) code points)"
                )
            }
            if let parent = segment.parent, !ids.contains(parent) {
                problems.append("segment \(segment.id) has an unknown parent \(parent)")
            }
        }
        for label in labels {
            if let segment = label.segment, !ids.contains(segment) {
                problems.append("label \(label.theme) names an unknown segment \(segment)")
            }
            for evidence in label.evidence {
                if evidence.start < 0 || evidence.end < evidence.start || evidence.end > length {
                    problems.append(
                        "evidence '\(evidence.phrase)' [\(evidence.start), \(evidence.end)) is outside the text")
                } else if text(from: evidence.start, to: evidence.end) != evidence.phrase {
                    problems.append(
                        "evidence '\(evidence.phrase)' points at '\(text(from: evidence.start, to: evidence.end))'")
                }
            }
        }
        return problems
    }
}
