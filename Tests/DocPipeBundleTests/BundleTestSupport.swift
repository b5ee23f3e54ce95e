import DocPipe
import DocPipeBundle
import Foundation

/// A fresh folder under the system's temporary folder, removed by ``remove()``.
struct TemporaryFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-bundle-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// The result of running a program.
struct ProcessResult {
    var status: Int32
    var output: String
    var error: String
    var outputBytes: Data
}

/// Runs `arguments[0]` (looked up on PATH) with the rest as arguments, as a real subprocess.
/// The blocking work runs on a Dispatch thread, so tests never block the cooperative pool.
@discardableResult
func runProcess(_ arguments: [String], in directory: String? = nil, input: Data? = nil) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try runProcessBlocking(arguments, in: directory, input: input) })
        }
    }
}

private func runProcessBlocking(_ arguments: [String], in directory: String?, input: Data?) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let inputPipe = Pipe()
    process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(input)
        try inputPipe.fileHandleForWriting.close()
    }
    // Read both pipes before waiting so a large output cannot block the child.
    nonisolated(unsafe) var errorData = Data()
    let errorReader = Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() }
    errorReader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
    return ProcessResult(
        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
        error: String(decoding: errorData, as: UTF8.self), outputBytes: outputData)
}

/// Sample content for bundles.
enum Sample {
    static let pipeline = Array("docpipe: 1\nname: sample\nstages:\n  - use: fetch\n  - use: archive\n".utf8)

    static func document(_ index: Int) -> Document {
        var document = Document(uri: "file:///corpus/page-\(index).html", text: "第\(index)页：中国—东盟人才合作 page \(index)")
        document.source.charset = "utf-8"
        document.source.fetchedAt = "2024-01-01T00:00:00Z"
        document.lineage = [LineageEntry(stage: "fetch", id: "fetch", version: "0.1.0")]
        document.raw = Array("<html><body>第\(index)页 \(String(repeating: "x", count: index * 37))</body></html>".utf8)
        return document
    }

    static func manifest() -> BundleManifest {
        BundleManifest(
            runID: "20240101T000000Z-abcdef", started: "2024-01-01T00:00:00Z", finished: "2024-01-01T00:00:00Z",
            pipelineName: "sample", stages: [.init(id: "fetch", use: "fetch", version: "0.1.0", options: [:])])
    }

    static let report = Array("{\"run_id\":\"20240101T000000Z-abcdef\",\"totals\":{\"documents\":3}}\n".utf8)

    /// Writes a bundle of `count` documents (and one quarantine record) to `path`.
    @discardableResult
    static func writeBundle(
        at path: String, name: String = "sample", count: Int = 3, mtime: Int = 1_700_000_000, level: Int = 6,
        rawID: ((Int) -> String)? = nil
    ) throws -> BundleWriter.Summary {
        let writer = try BundleWriter(path: path, name: name, pipeline: pipeline, options: .init(level: level, mtime: mtime))
        for index in 0..<count {
            let document = document(index)
            try writer.addRaw(id: rawID?(index) ?? document.id, bytes: document.raw!)
            try writer.addDocument(line: document.jsonLine())
        }
        let failed = QuarantineRecord(stageID: "fetch", error: "HTTP 404", document: Document(uri: "https://example.org/gone"))
        try writer.addQuarantine(line: JSONWriter().bytes(failed.json))
        var manifest = manifest()
        manifest.documents = count
        manifest.quarantined = 1
        return try writer.finish(report: report, manifest: manifest)
    }
}

func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

func readBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

func writeBytes(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

/// Tar stream surgery for tests: decompress, change, recompress (gzip -n, so no name or time).
enum TarSurgery {
    static func decompress(_ path: String) async throws -> [UInt8] {
        Array(try await runProcess(["gzip", "-dc", path]).outputBytes)
    }

    static func compress(_ tar: [UInt8], to path: String) async throws {
        try await runProcess(["gzip", "-nc"], input: Data(tar)).outputBytes.write(to: URL(fileURLWithPath: path))
    }

    /// The offset of the first occurrence of `needle` in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }
}

/// Builds a bundle with GNU tar from members written by the test, so the manifest can be made to lie.
struct HandBundle {
    var name = "hand"
    var members: [(String, [UInt8])] = []
    var manifest = Sample.manifest()

    init(documents count: Int = 2) {
        let documents = (0..<count).map { Sample.document($0) }
        members.append(("pipeline.yaml", Sample.pipeline))
        for document in documents { members.append(("raw/" + document.id, document.raw!)) }
        members.append(("documents.jsonl", documents.flatMap { $0.jsonLine() + [0x0a] }))
        members.append(("quarantine.jsonl", []))
        members.append(("report.json", Sample.report))
        manifest.documents = count
        manifest.pipelineSHA256 = SHA256.hexDigest(of: Sample.pipeline)
        manifest.members = members.map { .init(path: $0.0, size: Int64($0.1.count), sha256: SHA256.hexDigest(of: $0.1)) }
    }

    /// Writes the members and the manifest in bundle order and tars them with GNU tar.
    func write(in folder: TemporaryFolder, to file: String) async throws -> String {
        let top = folder.file("src-\(UUID().uuidString)")
        var order: [String] = []
        for (relative, bytes) in members {
            let path = top + "/" + name + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try writeBytes(bytes, to: path)
            order.append(name + "/" + relative)
        }
        try writeBytes(JSONWriter().bytes(manifest.json), to: top + "/" + name + "/manifest.json")
        order.append(name + "/manifest.json")
        let path = folder.file(file)
        let result = try await runProcess(["tar", "-czf", path] + order, in: top)
        guard result.status == 0 else { throw BundleError(.io, result.error) }
        return path
    }
}
