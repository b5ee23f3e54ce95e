import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// pipelines/web.yaml, the ready pipeline for web sources, run as shipped against a real HTTP
/// server on loopback (Python's `http.server` serving examples/corpus).
@Suite("web.yaml")
struct WebPipelineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("downloads a URL list politely, cleans it and archives the raw pages in a verified bundle")
    func downloadsCleansAndArchives() throws {
        let corpus = Self.repository.appendingPathComponent("examples/corpus").path
        let pages = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".html") }.sorted().prefix(3)
        #expect(pages.count == 3)

        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", corpus]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        var line: [UInt8] = []
        while let data = try output.fileHandleForReading.read(upToCount: 1), let byte = data.first, byte != 0x0A { line.append(byte) }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        let port = try #require(words.firstIndex(of: "port").flatMap { Int(words[$0 + 1]) }, "server said: \(words)")

        let project = try TemporaryFolder(files: [
            "urls.txt": "# three pages of the example corpus\n" + pages.map { "http://127.0.0.1:\(port)/\($0)\n" }.joined()
        ])
        defer { project.remove() }
        let result = try DocPipeBinary.run(
            ["run", "pipelines/web.yaml", "--var", "urls=\(project.path)/urls.txt", "--var", "out=\(project.path)/out"],
            in: Self.repository.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 documents"), "\(result.stdout)")
        let bundles = try FileManager.default.contentsOfDirectory(atPath: project.path + "/out").filter { $0.hasPrefix("web-") }
        let bundle = try #require(bundles.first.map { project.path + "/out/" + $0 })
        #expect(try DocPipeBinary.run(["bundle", "verify", bundle]).status == 0)
        let members = try DocPipeBinary.run(["bundle", "ls", bundle]).stdout
        #expect(members.components(separatedBy: "raw/").count - 1 == 3, "\(members)")
    }
}
