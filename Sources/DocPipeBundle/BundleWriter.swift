#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import DocPipe

/// Writes a bundle (`docpipe-bundle/1`, DESIGN §7) as a stream.
///
/// Members go in the order of the format: `pipeline.yaml` (written by the initializer),
/// `raw/<id>` as they are added, then at ``finish(report:manifest:)`` `documents.jsonl`,
/// `quarantine.jsonl`, `report.json` and `manifest.json`. Raw bytes stream straight into the
/// compressed archive; document and quarantine lines (and the manifest's member list) are spooled
/// to anonymous temporary files, so memory does not grow with the number of documents. Every
/// member is hashed (SHA-256) in the same pass that compresses it.
///
/// The archive is written to a temporary file beside `path` and renamed at the end;
/// ``abort()`` (or dropping an unfinished writer) removes it, so the target path never holds a
/// partial bundle.
///
/// ```swift
/// let writer = try BundleWriter(path: "out/run.tar.gz", name: "run", pipeline: yamlBytes, options: .init(mtime: 0))
/// try writer.addRaw(id: document.id, bytes: document.raw!)
/// try writer.addDocument(line: document.jsonLine())
/// let summary = try writer.finish(report: reportBytes, manifest: manifest)
/// ```
public final class BundleWriter {
    /// How a bundle is written.
    public struct Options: Sendable {
        /// Deflate level, 0–9 (6 is gzip's default).
        public var level: Int
        /// The mtime of every member, as seconds since 1970.
        public var mtime: Int

        public init(level: Int = 6, mtime: Int) {
            self.level = level
            self.mtime = mtime
        }
    }

    /// What was written.
    public struct Summary: Sendable {
        public var path: String
        /// The size of the compressed bundle.
        public var bytes: Int64
        public var documents: Int
        public var quarantined: Int
        public var rawMembers: Int
    }

    /// The target path.
    public let path: String
    /// The top folder every member is under.
    public let name: String
    private let options: Options
    private let temporaryPath: String
    private let file: OutputFile
    private let gzip: GzipWriter
    private let tar: TarWriter
    private let documents: BackgroundChunk
    private let quarantine: Spool
    private let memberList: Spool
    private var pipelineSHA256 = ""
    private var rawMembers = 0
    private var done = false
    private var failure: String?

