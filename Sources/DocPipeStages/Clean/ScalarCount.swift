extension String {
    /// The number of Unicode scalars, counted on the UTF-8 bytes (every byte that is not a
    /// continuation byte starts one): several times faster than walking `unicodeScalars`.
    var scalarCount: Int {
        if let count = utf8.withContiguousStorageIfAvailable(Self.scalarCount(utf8:)) { return count }
        return unicodeScalars.count
    }

    private static func scalarCount(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
