import DocPipe
import DocPipeBundle
import DocPipeStages
import Foundation
import Logging
import Testing

/// A source that emits `count` pages with raw bytes, then one input it could not fetch; it can
/// fail after `failAfter` documents to abort the run.
struct ArchivePagesSource: SourceStage {
    static let name = "fetch"
    static let summary = "Test pages."
    let count: Int
    let failAfter: Int?

    init(options: StageOptions, context: StageSetup) throws {
        count = 3
        failAfter = nil
    }

    init(count: Int, failAfter: Int? = nil) {
        self.count = count
        self.failAfter = failAfter
    }

    static func page(_ index: Int) -> Document {
        let uri = "file:///corpus/page-\(index).html"
        let raw = Array("<html><title>页\(index)</title><body>\(String(repeating: "人才合作 ", count: 50 + index))</body></html>".utf8)
        var document = Document(uri: uri, text: String(decoding: raw, as: UTF8.self))
        document.source.fetchedAt = "2031-05-05T10:00:00Z"
        document.source.charset = "utf-8"
        document.source.bytes = raw.count
        document.source.sha256 = SHA256.hexDigest(of: raw)
        document.raw = raw
        return document
    }

    func run(into output: SourceOutput, context: StageContext) async throws {
        for index in 0..<count {
            if let failAfter, index == failAfter { throw DocumentError("disk on fire") }
            try await output.emit(Self.page(index), micros: 100 + index)
        }
        try await output.fail(uri: "https://example.org/missing", reason: "HTTP 404")
    }
}

/// Splits each document in two parts that share the input's raw bytes.
struct ArchiveSplitStage: TransformStage {
    static let name = "split"
    static let summary = "Splits in two."
    init(options: StageOptions, context: StageSetup) throws {}
    init() {}
    func process(_ document: Document, context: StageContext) async throws -> [Document] {
        (1...2).map { part in
            var copy = document
            copy.id = document.id + "-\(part)"
            return copy
        }
    }
}

@Suite struct ArchiveStageTests {
    static let pipelineText = "docpipe: 1\nname: archive-test\nstages:\n  - use: fetch\n  - use: archive\n"
    static let epochTimestamp = "2030-03-17T17:46:40Z"

    func run(
        in folder: String, path: String = "out/{name}-{run}.tar.gz", count: Int = 5, epoch: Int? = 1_900_000_000,
        includeRaw: Bool = true, split: Bool = false, failAfter: Int? = nil
    ) async throws -> RunReport {
        let info = PipelineInfo(name: "archive-test", path: nil, directory: folder, sourceText: Self.pipelineText)
        let setup = StageSetup(
            stageID: "archive", pipeline: info, environment: [:],
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let options = StageOptions(values: [
            "path": .string(path.hasPrefix("/") ? path : folder + "/" + path), "level": 6, "include_raw": .bool(includeRaw),
        ])
        let archive = try ArchiveStage(options: options, context: setup)
        var stages = [
            PipelineStage(
                id: "fetch", descriptor: StageDescriptor(ArchivePagesSource.self), options: StageOptions(),
                instance: .source(ArchivePagesSource(count: count, failAfter: failAfter)))
        ]
        if split {
            stages.append(
                PipelineStage(
                    id: "split", descriptor: StageDescriptor(ArchiveSplitStage.self), options: StageOptions(),
                    instance: .transform(ArchiveSplitStage())))
        }
        stages.append(
            PipelineStage(id: "archive", descriptor: StageDescriptor(ArchiveStage.self), options: options, instance: .sink(archive)))
        let runner = Runner(pipeline: Pipeline(info: info, stages: stages), options: RunOptions(sourceDateEpoch: epoch))
        return try await runner.run()
    }

    func bundles(in folder: String) throws -> [String] {
        let out = folder + "/out"
        guard FileManager.default.fileExists(atPath: out) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: out).sorted().map { out + "/" + $0 }
    }