    /// Creates the temporary file beside `path` (and `path`'s missing parent folders) and writes `pipeline.yaml`.
    /// - Throws: ``BundleError`` when the name is not a single path component or the file cannot be created.
    public init(path: String, name: String, pipeline: [UInt8], options: Options) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.utf8.contains(0) else {
            throw BundleError(.usage, "bundle name '\(name)' must be a single path component")
        }
        self.path = path
        self.name = name
        self.options = options
        try POSIX.makeDirectories(POSIX.directory(of: path))
        temporaryPath = POSIX.directory(of: path) + "/." + POSIX.baseName(of: path) + ".tmp-\(getpid())-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        file = try OutputFile(creating: temporaryPath)
        do {
            gzip = try GzipWriter(output: file, level: options.level)
            tar = TarWriter(output: gzip)
            documents = try BackgroundChunk(besidePath: path, label: "documents", level: options.level)
            quarantine = try Spool(besidePath: path, label: "quarantine")
            memberList = try Spool(besidePath: path, label: "members")
            pipelineSHA256 = try writeMember("pipeline.yaml", pipeline)
        } catch {
            unlink(temporaryPath)
            throw error
        }
    }

    deinit {
        if !done {
            documents.cancel()
            unlink(temporaryPath)
        }
    }

    /// Adds `raw/<id>`: the bytes of one input as fetched.
    ///
    /// - Parameter sha256: the bytes' lowercase hex SHA-256 when the caller has it already (the
    ///   fetch stage's `source.sha256`), so they are not hashed twice; `nil` (or anything that is
    ///   not 64 lowercase hex digits) hashes them here.
    public func addRaw(id: String, bytes: [UInt8], sha256: String? = nil) throws {
        try checkOpen()
        guard Document.isValidID(id) else { throw BundleError(.usage, "raw member id '\(id)' is not a valid document id") }
        let known = sha256.flatMap { SHA256.isHexDigest($0) ? $0 : nil }
        try recordingFailure { _ = try writeMember("raw/" + id, bytes, sha256: known) }
        rawMembers += 1
    }

    /// Appends one line (without its newline) to `documents.jsonl`.
    ///
    /// documents.jsonl is compressed on a background thread while raw members stream on the
    /// caller's; at most a few dozen lines wait at once.
    public func addDocument(line: [UInt8]) throws {
        try checkOpen()
        try documents.submit { line }
    }

    /// Appends `document`'s JSON line to `documents.jsonl`, serializing it on the background thread.
    public func addDocument(_ document: Document) throws {
        try checkOpen()
        var document = document
        document.raw = nil  // not part of the JSON form; do not keep it alive in the queue
        let queued = document
        try documents.submit { queued.jsonLine() }
    }

    /// Appends one line (without its newline) to `quarantine.jsonl`.
    public func addQuarantine(line: [UInt8]) throws {
        try checkOpen()
        try recordingFailure { try quarantine.appendLine(line) }
    }

    /// Whether ``addDocument(_:)`` would wait for the background compressor: async callers
    /// should suspend (not block) until it is `false`.
    public var isDocumentQueueFull: Bool { documents.pending >= documents.capacity }

    /// Documents added so far.
    public var documentCount: Int { documents.lines }
    /// Quarantine records added so far.
    public var quarantineCount: Int { quarantine.lines }

    /// Writes the remaining members (`manifest.json` last, listing every other member), and renames
    /// the temporary file to the target path.
    public func finish(report: [UInt8], manifest: BundleManifest) throws -> Summary {
        try checkOpen()
        do {
            let chunk = try documents.finish()
            try tar.beginFile(path: name + "/documents.jsonl", size: chunk.length, mtime: options.mtime)
            try tar.writeSplicedData(length: chunk.length) { try gzip.splice(chunk) }
            try tar.endFile()
            try recordMember("documents.jsonl", size: chunk.length, sha256: chunk.sha256)
            try copyMember("quarantine.jsonl", from: quarantine)
            _ = try writeMember("report.json", report)
            var manifest = manifest
            manifest.pipelineSHA256 = pipelineSHA256
            manifest.members = []
            // The head as compact JSON, then the spooled member list streamed in as the last key.
            var head = JSONWriter().bytes(.object(manifest.headJSON))
            head.removeLast()  // "}"
            head += Array(",\"members\":[".utf8)
            let tail = Array("]}\n".utf8)
            let size = Int64(head.count) + memberList.size + Int64(tail.count)
            try tar.beginFile(path: name + "/manifest.json", size: size, mtime: options.mtime)
            try tar.writeData(head)
            let input = try memberList.reader()
            try stream(input, size: memberList.size) { try tar.writeData($0) }
            try tar.writeData(tail)
            try tar.endFile()
            try tar.finish()
            try gzip.finish()
            try file.close()
            guard rename(temporaryPath, path) == 0 else { throw BundleError(.io, "\(path): \(POSIX.errorText())") }
            done = true
            return Summary(
                path: path, bytes: file.count, documents: documents.lines, quarantined: quarantine.lines,
                rawMembers: rawMembers)
        } catch {
            abort()
            throw error
        }
    }

    /// Stops writing and removes the temporary file; the target path is left untouched.
    public func abort() {
        guard !done else { return }
        done = true
        documents.cancel()
        try? file.close()
        unlink(temporaryPath)
    }

    private func checkOpen() throws {
        if done { throw BundleError(.usage, "the bundle writer for \(path) is already finished or aborted") }
        if let failure { throw BundleError(.io, "the bundle writer for \(path) failed earlier: \(failure)") }
    }

    /// A member half written cannot be continued: after a failure every call fails.
    private func recordingFailure(_ body: () throws -> Void) throws {
        do { try body() } catch {
            failure = "\(error)"
            throw error
        }
    }

    /// Writes a whole member, hashing each slice as it is compressed unless its digest is
    /// `known`; returns its SHA-256.
    private func writeMember(_ relative: String, _ bytes: [UInt8], sha256 known: String? = nil) throws -> String {
        var hasher = SHA256()
        try tar.beginFile(path: name + "/" + relative, size: Int64(bytes.count), mtime: options.mtime)
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            let slice = 64 * 1024
            while offset < buffer.count {
                let part = UnsafeRawBufferPointer(rebasing: buffer[offset..<min(offset + slice, buffer.count)])
                if known == nil { hasher.update(part) }
                try tar.writeData(part)
                offset += part.count
            }
        }
        try tar.endFile()
        let digest = known ?? hasher.hexFinalize()
        try recordMember(relative, size: Int64(bytes.count), sha256: digest)
        return digest
    }

    /// Writes a spooled member (already hashed while it was spooled).
    private func copyMember(_ relative: String, from spool: Spool) throws {
        try tar.beginFile(path: name + "/" + relative, size: spool.size, mtime: options.mtime)
        let input = try spool.reader()
        try stream(input, size: spool.size) { try tar.writeData($0) }
        try tar.endFile()
        try recordMember(relative, size: spool.size, sha256: spool.sha256)
    }

    private func recordMember(_ relative: String, size: Int64, sha256: String) throws {
        var entry = memberList.size > 0 ? [UInt8(ascii: ",")] : []
        entry += JSONWriter().bytes(BundleManifest.Member(path: relative, size: size, sha256: sha256).json)
        try entry.withUnsafeBytes { try memberList.append($0) }
    }

    private func stream(_ input: InputFile, size: Int64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var left = size
        while left > 0 {
            let count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
            guard count > 0 else { throw BundleError(.io, "spool file ended early") }
            let used = Int(min(Int64(count), left))
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<used])) }
            left -= Int64(used)
        }
    }
}
