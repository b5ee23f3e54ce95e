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
@discardableResult
func runProcess(_ arguments: [String], in directory: String? = nil, input: Data? = nil) throws -> ProcessResult {
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
