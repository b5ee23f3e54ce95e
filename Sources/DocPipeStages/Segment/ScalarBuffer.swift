/// A text as an array of Unicode scalar values, so that an index is a code point offset.
///
/// Decoding is a single pass over the UTF-8 bytes (a Swift `String` is always valid UTF-8);
/// the segmenter then looks back and ahead by plain integer indexing.
struct ScalarBuffer {
    /// The scalar values of the text; `values[i]` is the code point at offset `i`.
    let values: [UInt32]

    init(_ text: String) {
        var text = text
        let decoded = text.withUTF8 { bytes in
            // One scalar per byte that is not a continuation byte: allocate exactly that many.
            var capacity = 0
            for byte in bytes where byte & 0xC0 != 0x80 { capacity &+= 1 }
            return [UInt32](unsafeUninitializedCapacity: capacity) { out, count in
                count = Self.decode(bytes, into: out)
            }
        }
        values = decoded
    }

    /// Decodes valid UTF-8 into `out`, which has room for every scalar;
    /// returns the number of scalars written.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt32>) -> Int
    {
        let n = bytes.count
        var i = 0
        var o = 0
        while i < n {
            let b0 = UInt32(bytes[i])
            if b0 < 0x80 {
                out[o] = b0
                i &+= 1
            } else if b0 < 0xE0 {
                out[o] = (b0 & 0x1F) << 6 | UInt32(bytes[i &+ 1] & 0x3F)
                i &+= 2
            } else if b0 < 0xF0 {
                out[o] = (b0 & 0x0F) << 12 | UInt32(bytes[i &+ 1] & 0x3F) << 6 | UInt32(bytes[i &+ 2] & 0x3F)
                i &+= 3
            } else {
                out[o] =
                    (b0 & 0x07) << 18 | UInt32(bytes[i &+ 1] & 0x3F) << 12 | UInt32(bytes[i &+ 2] & 0x3F) << 6
                    | UInt32(bytes[i &+ 3] & 0x3F)
                i &+= 4
            }
            o &+= 1
        }
        return o
    }

    /// The number of code points.
    var count: Int { values.count }

    /// The text of `range` as a string.
    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        for value in values[range] {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }
}
