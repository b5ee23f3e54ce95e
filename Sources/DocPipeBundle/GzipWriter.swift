/// Writes a gzip file (RFC 1952) as a stream, through zlib's deflate.
///
/// The header is fixed — no file name, mtime 0, OS byte 3 (Unix) — so the same input at the same
/// level always gives the same bytes. The compressed bytes go to `output` as they are produced;
/// memory use does not depend on how much is written.
final class GzipWriter: ByteOutput {
    private let deflater: Deflater
    private let output: any ByteOutput
    private var crc: UInt32 = 0
    private var length: Int64 = 0
    private var finished = false

    /// Bytes given to ``write(_:)`` so far (uncompressed).
    var uncompressedCount: Int64 { length }

    init(output: any ByteOutput, level: Int) throws {
        self.deflater = try Deflater(level: level)
        self.output = output
        let extraFlags: UInt8 = level == 9 ? 2 : (level == 1 ? 4 : 0)
        try output.write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extraFlags, 3])
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "write after finish")
        crc = CRC32.update(crc, bytes)
        length += Int64(bytes.count)
        try deflater.compress(bytes, flush: .none, into: output)
    }

    /// Appends a separately compressed piece (see ``DeflateChunk``) without recompressing it:
    /// the stream is fully flushed first (byte-aligned, no back-references across the splice),
    /// the chunk's blocks are copied, and the CRC-32 is combined — as pigz joins its blocks.
    func splice(_ chunk: DeflateChunk) throws {
        precondition(!finished, "splice after finish")
        try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), flush: .full, into: output)
        try chunk.copyCompressed(to: output)
        crc = CRC32.combine(crc, chunk.crc, secondLength: chunk.length)
        length += chunk.length
    }

    /// Ends the deflate stream and writes the trailer (CRC-32 and length).
    func finish() throws {
        precondition(!finished, "finish twice")
        finished = true
        try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), flush: .finish, into: output)
        let size = UInt32(truncatingIfNeeded: length)
        try output.write([
            UInt8(truncatingIfNeeded: crc), UInt8(truncatingIfNeeded: crc >> 8), UInt8(truncatingIfNeeded: crc >> 16),
            UInt8(truncatingIfNeeded: crc >> 24), UInt8(truncatingIfNeeded: size), UInt8(truncatingIfNeeded: size >> 8),
            UInt8(truncatingIfNeeded: size >> 16), UInt8(truncatingIfNeeded: size >> 24),
        ])
    }
}
