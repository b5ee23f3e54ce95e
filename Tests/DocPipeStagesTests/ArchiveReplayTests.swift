import DocPipe
import DocPipeBundle
import DocPipeStages
import Foundation
import Logging
import Testing

/// Replaying a bundle's raw inputs reproduces its documents.jsonl.
@Suite struct ArchiveReplayTests {
    static let epoch = 1_700_000_000
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path

    /// Runs `pipeline` and returns the one bundle written under `folder/out`.
    func runOnce(_ pipeline: Pipeline, folder: String) async throws -> String {
        _ = try await Runner(pipeline: pipeline, options: RunOptions(sourceDateEpoch: Self.epoch)).run()
        let out = folder + "/out"
        let names = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(names.count == 1)
        return out + "/" + (names.first ?? "")
    }

    func replaying(_ pipeline: Pipeline, bundle: String) -> Pipeline {
        var pipeline = pipeline
        pipeline.stages[0].instance = .source(BundleReplaySource(bundlePath: bundle))
        return pipeline
    }

    func load(_ text: String, in folder: String, out: String) throws -> Pipeline {
        let loader = PipelineLoader(registry: .builtIn, overrides: ["out": out])
        return try loader.load(text: text, file: folder + "/p.yaml", directory: folder)
    }

    @Test func replayWithRealFetchReproducesDocumentsIncludingGBK() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path + "/corpus", withIntermediateDirectories: true)
        for name in ["seed-page.utf8.html", "seed-page.gbk.html"] {
            try FileManager.default.copyItem(atPath: Self.shared + "/fixtures/" + name, toPath: folder.path + "/corpus/" + name)
        }
        let text = """
            docpipe: 1
            name: replay-test
            stages:
              - use: fetch
                with: { paths: ["corpus/*.html", "corpus/missing.html"] }
              - use: archive
                with: { path: "${out}/{name}-{run}.tar.gz" }
            """
        let original = try await runOnce(try load(text, in: folder.path, out: "first/out"), folder: folder.path + "/first")
        let replayed = try await runOnce(
            replaying(try load(text, in: folder.path, out: "second/out"), bundle: original), folder: folder.path + "/second")
        let first = BundleReader(path: original)
        let second = BundleReader(path: replayed)
        let documents = try first.read(member: "documents.jsonl")
        #expect(try second.read(member: "documents.jsonl") == documents)
        #expect(try second.read(member: "quarantine.jsonl") == first.read(member: "quarantine.jsonl"))
        var charsets: [String] = []
        try second.forEachDocument { charsets.append($0.source.charset ?? "") }
        #expect(charsets.sorted() == ["gb18030", "utf-8"])
        var texts: [String] = []
        try second.forEachDocument { texts.append($0.text) }
        #expect(texts.allSatisfy { $0.contains("人力资源") })
    }

    @Test func splitDocumentsReplayOneInputEach() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        func pipeline(_ out: String, source: StageInstance) throws -> Pipeline {
            let info = PipelineInfo(name: "split", path: nil, directory: folder.path, sourceText: "docpipe: 1\nname: split\n")
            let options = StageOptions(values: ["path": .string(folder.path + "/\(out)/out/b.tar.gz"), "level": 6, "include_raw": true])
            let setup = StageSetup(stageID: "archive", pipeline: info, environment: [:], logger: .init(label: "t"))
            return Pipeline(
                info: info,
                stages: [
                    PipelineStage(id: "fetch", descriptor: StageDescriptor(ArchivePagesSource.self), options: StageOptions(), instance: source),
                    PipelineStage(
                        id: "split", descriptor: StageDescriptor(ArchiveSplitStage.self), options: StageOptions(),
                        instance: .transform(ArchiveSplitStage())),
                    PipelineStage(
                        id: "archive", descriptor: StageDescriptor(ArchiveStage.self), options: options,
                        instance: .sink(try ArchiveStage(options: options, context: setup))),
                ])
        }
        let original = try await runOnce(try pipeline("a", source: .source(ArchivePagesSource(count: 4))), folder: folder.path + "/a")
        let replayed = try await runOnce(
            try pipeline("b", source: .source(BundleReplaySource(bundlePath: original))), folder: folder.path + "/b")
        let documents = try BundleReader(path: original).read(member: "documents.jsonl")
        #expect(documents.filter { $0 == 0x0a }.count == 8)
        #expect(try BundleReader(path: replayed).read(member: "documents.jsonl") == documents)
        #expect(try BundleReader(path: replayed).read(member: "quarantine.jsonl") == BundleReader(path: original).read(member: "quarantine.jsonl"))
    }

    @Test func bundleWithoutRawInputsCannotBeReplayed() async throws {
        let folder = try ArchiveTestFolder()
        defer { folder.remove() }
        let info = PipelineInfo(name: "noraw", path: nil, directory: folder.path, sourceText: "x")
        let options = StageOptions(values: ["path": .string(folder.path + "/a/out/b.tar.gz"), "level": 1, "include_raw": false])
        let setup = StageSetup(stageID: "archive", pipeline: info, environment: [:], logger: .init(label: "t"))
        let archive = PipelineStage(
            id: "archive", descriptor: StageDescriptor(ArchiveStage.self), options: options,
            instance: .sink(try ArchiveStage(options: options, context: setup)))
        let source = PipelineStage(
            id: "fetch", descriptor: StageDescriptor(ArchivePagesSource.self), options: StageOptions(),
            instance: .source(ArchivePagesSource(count: 2)))
        let bundle = try await runOnce(Pipeline(info: info, stages: [source, archive]), folder: folder.path + "/a")
        var replay = source
        replay.instance = .source(BundleReplaySource(bundlePath: bundle))
        await #expect(throws: (any Error).self) {
            _ = try await Runner(pipeline: Pipeline(info: info, stages: [replay]), options: RunOptions(sourceDateEpoch: Self.epoch)).run()
        }
    }
}
