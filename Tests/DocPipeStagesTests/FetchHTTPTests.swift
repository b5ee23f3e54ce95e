import DocPipe
import DocPipeStages
import Foundation
import Synchronization
import Testing

/// Runs a pipeline of `fetch` (with the given options, a YAML flow mapping) into a collector.
enum HTTPFetchHarness {
    struct Result {
        var documents: [Document]
        var records: [QuarantineRecord]
        var report: RunReport

        /// The quarantine reason for `url`, if it was quarantined.
        func reason(_ url: String) -> String? {
            records.first { $0.document.source.uri == url }?.error
        }

        func document(_ url: String) -> Document? { documents.first { $0.source.uri == url } }
    }

    static func run(_ options: String, directory: String = FileManager.default.temporaryDirectory.path) async throws -> Result {
        let text = "docpipe: 1\nstages:\n  - use: fetch\n    with: \(options)\n"
        var pipeline = try PipelineLoader(registry: .builtIn).load(text: text, file: "p.yaml", directory: directory)
        let sink = FetchCollector()
        pipeline.stages.append(
            PipelineStage(
                id: "collect", descriptor: StageDescriptor(FetchCollector.self), options: StageOptions(), instance: .sink(sink)))
        let report = try await Runner(pipeline: pipeline, options: RunOptions(sourceDateEpoch: 1_700_000_000)).run()
        return Result(documents: sink.documents.withLock { $0 }, records: sink.records.withLock { $0 }, report: report)
    }

    /// `{urls: [...], <extra>}` with fast retries for tests.
    static func options(_ urls: [String], _ extra: String = "") -> String {
        let list = urls.map { "\"\($0)\"" }.joined(separator: ", ")
        return "{urls: [\(list)], backoff: 10ms, timeout: 2s\(extra.isEmpty ? "" : ", " + extra)}"
    }
}

@Suite("fetch: HTTP")
struct FetchHTTPTests {
    typealias Reply = LoopbackHTTPServer.Reply

