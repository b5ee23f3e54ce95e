internal import Crypto

/// SHA-256 (FIPS 180-4), incremental.
///
/// Used for document ids, `source.sha256` and bundle checksums: every fetched byte and every
/// bundle member passes through it, so it is swift-crypto's (BoringSSL's assembly, about twice
/// as fast as portable code on x86-64 without SHA extensions) behind this small value type.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Adds `bytes` to the hashed message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        hasher.update(bufferPointer: bytes)
    }

    /// Adds `bytes` to the hashed message.
    public mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// The 32-byte digest of everything added.
    public func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The lowercase hex digest of everything added.
    public func hexFinalize() -> String {
        Self.hex(finalize())
    }

    /// The lowercase hex SHA-256 of `bytes`.
    public static func hexDigest<Bytes: Sequence<UInt8>>(of bytes: Bytes) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexFinalize()
    }

    /// Whether `text` has the form of a lowercase hex digest (64 digits `0-9a-f`).
    public static func isHexDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Lowercase hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
