import DocPipe
import DocPipeBundle
import Foundation
import Testing

/// `extract` refuses hostile archives and never writes outside its folder.
@Suite struct BundleExtractTests {
    /// Makes a hostile archive with Python's tarfile: a normal pipeline.yaml, then the hostile entry.
    func hostile(_ kind: String, in folder: TemporaryFolder) async throws -> String {
        let path = folder.file("hostile-\(kind).tar.gz")
        let script = #"""
            import io, sys, tarfile, json, hashlib
            out, kind, outside = sys.argv[1], sys.argv[2], sys.argv[3]
            def info(name, data=b"", type=tarfile.REGTYPE, **kw):
                ti = tarfile.TarInfo(name); ti.size = len(data) if type == tarfile.REGTYPE else 0; ti.type = type
                for k, v in kw.items(): setattr(ti, k, v)
                return ti, io.BytesIO(data) if type == tarfile.REGTYPE else None
            with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as t:
                t.addfile(*info("b/pipeline.yaml", b"docpipe: 1\n"))
                if kind == "absolute": t.addfile(*info(outside + "/evil", b"evil"))
                elif kind == "dotdot": t.addfile(*info("b/../../evil", b"evil"))
                elif kind == "symlink":
                    t.addfile(*info("b/link", type=tarfile.SYMTYPE, linkname=outside))
                    t.addfile(*info("b/link/evil", b"evil"))
                elif kind == "hardlink": t.addfile(*info("b/hard", type=tarfile.LNKTYPE, linkname=outside + "/evil"))
                elif kind == "device": t.addfile(*info("b/null", type=tarfile.CHRTYPE, devmajor=1, devminor=3))
                elif kind == "block": t.addfile(*info("b/disk", type=tarfile.BLKTYPE, devmajor=8, devminor=0))
                elif kind == "fifo": t.addfile(*info("b/pipe", type=tarfile.FIFOTYPE))
                elif kind == "huge": t.addfile(*info("b/raw/huge", b"z" * 100000))
                elif kind == "manifest":
                    data = b"evil"
                    t.addfile(*info("b/../evil", data))
                    manifest = {"format": "docpipe-bundle/1", "members": [{"path": "../evil", "size": 4,
                                "sha256": hashlib.sha256(data).hexdigest()}]}
                    t.addfile(*info("b/manifest.json", json.dumps(manifest).encode()))
            """#
        let result = try await runProcess(["python3", "-c", script, path, kind, folder.file("outside")])
        guard result.status == 0 else { throw BundleError(.io, result.error) }
        return path
    }

    @Test(arguments: ["absolute", "dotdot", "symlink", "hardlink", "device", "block", "fifo", "huge", "manifest"])
    func hostileArchiveIsRefusedAndNothingIsWritten(kind: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("outside"), withIntermediateDirectories: true)
        let archive = try await hostile(kind, in: folder)
        let destination = folder.file("dest")
        #expect {
            try BundleExtractor.extract(path: archive, into: destination, limit: 50_000)
        } throws: { error in
            (error as? BundleError)?.kind == .unsafe
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("outside")).isEmpty)
        #expect(!fileExists(folder.file("evil")))
        #expect(!fileExists(folder.path + "/../evil"))
        // The checks run before anything is written: the destination holds nothing.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: destination))?.isEmpty ?? true)
    }

    @Test func refusalMessagesNameTheMemberAndReason() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func message(_ kind: String) async throws -> String {
            do {
                let archive = try await hostile(kind, in: folder)
                _ = try BundleExtractor.extract(path: archive, into: folder.file("d"), limit: 50_000)
                return ""
            } catch let error as BundleError { return error.message }
        }
        #expect(try await message("dotdot") == "refusing to extract 'b/../../evil': '..' in path")
        #expect(try await message("symlink").hasPrefix("refusing to extract 'b/link': symbolic link to"))
        #expect(try await message("absolute").hasSuffix("': absolute path"))
        #expect(try await message("device") == "refusing to extract 'b/null': device entry")
        #expect(try await message("huge").contains("more than the 50000-byte limit"))
    }

    @Test func aLinkAlreadyInTheDestinationIsNotFollowed() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("sample.tar.gz")
        try Sample.writeBundle(at: path)
        let destination = folder.file("dest")
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.file("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: destination + "/sample", withDestinationPath: folder.file("elsewhere"))
        #expect(throws: BundleError.self) { try BundleExtractor.extract(path: path, into: destination) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("elsewhere")).isEmpty)
    }

    @Test func soundBundleExtractsEveryMember() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("sample.tar.gz")
        try Sample.writeBundle(at: path, count: 4)
        let summary = try BundleExtractor.extract(path: path, into: folder.file("dest"))
        #expect(summary.files == 9)
        let document = Sample.document(3)
        #expect(try readBytes(folder.file("dest/sample/raw/\(document.id)")) == document.raw!)
        #expect(fileExists(folder.file("dest/sample/manifest.json")))
    }
}
