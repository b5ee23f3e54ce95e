import DocPipe
import DocPipeBundle
import Foundation
import Testing

/// Our bundles read by GNU tar, gzip and Python's tarfile; GNU tar's read by us.
@Suite struct BundleInteropTests {
    @Test func gnuTarListsMembersInBundleOrder() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("out/sample.tar.gz")
        try Sample.writeBundle(at: path)
        let listing = try await runProcess(["tar", "-tzf", path])
        #expect(listing.status == 0, "\(listing.error)")
        let ids = (0..<3).map { Sample.document($0).id }
        let expected = ["sample/pipeline.yaml"] + ids.map { "sample/raw/\($0)" } + [
            "sample/documents.jsonl", "sample/quarantine.jsonl", "sample/report.json", "sample/manifest.json",
        ]
        #expect(listing.output.split(separator: "\n").map(String.init) == expected)
        #expect(try await runProcess(["gzip", "-t", path]).status == 0)
    }

    @Test func gnuTarExtractsTheSameBytes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("sample.tar.gz")
        try Sample.writeBundle(at: path)
        try FileManager.default.createDirectory(atPath: folder.file("x"), withIntermediateDirectories: true)
        let result = try await runProcess(["tar", "-xzf", path, "-C", folder.file("x")])
        #expect(result.status == 0, "\(result.error)")
        let document = Sample.document(1)
        #expect(try readBytes(folder.file("x/sample/raw/\(document.id)")) == document.raw!)
        #expect(try readBytes(folder.file("x/sample/pipeline.yaml")) == Sample.pipeline)
        let reader = BundleReader(path: path)
        #expect(try readBytes(folder.file("x/sample/manifest.json")) == reader.read(member: "manifest.json"))
        // GNU tar sees uid/gid 0 and the fixed mtime.
        let verbose = try await runProcess(["tar", "--numeric-owner", "--full-time", "-tvzf", path])
        #expect(verbose.output.contains("0/0"))
        #expect(verbose.output.contains("2023-11-14 22:13:20"))
    }

    @Test func pythonTarfileReadsMembersAndPaxNames() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("bundle.tar.gz")
        let longID = String(repeating: "a1b2c3d4e5", count: 20)  // 200 characters
        try Sample.writeBundle(at: path, name: "中文包", count: 2, rawID: { $0 == 0 ? longID : "plain\($0)" })
        let script = """
            import sys, tarfile
            with tarfile.open(sys.argv[1], "r:gz") as t:
                for m in t.getmembers():
                    data = t.extractfile(m).read()
                    print(m.name, m.size, len(data), m.uid, m.gid, oct(m.mode), m.mtime, m.type.decode())
            """
        let result = try await runProcess(["python3", "-c", script, path])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines[1].hasPrefix("中文包/raw/\(longID) "))
        #expect(lines[2].hasPrefix("中文包/raw/plain1 "))
        for line in lines {
            let fields = line.split(separator: " ")
            #expect(fields[1] == fields[2])  // size == bytes read
            #expect(fields[3] == "0" && fields[4] == "0" && fields[5] == "0o644" && fields[6] == "1700000000" && fields[7] == "0")
        }
        // GNU tar agrees on the pax names, and our reader too.
        let listing = try await runProcess(["tar", "-tzf", path])
        #expect(listing.output.contains("中文包/raw/\(longID)\n"))
        let members = try BundleReader(path: path).members().map(\.path)
        #expect(members.contains("raw/\(longID)"))
        #expect(try BundleReader(path: path).name() == "中文包")
        #expect(try BundleVerifier.verify(path: path).members == 7 - 1)
    }

    @Test func ourReaderReadsABundleMadeByGNUTar() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let top = folder.file("gnu")
        try FileManager.default.createDirectory(atPath: top + "/raw", withIntermediateDirectories: true)
        var members: [BundleManifest.Member] = []
        func add(_ relative: String, _ bytes: [UInt8]) throws {
            try writeBytes(bytes, to: top + "/" + relative)
            members.append(.init(path: relative, size: Int64(bytes.count), sha256: SHA256.hexDigest(of: bytes)))
        }
        try add("pipeline.yaml", Sample.pipeline)
        let documents = (0..<4).map { Sample.document($0) }
        for document in documents { try add("raw/" + document.id, document.raw!) }
        try add("documents.jsonl", documents.flatMap { $0.jsonLine() + [0x0a] })
        try add("quarantine.jsonl", [])
        try add("report.json", Sample.report)
        var manifest = Sample.manifest()
        manifest.documents = 4
        manifest.pipelineSHA256 = SHA256.hexDigest(of: Sample.pipeline)
        manifest.members = members
        try writeBytes(JSONWriter().bytes(manifest.json), to: top + "/manifest.json")
        let order = ["gnu/pipeline.yaml"] + documents.map { "gnu/raw/\($0.id)" } + [
            "gnu/documents.jsonl", "gnu/quarantine.jsonl", "gnu/report.json", "gnu/manifest.json",
        ]
        let path = folder.file("gnu.tar.gz")
        let made = try await runProcess(["tar", "--format=gnu", "-czf", path] + order, in: folder.path)
        #expect(made.status == 0, "\(made.error)")
        let verification = try BundleVerifier.verify(path: path)
        #expect(verification.documents == 4)
        #expect(verification.name == "gnu")
        var read: [Document] = []
        try BundleReader(path: path).forEachDocument { read.append($0) }
        #expect(read.map(\.id) == documents.map(\.id))
        #expect(try BundleReader(path: path).read(member: "raw/" + documents[2].id) == documents[2].raw!)
        // A pax-format archive with a directory entry reads as well.
        let pax = folder.file("pax.tar.gz")
        let withDirectory = ["gnu/pipeline.yaml", "gnu/raw"] + order.suffix(4)
        #expect(try await runProcess(["tar", "--format=pax", "-czf", pax] + withDirectory, in: folder.path).status == 0)
        #expect(try BundleReader(path: pax).members().contains { $0.path == "raw" && $0.entry.kind == .directory })
        #expect(try BundleVerifier.verify(path: pax).documents == 4)
    }

    @Test func multiMemberGzipIsReadAsOneStream() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("one.tar.gz")
        try Sample.writeBundle(at: path)
        let tar = try await runProcess(["gzip", "-dc", path]).outputBytes
        let half = tar.count / 2
        let first = try await runProcess(["gzip", "-nc"], input: tar.prefix(half)).outputBytes
        let second = try await runProcess(["gzip", "-nc"], input: tar.suffix(from: half)).outputBytes
        let split = folder.file("two.tar.gz")
        try (first + second).write(to: URL(fileURLWithPath: split))
        #expect(try BundleVerifier.verify(path: split).documents == 3)
    }
}
