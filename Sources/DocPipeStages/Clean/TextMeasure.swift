/// Cheap measures of a UTF-8 text run, computed on bytes.
///
/// `weight` approximates how much text a run holds across scripts: an ASCII or two-byte character
/// (Latin, Greek, Cyrillic) counts 1, a three- or four-byte character (CJK, …) counts 3, so that a
/// Chinese sentence and its English translation weigh about the same. Whitespace counts 0.
/// `commas` counts clause punctuation (`,` `，` `、` `;` `；`), `stops` sentence ends.
struct TextMeasure: Sendable {
    var weight: Int32 = 0
    var commas: Int32 = 0
    var stops: Int32 = 0

    init() {}

    init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        var weight: Int32 = 0
        var commas: Int32 = 0
        var stops: Int32 = 0
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in bytes {
            if byte < 0x80 {
                switch byte {
                case 32, 9, 10, 13, 12: break
                case 44, 59: weight += 1; commas += 1  // , ;
                case 46, 33, 63: weight += 1; stops += 1  // . ! ?
                default: weight += 1
                }
            } else if byte >= 0xE0 {
                weight += 3
            } else if byte >= 0xC0 {
                weight += 1
            } else if beforePrevious == 0xE3 && previous == 0x80 {
                // U+3001 、 U+3002 。
                if byte == 0x81 { commas += 1 } else if byte == 0x82 { stops += 1 }
            } else if beforePrevious == 0xEF && previous == 0xBC {
                // U+FF0C ， U+FF1B ； U+FF01 ！ U+FF1F ？
                if byte == 0x8C || byte == 0x9B { commas += 1 } else if byte == 0x81 || byte == 0x9F { stops += 1 }
            } else if beforePrevious == 0xC2 && previous == 0xA0 {
                // no-break space: not text
            }
            if byte == 0xA0 && previous == 0xC2 { weight -= 1 }
            beforePrevious = previous
            previous = byte
        }
        self.weight = max(weight, 0)
        self.commas = commas
        self.stops = stops
    }

    static func += (lhs: inout TextMeasure, rhs: TextMeasure) {
        lhs.weight += rhs.weight
        lhs.commas += rhs.commas
        lhs.stops += rhs.stops
    }
}
