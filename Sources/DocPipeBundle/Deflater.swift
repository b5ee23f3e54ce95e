internal import CZlib

/// A raw deflate stream (no zlib or gzip wrapper), on a stable heap address.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer

    /// - Parameters:
    ///   - level: 0 (store) to 9 (best).
    ///   - bufferSize: how much compressed output is collected before it is handed on.
    init(level: Int, bufferSize: Int = 256 * 1024) throws {
        guard (0...9).contains(level) else { throw BundleError(.usage, "compression level must be 0–9, not \(level)") }
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: bufferSize, alignment: 16)
        let status = czlib_deflate_init2(stream, Int32(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw BundleError(.gzip, "cannot start deflate (zlib error \(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    enum Flush {
        case none, sync, full, finish
        var zlibValue: Int32 {
            switch self {
            case .none: Z_NO_FLUSH
            case .sync: Z_SYNC_FLUSH
            case .full: Z_FULL_FLUSH
            case .finish: Z_FINISH
            }
        }
    }

    /// Compresses `input` and hands every full output buffer (and, when flushing, the rest) to `sink`.
    func compress(_ input: UnsafeRawBufferPointer, flush: Flush, into sink: any ByteOutput) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let mode = flush.zlibValue
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = deflate(stream, mode)
            guard status == Z_OK || status == Z_BUF_ERROR || status == Z_STREAM_END else {
                throw BundleError(.gzip, "deflate failed (zlib error \(status))")
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try sink.write(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
            if status == Z_STREAM_END { return }
            // Done when all input is consumed and zlib had room to spare (nothing pending).
            if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 && mode != Z_FINISH { return }
        }
    }
}

/// CRC-32 as gzip uses it (zlib's implementation).
enum CRC32 {
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        var crc = UInt(crc)
        var offset = 0
        while offset < bytes.count {
            let length = min(bytes.count - offset, 1 << 30)
            crc = crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length))
            offset += length
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC of A followed by B, from the CRCs of A and B and the length of B.
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_combine(UInt(first), UInt(second), off_t(secondLength)))
    }
}
