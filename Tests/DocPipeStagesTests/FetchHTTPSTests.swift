import DocPipe
import DocPipeStages
import Foundation
import Testing

@Suite("fetch: HTTPS")
struct FetchHTTPSTests {
    @Test("https: a server certified by ca_file is fetched; without it, the page is quarantined at once, not retried")
    func privateAuthority() async throws {
        let server = try LoopbackHTTPSServer()
        defer { server.stop() }
        let url = server.url("/page.html")

        let trusted = try await HTTPFetchHarness.run(HTTPFetchHarness.options([url], "ca_file: \"\(server.certificatePath)\""))
        #expect(trusted.records.isEmpty)
        let document = try #require(trusted.document(url))
        #expect(document.source.status == 200)
        #expect(document.source.finalURI == url)
        #expect(document.text == LoopbackHTTPSServer.page)
        #expect(document.source.sha256 == SHA256.hexDigest(of: Array(LoopbackHTTPSServer.page.utf8)))

        let started = ContinuousClock.now
        let untrusted = try await HTTPFetchHarness.run("{urls: [\"\(url)\"], backoff: 10ms, timeout: 60s, retries: 3, robots: false}")
        #expect(ContinuousClock.now - started < .seconds(30), "fails at once, not at the timeout")
        #expect(untrusted.documents.isEmpty)
        #expect(untrusted.report.quarantined == 1)
        let reason = try #require(untrusted.reason(url))
        #expect(reason == "TLS handshake failed: the server's certificate is not trusted (a private authority can be added with ca_file)")
    }

    @Test("ca_file that is missing or holds no certificate is an error at the option")
    func badAuthorityFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-ca-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: folder + "/junk.pem"))
        func problem(_ file: String) -> String {
            let text = "docpipe: 1\nstages:\n  - use: fetch\n    with: {urls: [\"https://example.org/\"], ca_file: \(file)}\n"
            do {
                _ = try PipelineLoader(registry: .builtIn).load(text: text, file: "p.yaml", directory: folder)
                return ""
            } catch let error as PipelineError {
                return error.rendered()
            } catch {
                return "\(error)"
            }
        }
        let missing = problem("missing.pem")
        #expect(missing.contains("p.yaml:4:"), "positioned at the option: \(missing)")
        #expect(missing.contains("cannot read certificates from \(folder)/missing.pem"))
        let junk = problem("junk.pem")
        #expect(junk.contains("junk.pem"), "names the file: \(junk)")
        #expect(!junk.isEmpty)
    }
}
