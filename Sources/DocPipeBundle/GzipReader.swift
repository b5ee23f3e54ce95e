internal import CZlib

/// Reads a gzip file as a stream: checks each member's CRC-32 and length, and reads several
/// concatenated members as one stream (as `gzip -d` does).
final class GzipReader: ByteInput {
    private let input: any ByteInput
    let name: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var atMemberEnd = false
    private var ended = false
    private var members = 0
    /// Compressed bytes consumed so far.
    private(set) var compressedCount: Int64 = 0
    /// Uncompressed bytes produced so far.
    private(set) var uncompressedCount: Int64 = 0

    /// - Parameter name: the file name, for messages.
    init(input: any ByteInput, name: String, bufferSize: Int = 256 * 1024) throws {
        self.input = input
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        inputBuffer = .allocate(byteCount: bufferSize, alignment: 16)
        // 15 + 16: a gzip wrapper only (a zlib or raw stream is an error).
        let status = czlib_inflate_init2(stream, 15 + 16)
        guard status == Z_OK else {
            stream.deallocate()
            inputBuffer.deallocate()
            throw BundleError(.gzip, "cannot start inflate (zlib error \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        inputBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !ended, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputEnded {
                let count = try input.read(into: inputBuffer)
                if count == 0 {
                    inputEnded = true
                } else {
                    stream.pointee.next_in = inputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(count)
                }
            }
            if atMemberEnd {
                // Another member follows only if more bytes do.
                if stream.pointee.avail_in == 0 && inputEnded {
                    ended = true
                    break
                }
                atMemberEnd = false
                inflateReset(stream)
            }
            if stream.pointee.avail_in == 0 && inputEnded {
                throw BundleError(
                    .gzip,
                    "\(name): gzip stream truncated: unexpected end of file after \(compressedCount) compressed bytes"
                        + " (\(uncompressedCount) bytes decompressed)")
            }
            let before = (Int64(stream.pointee.avail_in), Int(stream.pointee.avail_out))
            let status = inflate(stream, Z_NO_FLUSH)
            compressedCount += before.0 - Int64(stream.pointee.avail_in)
            uncompressedCount += Int64(before.1 - Int(stream.pointee.avail_out))
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                members += 1
                atMemberEnd = true
            default:
                throw BundleError(.gzip, "\(name): \(describe(status))")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }

    private func describe(_ status: Int32) -> String {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        switch message {
        case "incorrect data check":
            return "gzip CRC-32 mismatch in member \(members + 1): the compressed data is corrupt"
        case "incorrect length check":
            return "gzip length mismatch in member \(members + 1): the compressed data is corrupt"
        case "incorrect header check", "unknown compression method":
            if members > 0 { return "trailing garbage after gzip member \(members) at byte \(compressedCount)" }
            return "not a gzip file (bad header)"
        default:
            return "corrupt gzip data at compressed byte \(compressedCount): \(message)"
        }
    }
}
