/// Splits a paragraph into sentences and a sentence into clauses, by scanning scalar values.
///
/// Sentence rules (see `shared/notes/chinese-text.md`):
/// - a sentence ends after a run of `。！？` (and `!?`), with the closing quotes and brackets that
///   follow (`”’」』）)》】〕` …) and citation marks (`[9]`) kept in it;
/// - `……` (or `...`) ends a sentence only before a closer, at the end of the paragraph, or — in
///   Latin text — before white space and a capitalized word;
/// - nothing inside `《…》` splits (a book or document title);
/// - `.` ends a sentence only before white space (or a Han character after a Han character): never in
///   decimals (`1.5`), list numbers (`1.` at the start of a sentence), abbreviations (`e.g.`, `Dr.`,
///   `U.S.`; `etc.` only before a capitalized word), initials (`J. Smith`), or before a lower-case word;
/// - `!` and `?` do not split before a lower-case word or inside a token such as a URL;
/// - `：` and `，` never split.
///
/// A clause ends after `；` (or `;` before white space or a non-ASCII character), outside `《…》`.
/// Every range is trimmed of white space and non-empty.
enum SentenceSplitter {
    /// The longest `《…》` title that suppresses splitting, in code points; an unclosed `《` is text.
    static let maxBookTitleLength = 256

    /// Appends the sentences of the trimmed paragraph `start..<end` to `out`.
    static func sentences(
        _ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int, into out: inout [Range<Int>]
    ) {
        var sentenceStart = start
        var i = start
        while i < end {
            let c = s[i]
            // Fast path: Han characters, ASCII letters, digits and most punctuation.
            if (c >= 0x4E00 && c <= 0x9FFF) || (c < 0x80 && c != 0x2E && c != 0x21 && c != 0x3F) {
                i &+= 1
                continue
            }
            var breakAt = -1
            switch c {
            case ScalarClass.bookTitleOpen:
                i = skipBookTitle(s, i, end)
                continue
            case 0x21, 0x3F:  // ! ?
                let j = terminatorRunEnd(s, i, end)
                if latinBangEndsSentence(s, j, end) { breakAt = j }
                i = j
            case 0x2E:  // .
                if i + 1 < end && s[i + 1] == 0x2E {
                    let (j, split) = ellipsis(s, i, end)
                    if split { breakAt = j }
                    i = j
                } else {
                    let j = closersEnd(s, i + 1, end)
                    if LatinPeriod.endsSentence(s, dot: i, after: j, sentenceStart: sentenceStart, end: end) {
                        breakAt = j
                    }
                    i = j
                }
            default:
                if ScalarClass.isCJKTerminator(c) {
                    breakAt = terminatorRunEnd(s, i, end)
                    i = breakAt
                } else if ScalarClass.isEllipsis(c) {
                    let (j, split) = ellipsis(s, i, end)
                    if split { breakAt = j }
                    i = j
                } else {
                    i &+= 1
                }
            }
            if breakAt >= 0 {
                appendTrimmed(s, sentenceStart, breakAt, to: &out)
                sentenceStart = breakAt
                while sentenceStart < end && ScalarClass.isSpace(s[sentenceStart]) { sentenceStart += 1 }
            }
        }
        appendTrimmed(s, sentenceStart, end, to: &out)
    }

    /// Appends the clauses of the trimmed sentence `range` to `out`.
    static func clauses(_ s: UnsafeBufferPointer<UInt32>, _ range: Range<Int>, into out: inout [Range<Int>]) {
        let end = range.upperBound
        var clauseStart = range.lowerBound
        var i = clauseStart
        while i < end {
            let c = s[i]
            if c == ScalarClass.bookTitleOpen {
                i = skipBookTitle(s, i, end)
                continue
            }
            if ScalarClass.isClauseSeparator(c) {
                var j = i + 1
                while j < end && ScalarClass.isClauseSeparator(s[j]) { j += 1 }
                // An ASCII `;` before an ASCII non-space (`&amp;x`, code) does not split.
                if c == 0x3B
                    && ((j < end && s[j] < 0x80 && !ScalarClass.isSpace(s[j])) || endsEntity(s, i, from: clauseStart))
                {
                    i = j
                    continue
                }
                appendTrimmed(s, clauseStart, j, to: &out)
                clauseStart = j
                i = j
                continue
            }
            i += 1
        }
        appendTrimmed(s, clauseStart, end, to: &out)
    }

    /// Whether the `;` at `i` ends an HTML character reference such as `&amp;` or `&#39;`.
    private static func endsEntity(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, from start: Int) -> Bool {
        var k = i
        while k > start && i - k <= 10 {
            let c = s[k - 1]
            if c == 0x26 { return k < i }  // &
            guard c < 0x80 && (ScalarClass.isASCIILetter(c) || ScalarClass.isDigit(c) || c == 0x23) else {
                return false
            }
            k -= 1
        }
        return false
    }

