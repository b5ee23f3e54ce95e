/// One 512-byte POSIX ustar header block: encoding and decoding.
struct TarHeader {
    enum EntryType: UInt8 {
        case file = 0x30  // '0' (also NUL in old archives)
        case hardLink = 0x31
        case symbolicLink = 0x32
        case characterDevice = 0x33
        case blockDevice = 0x34
        case directory = 0x35
        case fifo = 0x36
        case contiguous = 0x37
        case paxExtended = 0x78  // 'x'
        case paxGlobal = 0x67  // 'g'
        case gnuLongName = 0x4c  // 'L'
        case gnuLongLink = 0x4b  // 'K'
    }

    static let blockSize = 512
    /// The largest size the 11 octal digits of the size field hold.
    static let maximumOctalSize: Int64 = 0o77777777777

    var name: [UInt8]
    var mode: Int
    var size: Int64
    var mtime: Int
    var typeFlag: UInt8
    var linkName: [UInt8] = []
    var prefix: [UInt8] = []

    init(name: [UInt8], mode: Int, size: Int64, mtime: Int, typeFlag: UInt8, linkName: [UInt8] = [], prefix: [UInt8] = []) {
        self.name = name
        self.mode = mode
        self.size = size
        self.mtime = mtime
        self.typeFlag = typeFlag
        self.linkName = linkName
        self.prefix = prefix
    }

    /// The full path: `prefix/name` when a prefix is set.
    var path: [UInt8] { prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name }

    // MARK: Encoding

    /// The header block, with uid/gid 0, user and group "root", and its checksum.
    func encode() -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        Self.put(name, at: 0, width: 100, in: &block)
        Self.putOctal(Int64(mode), at: 100, width: 8, in: &block)
        Self.putOctal(0, at: 108, width: 8, in: &block)
        Self.putOctal(0, at: 116, width: 8, in: &block)
        Self.putOctal(min(size, Self.maximumOctalSize), at: 124, width: 12, in: &block)
        Self.putOctal(Int64(max(mtime, 0)), at: 136, width: 12, in: &block)
        block[156] = typeFlag
        Self.put(linkName, at: 157, width: 100, in: &block)
        Self.put(Array("ustar\0".utf8), at: 257, width: 6, in: &block)
        Self.put(Array("00".utf8), at: 263, width: 2, in: &block)
        Self.put(Array("root".utf8), at: 265, width: 32, in: &block)
        Self.put(Array("root".utf8), at: 297, width: 32, in: &block)
        Self.putOctal(0, at: 329, width: 8, in: &block)
        Self.putOctal(0, at: 337, width: 8, in: &block)
        Self.put(prefix, at: 345, width: 155, in: &block)
        // Checksum: the sum of all bytes with the checksum field taken as spaces.
        for index in 148..<156 { block[index] = 0x20 }
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 6 - digits.count)) + digits
        for (offset, byte) in field.suffix(6).enumerated() { block[148 + offset] = byte }
        block[154] = 0
        block[155] = 0x20
        return block
    }

    private static func put(_ bytes: [UInt8], at offset: Int, width: Int, in block: inout [UInt8]) {
        for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
    }

    /// Octal digits, zero-padded, ending with NUL (width - 1 digits).
    private static func putOctal(_ value: Int64, at offset: Int, width: Int, in block: inout [UInt8]) {
        let digits = Array(String(value, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - 1 - digits.count)) + digits
        put(padded, at: offset, width: width - 1, in: &block)
        block[offset + width - 1] = 0
    }

    // MARK: Decoding

    /// Whether `block` is all zeros (an end-of-archive marker).
    static func isZero(_ block: UnsafeRawBufferPointer) -> Bool {
        block.allSatisfy { $0 == 0 }
    }

    /// Decodes a header block, checking its checksum and magic.
    /// - Parameter offset: where the block starts in the archive, for messages.
    init(decoding block: UnsafeRawBufferPointer, offset: Int64) throws {
        let bytes = Array(block)
        guard let stored = Self.parseOctal(bytes[148..<156]) else {
            throw BundleError(.tar, "tar header at byte \(offset): checksum field is not a number")
        }
        var unsigned = 0
        var signed = 0
        for (index, byte) in bytes.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard stored == Int64(unsigned) || stored == Int64(signed) else {
            throw BundleError(
                .tar, "tar header at byte \(offset): checksum mismatch (stored \(stored), computed \(unsigned))")
        }
        let magic = Array(bytes[257..<263])
        let isUstar = magic == Array("ustar\0".utf8) || magic == Array("ustar ".utf8)
        guard isUstar else {
            throw BundleError(.tar, "tar header at byte \(offset): not a ustar header (bad magic)")
        }
        name = Self.cString(bytes[0..<100])
        guard let mode = Self.parseOctal(bytes[100..<108]) else {
            throw BundleError(.tar, "tar header at byte \(offset): mode field is not a number")
        }
        self.mode = Int(mode)
        guard let size = Self.parseNumber(bytes[124..<136]), size >= 0 else {
            throw BundleError(.tar, "tar header at byte \(offset): size field is not a number")
        }
        self.size = size
        mtime = Int(Self.parseNumber(bytes[136..<148]) ?? 0)
        typeFlag = bytes[156]
        linkName = Self.cString(bytes[157..<257])
        // GNU's old format puts other data where POSIX has the prefix.
        prefix = magic == Array("ustar\0".utf8) ? Self.cString(bytes[345..<500]) : []
    }

    static func cString(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Array(bytes.prefix { $0 != 0 })
    }

    /// An octal field: optional spaces, digits, then NUL or space.
    static func parseOctal(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var seenDigit = false
        var ended = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                if ended { return nil }
                seenDigit = true
                let (product, overflow) = value.multipliedReportingOverflow(by: 8)
                if overflow { return nil }
                value = product + Int64(byte - UInt8(ascii: "0"))
            case 0, 0x20:
                if seenDigit { ended = true }
            default:
                return nil
            }
        }
        return seenDigit ? value : (bytes.allSatisfy { $0 == 0 || $0 == 0x20 } ? 0 : nil)
    }

    /// An octal field, or GNU's base-256 form (high bit set) for large values.
    static func parseNumber(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard let first = bytes.first, first & 0x80 != 0 else { return parseOctal(bytes) }
        guard first == 0x80 else { return nil }  // negative values are not accepted
        var value: Int64 = 0
        for byte in bytes.dropFirst() {
            let (product, overflow) = value.multipliedReportingOverflow(by: 256)
            if overflow { return nil }
            value = product | Int64(byte)
        }
        return value
    }
}
