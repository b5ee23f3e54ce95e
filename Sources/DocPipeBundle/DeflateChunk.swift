import DocPipe
import Dispatch
import Synchronization

/// A member's content compressed on its own (a raw deflate stream ended by a sync flush, so it
/// can be spliced into a gzip stream), with its CRC-32, length and SHA-256.
final class DeflateChunk {
    let crc: UInt32
    let length: Int64
    let sha256: String
    let lines: Int
    private let compressed: OutputFile

    init(crc: UInt32, length: Int64, sha256: String, lines: Int, compressed: OutputFile) {
        self.crc = crc
        self.length = length
        self.sha256 = sha256
        self.lines = lines
        self.compressed = compressed
    }

    func copyCompressed(to output: any ByteOutput) throws {
        let size = compressed.count
        let input = try compressed.rewindForReading()
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var left = size
        while left > 0 {
            let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
            guard count > 0 else { throw BundleError(.io, "compressed spool file ended early") }
            try buffer.withUnsafeBytes { try output.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            left -= Int64(count)
        }
    }
}

/// Builds a ``DeflateChunk`` from lines: hashes and compresses them in one pass over each
/// 256 KiB batch.
final class ChunkCompressor {
    private let deflater: Deflater
    private let file: OutputFile
    private var hasher = SHA256()
    private var crc: UInt32 = 0
    private var length: Int64 = 0
    private var lines = 0
    private var batch: [UInt8] = []
    private static let batchSize = 256 * 1024

    init(besidePath path: String, label: String, level: Int) throws {
        deflater = try Deflater(level: level)
        let name = ".\(POSIX.baseName(of: path)).\(label).\(UInt64.random(in: 0...UInt64.max))"
        file = try OutputFile(creating: POSIX.directory(of: path) + "/" + name, unlinkAfterOpen: true)
        batch.reserveCapacity(Self.batchSize * 2)
    }

    func appendLine(_ line: [UInt8]) throws {
        batch.append(contentsOf: line)
        batch.append(0x0a)
        lines += 1
        if batch.count >= Self.batchSize { try flushBatch() }
    }

    private func flushBatch() throws {
        guard !batch.isEmpty else { return }
        try batch.withUnsafeBytes { buffer in
            hasher.update(buffer)
            crc = CRC32.update(crc, buffer)
            try deflater.compress(buffer, flush: .none, into: file)
        }
        length += Int64(batch.count)
        batch.removeAll(keepingCapacity: true)
    }

    /// Ends the chunk (sync flush: byte-aligned, not the last block).
    func finish() throws -> DeflateChunk {
        try flushBatch()
        try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), flush: .sync, into: file)
        return DeflateChunk(crc: crc, length: length, sha256: hasher.hexFinalize(), lines: lines, compressed: file)
    }
}

/// Runs a ``ChunkCompressor`` on a background thread, so a member spooled for later (documents.jsonl)
/// is serialized, hashed and compressed while the caller streams other members. At most
/// `capacity` submissions wait at once, so memory stays bounded.
final class BackgroundChunk: Sendable {
    private struct Status {
        var error: (any Error)?
        var lines = 0
        var pending = 0
    }

    /// Touched only by the queue's thread (and by ``finish()`` after the queue drained), so it is
    /// never contended; the caller's thread only touches ``status``.
    private let compressor: Mutex<ChunkCompressor?>
    private let status = Mutex(Status())
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore

    /// How many submissions may wait at once.
    let capacity: Int

    init(besidePath path: String, label: String, level: Int, capacity: Int = 32) throws {
        self.capacity = capacity
        compressor = Mutex(try ChunkCompressor(besidePath: path, label: label, level: level))
        queue = DispatchQueue(label: "docpipe.bundle.\(label)")
        slots = DispatchSemaphore(value: capacity)
    }

    /// Lines submitted so far.
    var lines: Int { status.withLock { $0.lines } }

    /// Submissions not yet compressed; ``submit(_:)`` blocks while this is at ``capacity``.
    var pending: Int { status.withLock { $0.pending } }

    /// Queues `makeLine` (run on the background thread) and appends its result; throws an
    /// earlier background failure, if any.
    func submit(_ makeLine: @escaping @Sendable () -> [UInt8]) throws {
        let failure = status.withLock { status -> (any Error)? in
            if status.error == nil {
                status.lines += 1
                status.pending += 1
            }
            return status.error
        }
        if let failure { throw failure }
        slots.wait()
        queue.async { [self] in
            defer {
                status.withLock { $0.pending -= 1 }
                slots.signal()
            }
            let line = makeLine()
            do {
                try compressor.withLock { compressor in try compressor?.appendLine(line) }
            } catch {
                status.withLock { if $0.error == nil { $0.error = error } }
            }
        }
    }

    /// Waits for every queued line and ends the chunk.
    func finish() throws -> DeflateChunk {
        queue.sync {}
        if let error = status.withLock({ $0.error }) { throw error }
        return try compressor.withLock { compressor throws -> DeflateChunk in
            guard let current = compressor else { throw BundleError(.usage, "chunk already finished") }
            compressor = nil
            return try current.finish()
        }
    }

    /// Waits for queued work and drops it.
    func cancel() {
        queue.sync {}
        compressor.withLock { $0 = nil }
    }
}
