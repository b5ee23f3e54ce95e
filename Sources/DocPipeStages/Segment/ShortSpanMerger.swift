/// Applies `min_chars` to the sentences of a paragraph or the clauses of a sentence.
///
/// Walking left to right, a span shorter than `minChars` code points joins the span before it;
/// a short first span joins the span after it (and so on, until the joined span is long enough).
/// When all spans together stay shorter than `minChars`, they are dropped. Every span kept is at
/// least `minChars` long and the spans kept still cover the same text.
enum ShortSpanMerger {
    static func merge(_ spans: inout [Range<Int>], minChars: Int) {
        guard minChars > 0, !spans.isEmpty else { return }
        var kept = 0
        var carryStart: Int?
        for index in spans.indices {
            var span = spans[index]
            if let start = carryStart {
                span = start..<span.upperBound
                carryStart = nil
            }
            if span.count >= minChars {
                spans[kept] = span
                kept += 1
            } else if kept > 0 {
                spans[kept - 1] = spans[kept - 1].lowerBound..<span.upperBound
            } else {
                carryStart = span.lowerBound
            }
        }
        spans.removeSubrange(kept...)
    }
}
