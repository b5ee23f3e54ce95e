import DocPipe

/// What ``BundleVerifier/verify(path:)`` found in a sound bundle.
public struct BundleVerification: Sendable {
    public var manifest: BundleManifest
    /// The top folder's name.
    public var name: String
    /// File members checked against the manifest (manifest.json not counted).
    public var members: Int
    /// Lines of documents.jsonl, each parsed as a document.
    public var documents: Int
    /// Uncompressed size of the tar stream.
    public var tarBytes: Int64
}

/// Checks a bundle end to end: the gzip CRC and length, the tar structure and header
/// checksums, every member's size and SHA-256 against the manifest (and that the manifest lists
/// every member), the counts, and that each line of documents.jsonl is a valid document.
/// The first problem found is thrown as a ``BundleError`` that names it.
public enum BundleVerifier {
    public static func verify(path: String) throws -> BundleVerification {
        let stream = try BundleStream(path: path)
        var top: String?
        var found: [BundleManifest.Member] = []
        var manifestBytes: [UInt8]?
        var documentLines = 0
        var quarantineLines = 0
        while let entry = try stream.next() {
            if manifestBytes != nil {
                throw BundleError(.tar, "member '\(entry.path)' comes after manifest.json, which must be the last member")
            }
            let (entryTop, relative) = BundleStream.split(entry.path)
            if top == nil { top = entryTop }
            guard entryTop == top, !entryTop.isEmpty else {
                throw BundleError(.tar, "member '\(entry.path)' is not under the top folder '\(top ?? "")/'")
            }
            switch entry.kind {
            case .directory:
                continue
            case .file:
                break
            default:
                throw BundleError(.tar, "member '\(entry.path)' is a \(entry.kind), not a regular file")
            }
            if relative == "manifest.json" {
                manifestBytes = try stream.readAll(limit: 1 << 30)
                continue
            }
            var hasher = SHA256()
            var size: Int64 = 0
            let lines: LineChecker? =
                relative == "documents.jsonl" ? LineChecker(member: relative, parseDocuments: true)
                : relative == "quarantine.jsonl" ? LineChecker(member: relative, parseDocuments: false) : nil
            try stream.forEachChunk { chunk in
                hasher.update(chunk)
                size += Int64(chunk.count)
                try lines?.feed(chunk)
            }
            if let lines {
                try lines.finish()
                if relative == "documents.jsonl" { documentLines = lines.count } else { quarantineLines = lines.count }
            }
            found.append(BundleManifest.Member(path: relative, size: size, sha256: hasher.hexFinalize()))
        }
        try stream.drainToEnd()
        guard let top else { throw BundleError(.tar, "\(path): the archive has no members") }
        guard let manifestBytes else { throw BundleError(.manifest, "the bundle has no manifest.json") }
        let manifest: BundleManifest
        do {
            manifest = try BundleManifest(json: try JSONParser.parse(manifestBytes))
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError(.manifest, "manifest.json is not valid JSON: \(error)")
        }
        try compare(manifest: manifest, found: found)
        if manifest.documents != documentLines {
            throw BundleError(
                .manifest, "manifest counts \(manifest.documents) documents but documents.jsonl has \(documentLines) lines")
        }
        if manifest.quarantined != quarantineLines {
            throw BundleError(
                .manifest,
                "manifest counts \(manifest.quarantined) quarantined but quarantine.jsonl has \(quarantineLines) lines")
        }
        if let pipeline = found.first(where: { $0.path == "pipeline.yaml" }), pipeline.sha256 != manifest.pipelineSHA256 {
            throw BundleError(.manifest, "manifest's pipeline.sha256 does not match pipeline.yaml")
        }
        return BundleVerification(
            manifest: manifest, name: top, members: found.count, documents: documentLines, tarBytes: stream.tar.offset)
    }

    private static func compare(manifest: BundleManifest, found: [BundleManifest.Member]) throws {
        for required in ["pipeline.yaml", "documents.jsonl", "report.json"] where !found.contains(where: { $0.path == required }) {
            throw BundleError(.manifest, "the bundle has no \(required)")
        }
        var actual: [String: [BundleManifest.Member]] = [:]
        for member in found { actual[member.path, default: []].append(member) }
        var listedCount: [String: Int] = [:]
        for listed in manifest.members {
            let occurrence = listedCount[listed.path, default: 0]
            listedCount[listed.path] = occurrence + 1
            guard let candidates = actual[listed.path], occurrence < candidates.count else {
                throw BundleError(.manifest, "manifest lists '\(listed.path)', which is not in the archive")
            }
            let member = candidates[occurrence]
            if member.size != listed.size {
                throw BundleError(
                    .manifest, "size mismatch for \(listed.path): manifest says \(listed.size) bytes, member has \(member.size)")
            }
            if member.sha256 != listed.sha256.lowercased() {
                throw BundleError(
                    .manifest,
                    "checksum mismatch for \(listed.path): manifest says sha256 \(listed.sha256), member has \(member.sha256)")
            }
        }
        for (path, members) in actual where members.count > listedCount[path, default: 0] {
            throw BundleError(.manifest, "member '\(path)' is not listed in the manifest")
        }
    }
}

/// Splits a member into lines as it streams and checks each one.
private final class LineChecker {
    let member: String
    let parseDocuments: Bool
    private var pending: [UInt8] = []
    private(set) var count = 0

    init(member: String, parseDocuments: Bool) {
        self.member = member
        self.parseDocuments = parseDocuments
    }

    func feed(_ chunk: UnsafeRawBufferPointer) throws {
        var start = 0
        for index in 0..<chunk.count where chunk[index] == 0x0a {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start..<index]))
            try check()
            pending.removeAll(keepingCapacity: true)
            start = index + 1
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[start...]))
    }

    func finish() throws {
        if !pending.isEmpty { try check() }
    }

    private func check() throws {
        count += 1
        let value: JSONValue
        do { value = try JSONParser.parse(pending) } catch {
            throw BundleError(.content, "\(member) line \(count) is not valid JSON: \(error)")
        }
        if parseDocuments {
            do { _ = try Document(json: value) } catch {
                throw BundleError(.content, "\(member) line \(count) is not a valid document: \(error)")
            }
        } else if value.objectValue == nil {
            throw BundleError(.content, "\(member) line \(count) is not a JSON object")
        }
    }
}
