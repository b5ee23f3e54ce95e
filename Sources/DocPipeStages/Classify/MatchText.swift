/// The matching copy of a text: its Unicode scalars normalized for phrase matching, each with the
/// code point offset it came from in the original text.
///
/// Normalization (never stored in a document, only used to match):
/// - invisible characters are dropped: U+200B–200D, U+2060–2064, U+FEFF, U+00AD, bidi controls
///   U+202A–202E and U+2066–2069, C0/C1 controls except `\n` and `\t`;
/// - full-width ASCII (U+FF01–FF5E) is folded to ASCII, U+3000, U+00A0, U+2002, U+2003 to a space,
///   and ASCII letters to lower case;
/// - between two Han characters, one dash (`-` `‐` `‑` `‒` `–` `—` `―` `−` `﹣` `－`) becomes `—`
///   (so 中国-东盟, 中国－东盟 and 中国—东盟 are one key) and horizontal spaces are dropped.
///
/// Taxonomy phrases go through the same function, so a phrase and the text always agree.
struct MatchText: Sendable {
    /// The normalized scalars.
    var scalars: [UInt32]
    /// For each normalized scalar, the code point offset in the original text it stands for.
    var origins: [Int32]
    /// The number of code points of the original text.
    var originalCount: Int
    /// For each original code point offset `k` (and `originalCount`), the first normalized index
    /// whose origin is at least `k`: maps a segment's offsets to normalized ranges in O(1).
    private var positions: [Int32]

    init(_ text: String) {
        var scalars: [UInt32] = []
        var origins: [Int32] = []
        scalars.reserveCapacity(text.utf8.count / 2)
        origins.reserveCapacity(text.utf8.count / 2)
        var normalizer = Normalizer()
        var offset: Int32 = 0
        for scalar in text.unicodeScalars {
            normalizer.feed(scalar.value, origin: offset, scalars: &scalars, origins: &origins)
            offset &+= 1
        }
        normalizer.flush(scalars: &scalars, origins: &origins)
        self.scalars = scalars
        self.origins = origins
        self.originalCount = Int(offset)
        var positions = [Int32](repeating: 0, count: Int(offset) + 1)
        var next = 0
        origins.withUnsafeBufferPointer { origins in
            positions.withUnsafeMutableBufferPointer { positions in
                for k in 0..<positions.count {
                    while next < origins.count, Int(origins[next]) < k { next += 1 }
                    positions[k] = Int32(next)
                }
            }
        }
        self.positions = positions
    }

    /// The normalized form of a phrase, as scalars.
    static func normalizedScalars(of phrase: String) -> [UInt32] {
        MatchText(phrase).scalars
    }

    /// The normalized form of a phrase, as a string.
    static func normalized(_ phrase: String) -> String {
        var result = String.UnicodeScalarView()
        for value in normalizedScalars(of: phrase) {
            if let scalar = Unicode.Scalar(value) { result.append(scalar) }
        }
        return String(result)
    }

    /// The range of normalized scalars that come from the original code points `start..<end`
    /// (offsets are clamped to the text).
    func normalizedRange(start: Int, end: Int) -> Range<Int> {
        let lower = Int(positions[min(max(start, 0), originalCount)])
        let upper = Int(positions[min(max(end, 0), originalCount)])
        return lower..<max(lower, upper)
    }

    /// The original code point span of the normalized scalars `range` (non-empty).
    func originalSpan(_ range: Range<Int>) -> (start: Int, end: Int) {
        (Int(origins[range.lowerBound]), Int(origins[range.upperBound - 1]) + 1)
    }

}

/// The streaming normalizer behind ``MatchText``: dashes and spaces after a Han character are held
/// back until the next kept character shows whether they sit between two Han characters.
private struct Normalizer {
    private var lastWasHan = false
    private var held: [(value: UInt32, origin: Int32)] = []

    mutating func feed(_ raw: UInt32, origin: Int32, scalars: inout [UInt32], origins: inout [Int32]) {
        guard let value = Self.fold(raw) else { return }
        if lastWasHan, Self.isDash(value) || Self.isSpace(value), held.count < 8 {
            held.append((value, origin))
            return
        }
        let isHan = Self.isHan(value)
        if !held.isEmpty {
            let dashes = held.filter { Self.isDash($0.value) }
            if isHan && dashes.count == 1 {
                scalars.append(0x2014)
                origins.append(dashes[0].origin)
            } else if isHan && dashes.isEmpty {
                // Spaces between two Han characters carry nothing.
            } else {
                for item in held {
                    scalars.append(item.value)
                    origins.append(item.origin)
                }
            }
            held.removeAll(keepingCapacity: true)
        }
        scalars.append(value)
        origins.append(origin)
        lastWasHan = isHan
    }

    mutating func flush(scalars: inout [UInt32], origins: inout [Int32]) {
        for item in held {
            scalars.append(item.value)
            origins.append(item.origin)
        }
        held.removeAll()
    }

    /// The matching form of one scalar, or `nil` to drop it.
    @inline(__always)
    static func fold(_ value: UInt32) -> UInt32? {
        switch value {
        case 0x41...0x5A: return value + 0x20
        case 0x20...0x40, 0x5B...0x7E: return value
        case 0x09, 0x0A: return value
        case 0x0D: return 0x0A
        case 0x00...0x1F, 0x7F...0x9F: return nil
        case 0xA0, 0x2002, 0x2003, 0x3000: return 0x20
        case 0xAD, 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: return nil
        case 0xFF21...0xFF3A: return value - 0xFEE0 + 0x20
        case 0xFF01...0xFF5E: return value - 0xFEE0
        default: return value
        }
    }

    @inline(__always)
    static func isDash(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63: true
        default: false
        }
    }

    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool { value == 0x20 || value == 0x09 }

    /// CJK unified ideographs (all blocks), compatibility ideographs and 〇.
    @inline(__always)
    static func isHan(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3007, 0xF900...0xFAFF, 0x20000...0x3FFFF: true
        default: false
        }
    }
}
