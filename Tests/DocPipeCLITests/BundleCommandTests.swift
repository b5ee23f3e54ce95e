import DocPipe
import DocPipeBundle
@testable import DocPipeCLI
import DocPipeStages
import Foundation
import Testing

/// `docpipe bundle …` and `docpipe replay` through the command-line entry point: exit codes and files.
@Suite(.serialized) struct BundleCommandTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path

    func docpipe(_ arguments: String...) async -> Int32 {
        await CLIEnvironment.$registry.withValue(.builtIn) { await DocPipeCLI.run(arguments: arguments) }
    }

    /// A folder with two seed pages and a fetch → archive pipeline; returns the folder.
    func makeProject() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-cli-bundle-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/corpus", withIntermediateDirectories: true)
        for name in ["seed-page.utf8.html", "seed-page.gbk.html"] {
            try FileManager.default.copyItem(atPath: Self.shared + "/fixtures/" + name, toPath: folder + "/corpus/" + name)
        }
        try """
            docpipe: 1
            name: cli
            vars:
              out: \(folder)/out
            stages:
              - use: fetch
                with: { paths: ["corpus/*.html"] }
              - use: archive
                with: { path: "${out}/{name}.tar.gz" }
            """.write(toFile: folder + "/p.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func runVerifyListCatExtractMergeAndReplay() async throws {
        let folder = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await docpipe("run", folder + "/p.yaml", "--quiet") == 0)
        let bundle = folder + "/out/cli.tar.gz"
        #expect(await docpipe("bundle", "verify", bundle) == 0)
        #expect(await docpipe("bundle", "ls", bundle) == 0)
        #expect(await docpipe("bundle", "cat", bundle, "nope.json") == 1)
        #expect(await docpipe("bundle", "extract", bundle, folder + "/x") == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/x/cli/manifest.json"))
        #expect(await docpipe("bundle", "merge", folder + "/merged.tar.gz", bundle, bundle) == 0)
        #expect(try BundleVerifier.verify(path: folder + "/merged.tar.gz").documents == 4)
        // Replay writing over the bundle it reads is refused; elsewhere it reproduces documents.jsonl.
        #expect(await docpipe("replay", bundle, "--quiet") == 2)
        #expect(await docpipe("replay", bundle, "--var", "out=\(folder)/again", "--quiet") == 0)
        let replayed = folder + "/again/cli.tar.gz"
        // Without SOURCE_DATE_EPOCH, measured durations differ: compare without them.
        func documents(_ path: String) throws -> [Document] {
            var result: [Document] = []
            try BundleReader(path: path).forEachDocument { document in
                var document = document
                for index in document.lineage.indices { document.lineage[index].micros = nil }
                result.append(document)
            }
            return result
        }
        let original = try documents(bundle)
        #expect(original.count == 2)
        #expect(try documents(replayed) == original)
    }

    @Test func verifyAndExtractFailWithExitOne() async throws {
        let folder = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await docpipe("run", folder + "/p.yaml", "--quiet") == 0)
        let bundle = folder + "/out/cli.tar.gz"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: bundle)))
        bytes.removeLast(100)
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/cut.tar.gz"))
        #expect(await docpipe("bundle", "verify", folder + "/cut.tar.gz") == 1)
        #expect(await docpipe("bundle", "extract", folder + "/cut.tar.gz", folder + "/x") == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/x/cli"))
        #expect(await docpipe("bundle", "extract", bundle, folder + "/y", "--max-size", "1KB") == 1)
        #expect(await docpipe("bundle", "verify", folder + "/missing.tar.gz") == 1)
        #expect(await docpipe("replay", folder + "/cut.tar.gz") == 2)
    }
}