    /// Checks what every run must satisfy: it finished, nothing was lost, and the exit code
    /// (3 when anything was quarantined) follows.
    func expectAccounted(_ result: HTTPFetchHarness.Result, inputs: Int, quarantined: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.documents.count + result.records.count == inputs, sourceLocation: sourceLocation)
        #expect(result.records.count == quarantined, sourceLocation: sourceLocation)
        #expect(result.report.quarantined == quarantined, sourceLocation: sourceLocation)
        #expect(result.report.hasFailures == (quarantined > 0), "exit code 3 exactly when something was quarantined", sourceLocation: sourceLocation)
    }

    @Test("200 pages: source fields, raw bytes, reproducible fetched_at, input order despite concurrency")
    func pages() async throws {
        let server = try LoopbackHTTPServer { path, _ in
            guard path.hasPrefix("/p/"), let n = Int(path.dropFirst(3)) else { return .status(404) }
            if n % 5 == 0 { Thread.sleep(forTimeInterval: 0.05) }  // early pages finish late
            return .page("<html><body>page \(n)</body></html>")
        }
        defer { server.stop() }
        let urls = (0..<30).map { server.url("/p/\($0)") }
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls, "concurrency: 8, per_host: 4"))
        expectAccounted(result, inputs: 30, quarantined: 0)
        #expect(result.documents.map(\.source.uri) == urls)
        let first = try #require(result.documents.first)
        #expect(first.text == "<html><body>page 0</body></html>")
        #expect(first.source.finalURI == urls[0])
        #expect(first.source.status == 200)
        #expect(first.source.mediaType == "text/html")
        #expect(first.source.charset == "utf-8")
        #expect(first.source.declaredCharset == "utf-8")
        #expect(first.source.charsetSource == "header")
        #expect(first.source.bytes == first.text.utf8.count)
        #expect(first.source.sha256 == SHA256.hexDigest(of: Array(first.text.utf8)))
        #expect(first.source.fetchedAt == "2023-11-14T22:13:20Z")
        #expect(first.raw == Array(first.text.utf8))
        #expect(first.id == Document.defaultID(for: urls[0]))
        #expect(first.metadata["redirects"] == .int(0))
        #expect(server.maximumActive <= 4 + 1, "per_host 4 (+1 for robots.txt at most)")
        let agents = Set(server.requests.map { $0.headers["user-agent"] ?? "" })
        #expect(agents == ["docpipe/\(DocPipeVersion.current)"])
    }

    @Test("a 500 then a 200 is retried and kept")
    func serverErrorThenSuccess() async throws {
        let server = try LoopbackHTTPServer { path, count in
            path == "/flaky" ? (count == 1 ? .status(500) : .page("ok")) : .status(404)
        }
        defer { server.stop() }
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([server.url("/flaky")]))
        expectAccounted(result, inputs: 1, quarantined: 0)
        #expect(result.documents.first?.text == "ok")
        #expect(server.count("/flaky") == 2)
    }

    @Test("a 500 that persists is quarantined after retries + 1 attempts")
    func serverErrorPersists() async throws {
        let server = try LoopbackHTTPServer { path, _ in path == "/down" ? .status(503) : .status(404) }
        defer { server.stop() }
        let url = server.url("/down")
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([url], "retries: 2"))
        expectAccounted(result, inputs: 1, quarantined: 1)
        #expect(result.reason(url) == "HTTP 503 Service Unavailable (3 attempts)")
        #expect(server.count("/down") == 3)
    }

    @Test("429 with Retry-After: 1 waits a second, then succeeds")
    func tooManyRequests() async throws {
        let server = try LoopbackHTTPServer { path, count in
            guard path == "/busy" else { return .status(404) }
            return count == 1 ? .status(429, headers: [("Retry-After", "1")]) : .page("done")
        }
        defer { server.stop() }
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([server.url("/busy")]))
        expectAccounted(result, inputs: 1, quarantined: 0)
        let times = server.requests.filter { $0.path == "/busy" }.map(\.at)
        try #require(times.count == 2)
        #expect(times[1] - times[0] >= .milliseconds(950), "Retry-After wins over the 10ms backoff")
    }

    @Test("404 is quarantined at once, not retried")
    func notFound() async throws {
        let server = try LoopbackHTTPServer { path, _ in path == "/here" ? .page("here") : .status(404) }
        defer { server.stop() }
        let missing = server.url("/missing")
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([server.url("/here"), missing], "retries: 3"))
        expectAccounted(result, inputs: 2, quarantined: 1)
        #expect(result.reason(missing) == "HTTP 404 Not Found")
        #expect(server.count("/missing") == 1)
        #expect(result.records.first?.stageID == "fetch")
    }

    @Test("a body slower than the timeout is cut off, retried, then quarantined")
    func slowBody() async throws {
        let server = try LoopbackHTTPServer { path, _ in
            path == "/slow"
                ? .slow(headers: [("Content-Type", "text/html")], chunks: Array(repeating: Array("x".utf8), count: 20), pause: .milliseconds(100))
                : .status(404)
        }
        defer { server.stop() }
        let url = server.url("/slow")
        let result = try await HTTPFetchHarness.run(
            "{urls: [\"\(url)\"], timeout: 300ms, retries: 1, backoff: 10ms}")
        expectAccounted(result, inputs: 1, quarantined: 1)
        // A byte arrives every 100ms, so the idle (read) timeout never fires: only the whole-request
        // deadline can have cut these responses off.
        #expect(result.reason(url) == "timed out after 300ms (timeout) (2 attempts)")
        #expect(server.count("/slow") == 2)
    }

    @Test("a connection reset mid-body is retried; persistent resets are quarantined")
    func resetMidBody() async throws {
        let server = try LoopbackHTTPServer { path, count in
            let reset = Reply.reset(headers: [("Content-Type", "text/html")], declaredLength: 10_000, sent: Array(repeating: 0x61, count: 500))
            switch path {
            case "/reset": return reset
            case "/reset-once": return count == 1 ? reset : .page("recovered")
            default: return .status(404)
            }
        }
        defer { server.stop() }
        let always = server.url("/reset")
        let once = server.url("/reset-once")
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([always, once], "retries: 2"))
        expectAccounted(result, inputs: 2, quarantined: 1)
        let reason = try #require(result.reason(always))
        #expect(reason.contains("(3 attempts)"))
        #expect(reason.contains("connection") || reason.contains("closed") || reason.contains("reset"), "\(reason)")
        #expect(server.count("/reset") == 3)
        #expect(result.document(once)?.text == "recovered")
    }

    @Test("redirect chains are followed and final_uri recorded; loops and over-long chains are quarantined")
    func redirects() async throws {
        let chain = try LoopbackHTTPServer { path, _ in
            switch path {
            case "/a": .redirect("/b", status: 301)
            case "/b": .redirect("c", status: 308)
            case "/c": .redirect("/final", status: 303)
            case "/final": .page("arrived")
            case "/loop-a": .redirect("/loop-b")
            case "/loop-b": .redirect("/loop-a")
            default: .status(404)
            }
        }
        defer { chain.stop() }
        let start = chain.url("/a")
        let loop = chain.url("/loop-a")
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([start, loop]))
        expectAccounted(result, inputs: 2, quarantined: 1)
        let document = try #require(result.document(start))
        #expect(document.source.finalURI == chain.url("/final"))
        #expect(document.source.uri == start)
        #expect(document.text == "arrived")
        #expect(document.metadata["redirects"] == .int(3))
        #expect(
            result.reason(loop)
                == "redirect loop: \(chain.url("/loop-a")) → \(chain.url("/loop-b")) → \(chain.url("/loop-a"))")

        let limited = try await HTTPFetchHarness.run(HTTPFetchHarness.options([start], "max_redirects: 2"))
        expectAccounted(limited, inputs: 1, quarantined: 1)
        #expect(limited.reason(start)?.hasPrefix("more than 2 redirects (max_redirects)") == true)
    }

    @Test("a body over max_bytes is quarantined as too large, with or without Content-Length")
    func tooLarge() async throws {
        let big = Array(repeating: UInt8(ascii: "a"), count: 200_000)
        let server = try LoopbackHTTPServer { path, _ in
            switch path {
            case "/big": .bytes(big, type: "text/plain")
            case "/big-stream": .respond(status: 200, headers: [("Content-Type", "text/plain")], body: big, closeDelimited: true)
            case "/small": .page("small")
            default: .status(404)
            }
        }
        defer { server.stop() }
        let urls = [server.url("/big"), server.url("/big-stream"), server.url("/small")]
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls, "max_bytes: 10KB"))
        expectAccounted(result, inputs: 3, quarantined: 2)
        #expect(result.reason(urls[0]) == "response too large: 200000 bytes (Content-Length), over max_bytes (10000)")
        #expect(result.reason(urls[1]) == "response too large: more than 10000 bytes, over max_bytes (10000)")
        #expect(server.count("/big") == 1, "too large is not retried")
    }

    @Test("the HTTP charset wins over a contradicting meta tag")
    func headerCharsetWins() async throws {
        let body = Array("<html><head><meta charset=\"utf-8\"></head><body>".utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array("</body></html>".utf8)
        let server = try LoopbackHTTPServer { path, _ in path == "/gbk" ? .bytes(body, type: "text/html; charset=GBK") : .status(404) }
        defer { server.stop() }
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options([server.url("/gbk")]))
        expectAccounted(result, inputs: 1, quarantined: 0)
        let document = try #require(result.documents.first)
        #expect(document.text.contains("<body>中文</body>"))
        #expect(document.source.charset == "gb18030")
        #expect(document.source.declaredCharset == "gbk")
        #expect(document.source.charsetSource == "header")
        #expect(document.metadata["decode_errors"] == nil)
    }

    @Test("robots.txt: disallowed paths are quarantined without being requested; our group wins over *")
    func robots() async throws {
        let rules = """
            # test rules
            User-agent: *
            Disallow: /

            User-agent: docpipe
            Disallow: /private
            Allow: /private/open
            """
        let server = try LoopbackHTTPServer { path, _ in
            path == "/robots.txt" ? .bytes(Array(rules.utf8), type: "text/plain") : .page("page \(path)")
        }
        defer { server.stop() }
        let urls = [server.url("/public"), server.url("/private/x"), server.url("/private/open/y"), server.url("/privateer")]
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls, "concurrency: 4, per_host: 4"))
        expectAccounted(result, inputs: 4, quarantined: 2)
        #expect(result.reason(urls[1]) == "disallowed by robots.txt (Disallow: /private)")
        #expect(result.reason(urls[3]) == "disallowed by robots.txt (Disallow: /private)")
        #expect(server.count("/private/x") == 0)
        #expect(server.count("/robots.txt") == 1, "fetched once per host per run")
        #expect(result.documents.map(\.source.uri) == [urls[0], urls[2]])

        let ignoring = try await HTTPFetchHarness.run(HTTPFetchHarness.options([urls[1]], "robots: false"))
        expectAccounted(ignoring, inputs: 1, quarantined: 0)
    }

    @Test("GBK, GB18030, Big5 and UTF-8 with a BOM decode correctly")
    func chineseEncodings() async throws {
        let gbkSeed = try FileSystem.readFile(TestPaths.fixture("seed-page.gbk.html"))
        let utf8Seed = try FileSystem.readText(TestPaths.fixture("seed-page.utf8.html"))
        let gb18030: [UInt8] = [0xD6, 0xD0, 0xCE, 0xC4, 0x95, 0x32, 0x90, 0x31, 0xA2, 0xE3]  // 中文𠂇€
        let big5: [UInt8] = [0xA4, 0xA4, 0xA4, 0xE5]  // 中文
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<p>中文</p>".utf8)
        let server = try LoopbackHTTPServer { path, _ in
            switch path {
            case "/gbk": .bytes(gbkSeed, type: "text/html")
            case "/gb18030": .bytes(gb18030, type: "text/plain; charset=GB18030")
            case "/big5": .bytes(big5, type: "text/plain; charset=\"big5\"")
            case "/bom": .bytes(bom, type: "text/html; charset=gbk")
            default: .status(404)
            }
        }
        defer { server.stop() }
        let urls = ["/gbk", "/gb18030", "/big5", "/bom"].map(server.url)
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls))
        expectAccounted(result, inputs: 4, quarantined: 0)
        let documents = result.documents
        try #require(documents.count == 4)

        var decodedLines = documents[0].text.split(separator: "\n", omittingEmptySubsequences: false)
        var expectedLines = utf8Seed.split(separator: "\n", omittingEmptySubsequences: false)
        decodedLines.remove(at: 3)
        expectedLines.remove(at: 3)
        #expect(decodedLines == expectedLines)
        #expect((documents[0].source.charset, documents[0].source.declaredCharset, documents[0].source.charsetSource) == ("gb18030", "gb2312", "meta"))

        #expect(documents[1].text == "中文𠂇€")
        #expect((documents[1].source.charset, documents[1].source.charsetSource) == ("gb18030", "header"))
        #expect(documents[2].text == "中文")
        #expect((documents[2].source.charset, documents[2].source.declaredCharset) == ("big5", "big5"))
        #expect(documents[3].text == "<p>中文</p>")
        #expect((documents[3].source.charset, documents[3].source.charsetSource) == ("utf-8", "bom"))
        #expect(documents.allSatisfy { $0.metadata["decode_errors"] == nil })
    }

    @Test("a PDF is quarantined by accept; accept can widen")
    func pdfNotAccepted() async throws {
        let pdf = Array("%PDF-1.7\n%âãÏÓ\n".utf8)
        let server = try LoopbackHTTPServer { path, _ in
            switch path {
            case "/doc.pdf": .bytes(pdf, type: "application/pdf")
            case "/untyped.pdf": .respond(status: 200, headers: [], body: pdf)
            default: .page("html")
            }
        }
        defer { server.stop() }
        let urls = [server.url("/doc.pdf"), server.url("/page"), server.url("/untyped.pdf")]
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls))
        expectAccounted(result, inputs: 3, quarantined: 2)
        #expect(result.reason(urls[0]) == "media type application/pdf is not accepted (accept: text/html, application/xhtml+xml, text/plain)")
        #expect(result.reason(urls[2])?.hasPrefix("media type application/pdf is not accepted") == true)

        let widened = try await HTTPFetchHarness.run(HTTPFetchHarness.options([urls[0]], "accept: [text/*, application/*]"))
        expectAccounted(widened, inputs: 1, quarantined: 0)
        #expect(widened.documents.first?.raw == pdf)
        #expect(widened.documents.first?.source.mediaType == "application/pdf")
    }

    @Test("a mixed run: every input is kept or quarantined with its URL and reason")
    func mixed() async throws {
        let server = try LoopbackHTTPServer { path, count in
            switch path {
            case "/ok": .page("ok")
            case "/flaky": count == 1 ? .status(502) : .page("flaky")
            case "/gone": .status(410)
            case "/pdf": .bytes(Array("%PDF-".utf8), type: "application/pdf")
            default: .status(404)
            }
        }
        defer { server.stop() }
        let urls = ["/ok", "/flaky", "/gone", "/pdf", "/nope"].map(server.url)
        let result = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls))
        expectAccounted(result, inputs: 5, quarantined: 3)
        #expect(result.records.map(\.document.source.uri) == [urls[2], urls[3], urls[4]])
        #expect(result.documents.map(\.source.uri) == [urls[0], urls[1]])
        #expect(result.records.allSatisfy { !$0.error.isEmpty })
    }

    @Test("delay spaces the requests to one host")
    func delay() async throws {
        let server = try LoopbackHTTPServer { path, _ in path == "/robots.txt" ? .status(404) : .page("x") }
        defer { server.stop() }
        let urls = (0..<3).map { server.url("/d\($0)") }
        let started = ContinuousClock.now
        _ = try await HTTPFetchHarness.run(HTTPFetchHarness.options(urls, "delay: 200ms, robots: false, per_host: 3"))
        #expect(ContinuousClock.now - started >= .milliseconds(400))
        // Arrival times add connection set-up to the spaced starts, so allow some jitter.
        let times = server.requests.map(\.at).sorted()
        try #require(times.count == 3)
        #expect(times[2] - times[0] >= .milliseconds(300))
    }

    @Test("url_file lists URLs with comments; urls and url_file combine, duplicates once")
    func urlFile() async throws {
        let server = try LoopbackHTTPServer { path, _ in .page("page \(path)") }
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-urls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = "# seed list\n\n\(server.url("/b"))\n  \(server.url("/c"))  # trailing note\n# \(server.url("/commented"))\n\(server.url("/a"))\nftp://example.org/file\n"
        try Data(file.utf8).write(to: URL(fileURLWithPath: directory + "/urls.txt"))
        let result = try await HTTPFetchHarness.run(
            "{urls: [\"\(server.url("/a"))\"], url_file: urls.txt, robots: false}", directory: directory)
        expectAccounted(result, inputs: 4, quarantined: 1)
        #expect(result.documents.map(\.source.uri) == ["/a", "/b", "/c"].map(server.url))
        #expect(result.reason("ftp://example.org/file") == "'ftp://example.org/file' is not an absolute http:// or https:// URL")
    }

    @Test("bad configurations are rejected before anything runs")
    func badOptions() throws {
        let loader = PipelineLoader(registry: .builtIn)
        func load(_ with: String) throws {
            _ = try loader.load(text: "docpipe: 1\nstages:\n  - use: fetch\n    with: \(with)\n", file: "p.yaml", directory: "/tmp")
        }
        /// The rendered error of loading `with`, or "" when it loads.
        func problem(_ with: String) -> String {
            do {
                try load(with)
                return ""
            } catch let error as PipelineError {
                return error.rendered()
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("{}").contains("fetch needs at least one of 'paths', 'urls' or 'url_file'"))
        #expect(problem("{urls: [\"not a url\"]}").contains("'not a url' is not an absolute http:// or https:// URL"))
        #expect(problem("{urls: [\"ftp://x/y\"]}").contains("is not an absolute http:// or https:// URL"))
        #expect(problem("{url_file: /nonexistent/urls.txt}").contains("cannot read the URL file /nonexistent/urls.txt"))
        #expect(problem("{urls: [\"http://x/\"], accept: [html]}").contains("'html' is not a media type"))
        #expect(problem("{urls: [\"http://x/\"], accept: []}").contains("accept needs at least one media type"))
        #expect(problem("{urls: [\"http://x/\"], timeout: 0s}").contains("timeout must be more than 0s"))
        #expect(!problem("{urls: [\"http://x/\"], concurrency: 0}").isEmpty)
        #expect(!problem("{urls: [\"http://x/\"], delay: soon}").isEmpty)
        #expect(problem("{urls: [\"http://x/\"], retires: 2}").contains("retries"), "did you mean")
        try load("{urls: [\"http://x/\"]}")
    }

    @Test("a server that is not listening: connection refused is retried, then quarantined")
    func refused() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(404) }
        let url = server.url("/x")
        server.stop()
        let started = ContinuousClock.now
        let result = try await HTTPFetchHarness.run("{urls: [\"\(url)\"], backoff: 10ms, timeout: 60s, retries: 1, robots: false}")
        #expect(ContinuousClock.now - started < .seconds(30), "a refused connection fails at once, not at the timeout")
        expectAccounted(result, inputs: 1, quarantined: 1)
        let reason = result.reason(url) ?? ""
        #expect(reason.hasSuffix("(2 attempts)"), "got: \(reason)")
        #expect(reason.localizedCaseInsensitiveContains("refused"), "got: \(reason)")
    }
}
