/// Decides whether a single `.` ends a sentence in Latin-script text.
///
/// The `.` ends a sentence when white space follows (after any closers) and the next word is not
/// lower-case, unless the word before the dot is
/// - an abbreviation from ``neverFinal`` (`Dr`, `Mr`, `e.g.`, `vs`, `Inc`, months, …) or
///   ``capitalizedNeverFinal`` (`No`, `Fig`, `Art`, …, only capitalized);
/// - `etc`, which ends a sentence only before a capitalized word;
/// - a dotted abbreviation whose parts have one or two letters (`U.S.`, `e.g.`, `a.m.`, `Ph.D.`);
/// - a single capital letter other than `I` (an initial: `J. Smith`);
/// - a list marker at the start of the sentence: up to three digits (`1.`), one letter (`a.`),
///   or a Roman numeral (`IV.`).
///
/// Before a Han character the dot ends a sentence only after a Han character (`我们走了.他们`);
/// anywhere else (`1.5`, `example.com`, `a.b`) it does not.
enum LatinPeriod {
    static func endsSentence(
        _ s: UnsafeBufferPointer<UInt32>, dot i: Int, after j: Int, sentenceStart: Int, end: Int
    ) -> Bool {
        var nextIsCapitalized = true
        if j < end {
            let c = s[j]
            if ScalarClass.isSpace(c) {
                var m = j
                while m < end && ScalarClass.isSpace(s[m]) { m += 1 }
                if m < end {
                    if ScalarClass.isLowercase(s[m]) && !isLetterListMarker(s, m, end) { return false }
                    nextIsCapitalized = ScalarClass.isUppercase(s[m]) || ScalarClass.isHan(s[m])
                }
            } else if ScalarClass.isHan(c) {
                return i > sentenceStart && ScalarClass.isHan(s[i - 1])
            } else {
                return false
            }
        }
        guard i > sentenceStart else { return false }
        // The word before the dot: letters and inner dots.
        var a = i
        while a > sentenceStart && (ScalarClass.isCasedLetter(s[a - 1]) || s[a - 1] == 0x2E) { a -= 1 }
        while a < i && s[a] == 0x2E { a += 1 }
        if a == i {
            // No word: a number or punctuation before the dot.
            guard ScalarClass.isDigit(s[i - 1]) else { return true }
            var d = i
            while d > sentenceStart && ScalarClass.isDigit(s[d - 1]) { d -= 1 }
            return !(d == sentenceStart && i - d <= 3)  // `1.` starting a sentence is a list number
        }
        if a > sentenceStart && ScalarClass.isDigit(s[a - 1]) { return true }  // `5th.`, `10am.`
        let length = i - a
        var hasInnerDot = false
        for k in a..<i where s[k] == 0x2E { hasInnerDot = true; break }
        if hasInnerDot { return !isDottedAbbreviation(s, a, i) }
        if length == 1 {
            let letter = s[a]
            if ScalarClass.isUppercase(letter) && letter != 0x49 { return false }  // an initial, not "I"
            return a != sentenceStart  // `a.` starting a sentence is a list marker
        }
        if a == sentenceStart && isRomanNumeral(s, a, i) { return false }
        guard let key = asciiKey(s, a, i) else { return true }
        if key.lower == etc { return nextIsCapitalized }
        if neverFinal.contains(key.lower) { return false }
        if key.capitalized && capitalizedNeverFinal.contains(key.lower) { return false }
        return true
    }

    /// Whether a list marker such as `b.` or `b)` (one letter, then white space) starts at `m`.
    private static func isLetterListMarker(_ s: UnsafeBufferPointer<UInt32>, _ m: Int, _ end: Int) -> Bool {
        m + 2 < end && (s[m + 1] == 0x2E || s[m + 1] == 0x29) && ScalarClass.isSpace(s[m + 2])
    }

    /// Whether `a..<b` is like `U.S`, `e.g`, `a.m`, `Ph.D`: parts of one or two letters between dots.
    private static func isDottedAbbreviation(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int) -> Bool {
        var run = 0
        for k in a..<b {
            if s[k] == 0x2E {
                if run == 0 || run > 2 { return false }
                run = 0
            } else {
                run += 1
            }
        }
        return run >= 1 && run <= 2
    }

    private static func isRomanNumeral(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int) -> Bool {
        guard b - a <= 4 else { return false }
        for k in a..<b {
            switch s[k] {
            case 0x49, 0x56, 0x58, 0x4C, 0x43: continue  // I V X L C
            default: return false
            }
        }
        return true
    }

    /// The word `a..<b` packed as lower-case ASCII into an integer (at most 8 letters), and whether
    /// it is capitalized; `nil` for other words.
    private static func asciiKey(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int) -> (
        lower: UInt64, capitalized: Bool
    )? {
        guard b - a <= 8 else { return nil }
        var key: UInt64 = 0
        for k in a..<b {
            let c = s[k]
            guard c < 0x80 else { return nil }
            key = key << 8 | UInt64(c | 0x20)
        }
        return (key, s[a] >= 0x41 && s[a] <= 0x5A)
    }

    private static func pack(_ word: String) -> UInt64 {
        word.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static let etc = pack("etc")

    /// Abbreviations after which a `.` never ends a sentence, in any case.
    static let neverFinal: Set<UInt64> = Set(
        [
            "mr", "mrs", "ms", "mme", "mlle", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "cf", "al", "viz",
            "approx", "dept", "inc", "ltd", "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "rev", "hon",
            "gov", "sen", "rep", "pres", "ave", "blvd", "ca", "pp", "resp", "eg", "ie",
        ].map(pack))

    /// Abbreviations after which a `.` never ends a sentence when they are capitalized
    /// (`No. 5`, but "I said no. Then").
    static let capitalizedNeverFinal: Set<UInt64> = Set(
        ["no", "nos", "fig", "figs", "art", "vol", "vols", "ch", "sec", "op", "eq", "eqs", "ref", "refs"]
            .map(pack))
}
