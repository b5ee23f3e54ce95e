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
    private struct State {
        var compressor: ChunkCompressor?
        var error: (any Error)?
        var lines = 0
    }

    private let state: Mutex<State>
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore

    init(besidePath path: String, label: String, level: Int, capacity: Int = 32) throws {
        let compressor = try ChunkCompressor(besidePath: path, label: label, level: level)
        state = Mutex(State(compressor: compressor))
        queue = DispatchQueue(label: "docpipe.bundle.\(label)")
        slots = DispatchSemaphore(value: capacity)
    }

    /// Lines submitted so far.
    var lines: Int { state.withLock { $0.lines } }

    /// Queues `makeLine` (run on the background thread) and appends its result; throws an
    /// earlier background failure, if any.
    func submit(_ makeLine: @escaping @Sendable () -> [UInt8]) throws {
        if let error = state.withLock({ $0.error }) { throw error }
        state.withLock { $0.lines += 1 }
        slots.wait()
        queue.async { [self] in
            let line = makeLine()
            state.withLock { state in
                defer { slots.signal() }
                guard state.error == nil, let compressor = state.compressor else { return }
                do { try compressor.appendLine(line) } catch { state.error = error }
            }
        }
    }

    /// Waits for every queued line and ends the chunk.
    func finish() throws -> DeflateChunk {
        queue.sync {}
        return try state.withLock { state throws -> DeflateChunk in
            if let error = state.error { throw error }
            guard let compressor = state.compressor else { throw BundleError(.usage, "chunk already finished") }
            state.compressor = nil
            return try compressor.finish()
        }
    }

    /// Waits for queued work and drops it.
    func cancel() {
        queue.sync {}
        state.withLock { $0.compressor = nil }
    }
}