    @Test func writesAVerifiedBundleAndSaysWhere() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        let report = try await run(in: folder.path, count: 5)
        let paths = try bundles(in: folder.path)
        #expect(paths.count == 1)
        let path = try #require(paths.first)
        let name = "archive-test-\(report.run.id)"
        #expect(path.hasSuffix("/out/\(name).tar.gz"))
        let message = try #require(report.messages.first)
        #expect(message.hasPrefix("bundle: "))
        #expect(message.contains("(5 documents, "))
        let verification = try BundleVerifier.verify(path: path)
        #expect(verification.name == name)
        #expect(verification.documents == 5)
        #expect(verification.manifest.quarantined == 1)
        #expect(verification.manifest.stages.map(\.use) == ["fetch", "archive"])
        #expect(verification.manifest.runID == report.run.id)
        let reader = BundleReader(path: path)
        #expect(try reader.read(member: "pipeline.yaml") == Array(Self.pipelineText.utf8))
        let members = try reader.members().map(\.path)
        #expect(members.first == "pipeline.yaml")
        #expect(members.last == "manifest.json")
        #expect(members.filter { $0.hasPrefix("raw/") } == (0..<5).map { "raw/" + ArchivePagesSource.page($0).id })
        #expect(try reader.read(member: "raw/" + ArchivePagesSource.page(2).id) == ArchivePagesSource.page(2).raw!)
        let quarantine = try JSONParser.parse(try reader.read(member: "quarantine.jsonl"))
        #expect(quarantine["uri"]?.stringValue == "https://example.org/missing")
        #expect(quarantine["stage"]?.stringValue == "fetch")
    }

    @Test func sourceDateEpochGivesByteIdenticalBundlesWithoutTimings() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        _ = try await run(in: folder.path, path: "out/{run}.tar.gz", count: 6)
        let path = try #require(try bundles(in: folder.path).first)
        let first = try archiveReadBytes(path)
        try FileManager.default.removeItem(atPath: path)
        _ = try await run(in: folder.path, path: "out/{run}.tar.gz", count: 6)
        #expect(try bundles(in: folder.path) == [path])
        #expect(first == (try archiveReadBytes(path)))
        let reader = BundleReader(path: path)
        var documents: [Document] = []
        try reader.forEachDocument { documents.append($0) }
        #expect(documents.count == 6)
        #expect(documents.allSatisfy { $0.lineage.allSatisfy { $0.micros == nil } })
        #expect(documents.allSatisfy { $0.source.fetchedAt == Self.epochTimestamp })
        let report = String(decoding: try reader.read(member: "report.json"), as: UTF8.self)
        #expect(!report.contains("p50_ms") && !report.contains("elapsed_seconds"))
        let manifest = try reader.manifest()
        #expect(manifest.started == Self.epochTimestamp && manifest.finished == manifest.started)
        #expect(try reader.members().allSatisfy { $0.entry.mtime == 1_900_000_000 })
    }

    @Test func withoutEpochTimingsAreKept() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        _ = try await run(in: folder.path, count: 2, epoch: nil)
        let reader = BundleReader(path: try #require(try bundles(in: folder.path).first))
        var documents: [Document] = []
        try reader.forEachDocument { documents.append($0) }
        #expect(documents.first?.lineage.first?.micros == 100)
        #expect(String(decoding: try reader.read(member: "report.json"), as: UTF8.self).contains("elapsed_seconds"))
    }

    @Test func abortedRunLeavesNoBundle() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        await #expect(throws: (any Error).self) { try await run(in: folder.path, count: 300, failAfter: 250) }
        #expect(try bundles(in: folder.path).isEmpty)
    }

    @Test func placeholdersAndMissingFoldersAreHandled() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        let report = try await run(in: folder.path, path: "out/deep/{date}/{name}.tar.gz", count: 1)
        #expect(archiveFileExists(folder.path + "/out/deep/2030-03-17/archive-test.tar.gz"))
        #expect(report.messages.first?.contains("(1 document, ") == true)
        #expect(ArchiveStage.resolvePath("{x}/{run}{", run: report.run) == "{x}/\(report.run.id){")
    }

    @Test func includeRawFalseStoresNoInputs() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        _ = try await run(in: folder.path, count: 3, includeRaw: false)
        let path = try #require(try bundles(in: folder.path).first)
        #expect(try BundleReader(path: path).members().allSatisfy { !$0.path.hasPrefix("raw/") })
        #expect(try BundleVerifier.verify(path: path).documents == 3)
    }

    @Test func splitDocumentsStoreTheirInputOnce() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        _ = try await run(in: folder.path, count: 3, split: true)
        let path = try #require(try bundles(in: folder.path).first)
        let raws = try BundleReader(path: path).members().filter { $0.path.hasPrefix("raw/") }.map(\.path)
        #expect(raws == (0..<3).map { "raw/" + ArchivePagesSource.page($0).id })
        #expect(try BundleVerifier.verify(path: path).documents == 6)
    }

    @Test func badOptionsAreRejected() throws {
        let info = PipelineInfo(name: "t", path: nil, directory: "/tmp", sourceText: "")
        let setup = StageSetup(stageID: "archive", pipeline: info, environment: [:], logger: Logger(label: "t"))
        #expect(throws: StageConfigurationError.self) {
            try ArchiveStage(options: StageOptions(values: ["path": "/tmp/x.tar.gz", "level": 12]), context: setup)
        }
        #expect(throws: StageConfigurationError.self) {
            try ArchiveStage(options: StageOptions(values: ["level": 1]), context: setup)
        }
    }
}

/// A fresh folder under the system's temporary folder.
struct ArchiveTestFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-archive-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

func archiveFileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
func archiveReadBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
