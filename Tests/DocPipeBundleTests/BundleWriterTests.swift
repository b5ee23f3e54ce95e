import DocPipe
import DocPipeBundle
import Foundation
import Testing

/// Determinism, atomic writes, ordering rules, merge.
@Suite struct BundleWriterTests {
    @Test func sameInputsAndEpochGiveIdenticalBytes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Sample.writeBundle(at: folder.file("a.tar.gz"), count: 10)
        try Sample.writeBundle(at: folder.file("b/a.tar.gz"), count: 10)
        #expect(try readBytes(folder.file("a.tar.gz")) == readBytes(folder.file("b/a.tar.gz")))
        try Sample.writeBundle(at: folder.file("c/a.tar.gz"), count: 10, mtime: 1_700_000_001)
        #expect(try readBytes(folder.file("a.tar.gz")) != readBytes(folder.file("c/a.tar.gz")))
    }

    @Test func gzipHeaderIsFixed() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Sample.writeBundle(at: folder.file("a.tar.gz"))
        let bytes = try readBytes(folder.file("a.tar.gz"))
        #expect(Array(bytes.prefix(10)) == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])
    }

    @Test(arguments: [0, 1, 9])
    func everyLevelVerifies(level: Int) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Sample.writeBundle(at: folder.file("a.tar.gz"), level: level)
        #expect(try BundleVerifier.verify(path: folder.file("a.tar.gz")).documents == 3)
        #expect(try await runProcess(["gzip", "-t", folder.file("a.tar.gz")]).status == 0)
    }

    @Test func abortedWriteLeavesNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("out/a.tar.gz")
        let writer = try BundleWriter(path: target, name: "a", pipeline: Sample.pipeline, options: .init(mtime: 0))
        try writer.addRaw(id: "abc", bytes: Array(repeating: 7, count: 100_000))
        try writer.addDocument(line: Sample.document(0).jsonLine())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")).count == 1)  // the temporary file
        writer.abort()
        #expect(!fileExists(target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")).isEmpty)
        #expect(throws: BundleError.self) { try writer.addDocument(line: []) }
    }

    @Test func droppedWriterLeavesNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        do {
            let writer = try BundleWriter(path: folder.file("a.tar.gz"), name: "a", pipeline: Sample.pipeline, options: .init(mtime: 0))
            try writer.addRaw(id: "abc", bytes: [1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func existingTargetIsReplacedOnlyAtTheEnd() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("a.tar.gz")
        try writeBytes([1, 2, 3], to: target)
        let writer = try BundleWriter(path: target, name: "a", pipeline: Sample.pipeline, options: .init(mtime: 0))
        try writer.addRaw(id: "abc", bytes: [1, 2, 3])
        #expect(try readBytes(target) == [1, 2, 3])
        writer.abort()
        #expect(try readBytes(target) == [1, 2, 3])
    }

    @Test func badNamesAndIdsAreRejected() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["", "..", "a/b"] {
            #expect(throws: BundleError.self) {
                try BundleWriter(path: folder.file("x.tar.gz"), name: name, pipeline: [], options: .init(mtime: 0))
            }
        }
        let writer = try BundleWriter(path: folder.file("x.tar.gz"), name: "x", pipeline: [], options: .init(mtime: 0))
        #expect(throws: BundleError.self) { try writer.addRaw(id: "../etc", bytes: []) }
        #expect(throws: BundleError.self) {
            try BundleWriter(path: folder.file("y.tar.gz"), name: "y", pipeline: [], options: .init(level: 10, mtime: 0))
        }
        writer.abort()
    }

    @Test func aKnownRawDigestIsRecordedAndVerifyChecksIt() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("a.tar.gz")
        let pages: [[UInt8]] = [Array("first".utf8), Array("second".utf8), Array("third".utf8)]
        let writer = try BundleWriter(path: path, name: "a", pipeline: Sample.pipeline, options: .init(mtime: 0))
        try writer.addRaw(id: "known", bytes: pages[0], sha256: SHA256.hexDigest(of: pages[0]))
        try writer.addRaw(id: "malformed", bytes: pages[1], sha256: "NOT-A-DIGEST")  // hashed here instead
        _ = try writer.finish(report: Array("{}\n".utf8), manifest: Sample.manifest())
        let members = try BundleReader(path: path).manifest().members
        #expect(members.first { $0.path == "raw/known" }?.sha256 == SHA256.hexDigest(of: pages[0]))
        #expect(members.first { $0.path == "raw/malformed" }?.sha256 == SHA256.hexDigest(of: pages[1]))
        #expect(try BundleVerifier.verify(path: path).manifest.members.count == members.count)

        // A stage that changed the raw bytes but not their recorded digest: verify says so.
        let lying = folder.file("b.tar.gz")
        let second = try BundleWriter(path: lying, name: "b", pipeline: Sample.pipeline, options: .init(mtime: 0))
        try second.addRaw(id: "changed", bytes: pages[2], sha256: SHA256.hexDigest(of: pages[0]))
        _ = try second.finish(report: Array("{}\n".utf8), manifest: Sample.manifest())
        let error = #expect(throws: BundleError.self) { try BundleVerifier.verify(path: lying) }
        #expect(error?.message.hasPrefix("checksum mismatch for raw/changed") == true)
    }

    @Test func readerListsReadsAndIterates() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("a.tar.gz")
        try Sample.writeBundle(at: path, count: 4)
        let reader = BundleReader(path: path)
        #expect(try reader.members().map(\.path).prefix(1) == ["pipeline.yaml"])
        #expect(try reader.read(member: "pipeline.yaml") == Sample.pipeline)
        #expect(try reader.read(member: "./pipeline.yaml") == Sample.pipeline)
        #expect(throws: BundleError.self) { try reader.read(member: "nope") }
        var documents: [Document] = []
        try reader.forEachDocument { documents.append($0) }
        #expect(documents == (0..<4).map { var d = Sample.document($0); d.raw = nil; return d })
        var raws: [String] = []
        try reader.forEachRaw { id, bytes in
            raws.append(id)
            #expect(bytes == documents.first { $0.id == id }.map { Sample.document(documents.firstIndex(of: $0)!).raw! })
        }
        #expect(raws == documents.map(\.id))
        let manifest = try reader.manifest()
        #expect(manifest.members.count == 8)
        #expect(manifest.pipelineSHA256 == SHA256.hexDigest(of: Sample.pipeline))
        // The manifest's JSON round-trips.
        #expect(try BundleManifest(json: manifest.json) == manifest)
    }

    @Test func mergeConcatenatesShardsInOrderAndSumsCounts() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Sample.writeBundle(at: folder.file("s0.tar.gz"), count: 2)
        // A second shard with other documents.
        let writer = try BundleWriter(path: folder.file("s1.tar.gz"), name: "s1", pipeline: Sample.pipeline, options: .init(mtime: 0))
        for index in 10..<13 {
            let document = Sample.document(index)
            try writer.addRaw(id: document.id, bytes: document.raw!)
            try writer.addDocument(line: document.jsonLine())
        }
        var manifest = Sample.manifest()
        manifest.documents = 3
        _ = try writer.finish(report: Sample.report, manifest: manifest)
        let summary = try BundleMerger.merge(
            inputs: [folder.file("s0.tar.gz"), folder.file("s1.tar.gz")], output: folder.file("merged.tar.gz"))
        #expect(summary.documents == 5)
        let verification = try BundleVerifier.verify(path: folder.file("merged.tar.gz"))
        #expect(verification.name == "merged")
        #expect(verification.manifest.documents == 5)
        #expect(verification.manifest.quarantined == 1)
        var ids: [String] = []
        try BundleReader(path: folder.file("merged.tar.gz")).forEachDocument { ids.append($0.id) }
        #expect(ids == [0, 1, 10, 11, 12].map { Sample.document($0).id })
        let report = try JSONParser.parse(try BundleReader(path: folder.file("merged.tar.gz")).read(member: "report.json"))
        #expect(report["totals"]?["documents"]?.intValue == 6)  // 3 + 3 from the sample reports
        // The same command line gives the same bytes.
        _ = try BundleMerger.merge(
            inputs: [folder.file("s0.tar.gz"), folder.file("s1.tar.gz")], output: folder.file("again/merged.tar.gz"))
        #expect(try readBytes(folder.file("merged.tar.gz")) == readBytes(folder.file("again/merged.tar.gz")))
    }

    @Test func mergeRefusesDifferentPipelines() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Sample.writeBundle(at: folder.file("s0.tar.gz"))
        let writer = try BundleWriter(path: folder.file("s1.tar.gz"), name: "s1", pipeline: Array("other".utf8), options: .init(mtime: 0))
        _ = try writer.finish(report: Sample.report, manifest: Sample.manifest())
        #expect {
            try BundleMerger.merge(inputs: [folder.file("s0.tar.gz"), folder.file("s1.tar.gz")], output: folder.file("m.tar.gz"))
        } throws: { ($0 as? BundleError)?.message.contains("different pipeline") == true }
        #expect(!fileExists(folder.file("m.tar.gz")))
    }
}
