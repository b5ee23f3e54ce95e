import DocPipe
import DocPipeBundle
import Foundation
import Testing

/// `verify` catches damage and lies, naming the first problem.
@Suite struct BundleVerifyTests {
    func verifyError(_ path: String) -> BundleError? {
        do {
            _ = try BundleVerifier.verify(path: path)
            return nil
        } catch let error as BundleError {
            return error
        } catch {
            return BundleError(.io, "unexpected error \(error)")
        }
    }

    @Test func soundBundleVerifies() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, count: 5)
        let verification = try BundleVerifier.verify(path: path)
        #expect(verification.documents == 5)
        #expect(verification.members == 9)
        #expect(verification.manifest.quarantined == 1)
        #expect(verification.manifest.members.map(\.path).first == "pipeline.yaml")
        #expect(verification.manifest.members.map(\.path).last == "report.json")
    }

    @Test(arguments: [0.2, 0.5, 0.9, 0.999])
    func truncatedBundleIsCaught(fraction: Double) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, count: 40)
        let bytes = try readBytes(path)
        try writeBytes(Array(bytes.prefix(Int(Double(bytes.count) * fraction))), to: path)
        let error = try #require(verifyError(path))
        #expect(error.kind == .gzip)
        #expect(error.message.contains("truncated"), "\(error.message)")
    }

    @Test func truncatedTarInsideSoundGzipNamesTheMember() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, count: 3)
        let tar = try await TarSurgery.decompress(path)
        let id = Sample.document(2).id
        let header = try #require(TarSurgery.find(Array("sample/raw/\(id)".utf8), in: tar))
        try await TarSurgery.compress(Array(tar.prefix(header + 512 + 10)), to: path)
        let error = try #require(verifyError(path))
        #expect(error.kind == .tar)
        #expect(error.message.contains("archive truncated: member 'sample/raw/\(id)' declares"), "\(error.message)")
    }

    @Test func flippedCompressedByteIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, count: 20)
        var bytes = try readBytes(path)
        bytes[bytes.count / 2] ^= 0x01
        try writeBytes(bytes, to: path)
        let error = try #require(verifyError(path))
        #expect(error.kind != .io, "\(error)")
    }

    @Test func flippedByteInAMemberIsCaughtByItsChecksum() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, count: 3)
        var tar = try await TarSurgery.decompress(path)
        let document = Sample.document(1)
        let header = try #require(TarSurgery.find(Array("sample/raw/\(document.id)".utf8), in: tar))
        tar[header + 512 + 5] ^= 0x20  // inside the member's data, not its header
        try await TarSurgery.compress(tar, to: path)
        let error = try #require(verifyError(path))
        #expect(error.kind == .manifest)
        #expect(error.message.hasPrefix("checksum mismatch for raw/\(document.id): manifest says sha256 "), "\(error.message)")
    }

    @Test func corruptHeaderChecksumIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, count: 2)
        var tar = try await TarSurgery.decompress(path)
        tar[3] ^= 0x01  // the first header's name
        try await TarSurgery.compress(tar, to: path)
        let error = try #require(verifyError(path))
        #expect(error.message.contains("tar header at byte 0: checksum mismatch"), "\(error.message)")
    }

    @Test func manifestThatLiesAboutASizeIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bundle = HandBundle()
        bundle.manifest.members[3].size += 1  // documents.jsonl
        let path = try await bundle.write(in: folder, to: "lie.tar.gz")
        #expect(verifyError(path)?.message.hasPrefix("size mismatch for documents.jsonl: manifest says") == true)
    }

    @Test func manifestThatLiesAboutAChecksumIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bundle = HandBundle()
        bundle.manifest.members[0].sha256 = String(repeating: "0", count: 64)
        let path = try await bundle.write(in: folder, to: "lie.tar.gz")
        #expect(verifyError(path)?.message.hasPrefix("checksum mismatch for pipeline.yaml") == true)
    }

    @Test func manifestListingAMissingMemberIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bundle = HandBundle()
        bundle.manifest.members.append(.init(path: "raw/ghost", size: 1, sha256: String(repeating: "a", count: 64)))
        let path = try await bundle.write(in: folder, to: "lie.tar.gz")
        #expect(verifyError(path)?.message == "manifest lists 'raw/ghost', which is not in the archive")
    }

    @Test func unlistedMemberIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bundle = HandBundle()
        bundle.members.insert(("raw/extra", [1, 2, 3]), at: 1)
        let path = try await bundle.write(in: folder, to: "lie.tar.gz")
        #expect(verifyError(path)?.message == "member 'raw/extra' is not listed in the manifest")
    }

    @Test func manifestThatLiesAboutCountsIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bundle = HandBundle()
        bundle.manifest.documents = 7
        let path = try await bundle.write(in: folder, to: "lie.tar.gz")
        #expect(verifyError(path)?.message == "manifest counts 7 documents but documents.jsonl has 2 lines")
    }

    @Test func invalidDocumentLineIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bundle = HandBundle()
        let bad = Array("{\"id\":\"bad id!\",\"source\":{\"uri\":\"x\"}}\n".utf8)
        bundle.members[3].1 += bad
        bundle.manifest = HandBundle().manifest
        bundle.manifest.members = bundle.members.map {
            .init(path: $0.0, size: Int64($0.1.count), sha256: SHA256.hexDigest(of: $0.1))
        }
        bundle.manifest.documents = 3
        let path = try await bundle.write(in: folder, to: "bad.tar.gz")
        let message = verifyError(path)?.message ?? ""
        #expect(message.hasPrefix("documents.jsonl line 3 is not a valid document"), "\(message)")
    }

    @Test func missingManifestIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let top = folder.file("t/nomanifest")
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true)
        try writeBytes(Sample.pipeline, to: top + "/pipeline.yaml")
        #expect(try await runProcess(["tar", "-czf", folder.file("n.tar.gz"), "nomanifest"], in: folder.file("t")).status == 0)
        #expect(verifyError(folder.file("n.tar.gz"))?.message == "the bundle has no manifest.json")
    }

    @Test func notGzipAndTrailingGarbageAreCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeBytes(Array("plain text, not gzip".utf8), to: folder.file("plain.tar.gz"))
        #expect(verifyError(folder.file("plain.tar.gz"))?.message.hasSuffix("not a gzip file (bad header)") == true)
        try writeBytes([], to: folder.file("empty.tar.gz"))
        #expect(verifyError(folder.file("empty.tar.gz"))?.kind == .gzip)
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path)
        try writeBytes(try readBytes(path) + Array("junk!".utf8), to: path)
        #expect(verifyError(path)?.message.contains("trailing garbage after gzip member 1") == true)
        #expect(verifyError(folder.file("missing.tar.gz"))?.kind == .io)
    }

    @Test func malformedPaxRecordIsCaught() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("b.tar.gz")
        try Sample.writeBundle(at: path, name: "中文")
        var tar = try await TarSurgery.decompress(path)
        let record = try #require(TarSurgery.find(Array(" path=".utf8), in: tar))
        tar[record - 1] = UInt8(ascii: "x")  // the record's length digits
        try await TarSurgery.compress(tar, to: path)
        #expect(verifyError(path)?.message.contains("malformed pax record in the header at byte 0") == true)
    }
}
