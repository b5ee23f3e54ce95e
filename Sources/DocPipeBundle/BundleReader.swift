public import DocPipe

/// A member of a bundle as listed by ``BundleReader/members()``.
public struct BundleMember: Sendable, Equatable {
    /// The path relative to the top folder (e.g. `raw/3f2a…`); the full stored path is in ``entry``.
    public var path: String
    public var size: Int64
    public var entry: TarEntry
}

/// Reads a bundle: lists members, reads one, iterates documents. Every read streams the
/// archive from the start; nothing holds the whole bundle in memory.
public struct BundleReader: Sendable {
    /// The bundle file.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Every member in archive order (directories included), with its path relative to the top folder.
    public func members() throws -> [BundleMember] {
        var members: [BundleMember] = []
        try scan { entry, relative, _ in
            members.append(BundleMember(path: relative, size: entry.size, entry: entry))
            return true
        }
        return members
    }

    /// The top folder's name (the bundle's name).
    public func name() throws -> String {
        let stream = try BundleStream(path: path)
        guard let entry = try stream.next() else { throw BundleError(.tar, "\(path): the archive is empty") }
        return BundleStream.split(entry.path).top
    }

    /// The whole content of `member` (relative to the top folder).
    /// - Throws: ``BundleError`` when there is no such member or it is over `limit` bytes.
    public func read(member: String, limit: Int64 = 1 << 31) throws -> [UInt8] {
        let wanted = Self.normalize(member)
        var content: [UInt8]?
        try scan { entry, relative, stream in
            guard entry.kind == .file, relative == wanted else { return true }
            content = try stream.readAll(limit: limit)
            return false
        }
        guard let content else { throw BundleError(.usage, "\(path): no member '\(member)'") }
        return content
    }

    /// Streams `member` in chunks to `body`.
    public func stream(member: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let wanted = Self.normalize(member)
        var found = false
        try scan { entry, relative, stream in
            guard entry.kind == .file, relative == wanted else { return true }
            found = true
            try stream.forEachChunk(body)
            return false
        }
        if !found { throw BundleError(.usage, "\(path): no member '\(member)'") }
    }

    /// The parsed `manifest.json`.
    public func manifest() throws -> BundleManifest {
        let bytes = try read(member: "manifest.json", limit: 1 << 30)
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw BundleError(.manifest, "manifest.json is not valid JSON: \(error)")
        }
        return try BundleManifest(json: value)
    }

    /// Calls `body` with each line of `member` (without its newline), streaming.
    public func forEachLine(of member: String, _ body: ([UInt8]) throws -> Void) throws {
        var pending: [UInt8] = []
        try stream(member: member) { chunk in
            var start = 0
            for index in 0..<chunk.count where chunk[index] == 0x0a {
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<index]))
                try body(pending)
                pending.removeAll(keepingCapacity: true)
                start = index + 1
            }
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...]))
        }
        if !pending.isEmpty { try body(pending) }
    }

    /// Calls `body` with each document of `documents.jsonl`, in run order.
    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        var line = 0
        try forEachLine(of: "documents.jsonl") { bytes in
            line += 1
            let document: Document
            do { document = try Document(jsonLine: String(decoding: bytes, as: UTF8.self)) } catch {
                throw BundleError(.content, "documents.jsonl line \(line): \(error)")
            }
            try body(document)
        }
    }

    /// Calls `body` with each `raw/<id>` member's id and bytes, in archive (run) order.
    public func forEachRaw(_ body: (String, [UInt8]) throws -> Void) throws {
        try scan { entry, relative, stream in
            guard entry.kind == .file, relative.hasPrefix("raw/") else { return true }
            try body(String(relative.dropFirst(4)), try stream.readAll())
            return true
        }
    }

    /// Calls `body` with each `raw/<id>` member's id and bytes, in archive order, awaiting it
    /// before reading on (so a slow consumer holds one member at a time).
    public func forEachRawAsync(_ body: (String, [UInt8]) async throws -> Void) async throws {
        let stream = try BundleStream(path: path)
        while let entry = try stream.next() {
            let relative = BundleStream.split(entry.path).relative
            guard entry.kind == .file, relative.hasPrefix("raw/") else { continue }
            try await body(String(relative.dropFirst(4)), try stream.readAll())
        }
    }

    /// Calls `body` with the id of each `raw/<id>` member, without reading their data.
    public func forEachRawID(_ body: (String) throws -> Void) throws {
        try scan { entry, relative, _ in
            if entry.kind == .file, relative.hasPrefix("raw/") { try body(String(relative.dropFirst(4))) }
            return true
        }
    }

    /// Walks the members; `body` returns `false` to stop early.
    func scan(_ body: (TarEntry, String, BundleStream) throws -> Bool) throws {
        let stream = try BundleStream(path: path)
        while let entry = try stream.next() {
            if try !body(entry, BundleStream.split(entry.path).relative, stream) { return }
        }
    }

    static func normalize(_ member: String) -> String {
        var member = member
        while member.hasPrefix("./") { member.removeFirst(2) }
        while member.hasSuffix("/") { member.removeLast() }
        return member
    }
}

/// The members of a bundle file, one after another: gzip, then tar.
final class BundleStream {
    let gzip: GzipReader
    let tar: TarReader

    init(path: String) throws {
        let file = try InputFile(path: path)
        gzip = try GzipReader(input: file, name: path)
        tar = TarReader(input: gzip, name: path)
    }

    func next() throws -> TarEntry? { try tar.next() }

    /// Reads the rest of the stream after the end-of-archive marker, so the gzip trailer (CRC-32
    /// and length) of every member is checked; the rest of the tar stream must be zero padding.
    func drainToEnd() throws {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try gzip.read(into: $0) }
            if count == 0 { return }
            if buffer[0..<count].contains(where: { $0 != 0 }) {
                throw BundleError(.tar, "\(gzip.name): data after the end-of-archive marker")
            }
        }
    }

    func readAll(limit: Int64 = 1 << 31) throws -> [UInt8] { try tar.readAll(limit: limit) }

    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try tar.read(into: $0) }
            if count == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// `top/rest` → (top, rest); a path without a slash is its own top with an empty rest.
    static func split(_ path: String) -> (top: String, relative: String) {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        guard let slash = path.firstIndex(of: "/") else { return (String(path), "") }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}