    /// The index after the `《…》` that opens at `open`, or `open + 1` when it is not closed within
    /// ``maxBookTitleLength`` code points (nested titles are matched).
    static func skipBookTitle(_ s: UnsafeBufferPointer<UInt32>, _ open: Int, _ end: Int) -> Int {
        var depth = 0
        var j = open
        let limit = min(end, open + maxBookTitleLength)
        while j < limit {
            let c = s[j]
            if c == ScalarClass.bookTitleOpen {
                depth += 1
            } else if c == ScalarClass.bookTitleClose {
                depth -= 1
                if depth == 0 { return j + 1 }
            }
            j += 1
        }
        return open + 1
    }

    /// The end of the run of sentence-final punctuation starting at `i`, with the closers after it.
    static func terminatorRunEnd(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, _ end: Int) -> Int {
        var j = i + 1
        while j < end && ScalarClass.isTerminatorRun(s[j]) { j += 1 }
        return closersEnd(s, j, end)
    }

    /// The end of the closing quotes and brackets starting at `j`, and of citation marks such as
    /// `[9]` or `[a]` that follow a sentence end (`… results.[9][10] It …`).
    static func closersEnd(_ s: UnsafeBufferPointer<UInt32>, _ j: Int, _ end: Int) -> Int {
        var j = j
        while j < end {
            if ScalarClass.isCloser(s[j]) {
                j += 1
            } else if s[j] == 0x5B, let close = citationEnd(s, j, end) {
                j = close
            } else {
                break
            }
        }
        return j
    }

    /// The index after a citation mark `[` + one to four ASCII letters or digits + `]` at `open`.
    private static func citationEnd(_ s: UnsafeBufferPointer<UInt32>, _ open: Int, _ end: Int) -> Int? {
        var k = open + 1
        while k < end && k - open <= 4 && s[k] < 0x80 && (ScalarClass.isDigit(s[k]) || ScalarClass.isASCIILetter(s[k]))
        {
            k += 1
        }
        guard k > open + 1, k < end, s[k] == 0x5D else { return nil }
        return k + 1
    }

    /// Handles an ellipsis (`…`, `⋯` or two or more dots) starting at `i`: returns where scanning
    /// continues and whether the sentence ends there.
    private static func ellipsis(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, _ end: Int) -> (Int, Bool) {
        var j = i
        while j < end && (ScalarClass.isEllipsis(s[j]) || s[j] == 0x2E) { j += 1 }
        // `……。` or `...?`: the terminator that follows decides.
        if j < end && (ScalarClass.isCJKTerminator(s[j]) || s[j] == 0x21 || s[j] == 0x3F) { return (j, false) }
        let k = closersEnd(s, j, end)
        if k == end { return (k, true) }
        var m = k
        while m < end && ScalarClass.isSpace(s[m]) { m += 1 }
        if m == end { return (k, true) }
        if k > j {  // before a closer, unless a lower-case word continues the sentence
            return (k, !ScalarClass.isLowercase(s[m]))
        }
        // Latin: "... Then" ends a sentence, "... and" does not; Chinese `……` mid-paragraph does not.
        return (k, m > k && ScalarClass.isUppercase(s[m]))
    }

    /// Whether a `!`/`?` run ending (with its closers) at `j` ends the sentence.
    private static func latinBangEndsSentence(_ s: UnsafeBufferPointer<UInt32>, _ j: Int, _ end: Int) -> Bool {
        guard j < end else { return true }
        let c = s[j]
        if ScalarClass.isSpace(c) {
            var m = j
            while m < end && ScalarClass.isSpace(s[m]) { m += 1 }
            return m == end || !ScalarClass.isLowercase(s[m])
        }
        // `?id=1`, `!=`, `?,`: inside a token; before Han or other scripts: a sentence end.
        if c < 0x80 || ScalarClass.isCasedLetter(c) || ScalarClass.isDigit(c) { return false }
        return true
    }

    /// Appends `start..<end` trimmed of white space, if anything is left.
    @inline(__always)
    static func appendTrimmed(_ s: UnsafeBufferPointer<UInt32>, _ start: Int, _ end: Int, to out: inout [Range<Int>]) {
        var a = start
        var b = end
        while a < b && ScalarClass.isSpace(s[a]) { a += 1 }
        while b > a && ScalarClass.isSpace(s[b - 1]) { b -= 1 }
        if a < b { out.append(a..<b) }
    }
}
