import DocPipe
import DocPipeStages
import DocPipeTesting
import Foundation
import Testing

/// The repository root and the shared data folder beside it.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    static func fixture(_ name: String) -> String { shared.appendingPathComponent("fixtures/\(name)").path }
}

@Suite("Charset detection")
struct CharsetDetectionTests {
    @Test("the GBK seed page (declared gb2312) decodes to exactly the UTF-8 page, apart from its charset line")
    func gbkSeedPage() throws {
        let gbk = try FileSystem.readFile(TestPaths.fixture("seed-page.gbk.html"))
        let utf8 = try FileSystem.readText(TestPaths.fixture("seed-page.utf8.html"))
        let decoded = CharsetDetector.decode(gbk)
        #expect(decoded.charset == "gb18030")
        #expect(decoded.declaredCharset == "gb2312")
        #expect(decoded.charsetSource == "meta")
        #expect(decoded.errors == 0)
        var decodedLines = decoded.text.split(separator: "\n", omittingEmptySubsequences: false)
        var expectedLines = utf8.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(decodedLines.count == expectedLines.count)
        decodedLines.remove(at: 3)
        expectedLines.remove(at: 3)
        #expect(decodedLines == expectedLines)
        // The 19 em dashes of 中国—东盟 are A1 AA, which a strict GB2312 decoder maps to U+2015.
        #expect(decoded.text.filter { $0 == "—" }.count == utf8.filter { $0 == "—" }.count)
        #expect(!decoded.text.contains("\u{2015}"))
    }

    @Test("order: BOM, then header, then meta, then strict UTF-8, then GB18030")
    func order() {
        let meta = Array("<meta charset=\"big5\">".utf8)
        #expect(CharsetDetector.decode([0xEF, 0xBB, 0xBF] + Array("a".utf8), headerCharset: "gbk").charsetSource == "bom")
        #expect(CharsetDetector.decode([0xEF, 0xBB, 0xBF] + Array("a".utf8)).text == "a")
        let header = CharsetDetector.decode(meta + [0xC4, 0xE3], headerCharset: "GBK")
        #expect((header.charset, header.declaredCharset, header.charsetSource) == ("gb18030", "gbk", "header"))
        #expect(header.text.hasSuffix("你"))
        let fromMeta = CharsetDetector.decode(meta + [0xA4, 0xA4])
        #expect((fromMeta.charset, fromMeta.charsetSource, fromMeta.text.last) == ("big5", "meta", "中"))
        #expect(CharsetDetector.decode(Array("中文".utf8)).charsetSource == "utf8")
        let fallback = CharsetDetector.decode([0xD6, 0xD0, 0xCE, 0xC4])
        #expect((fallback.text, fallback.charset, fallback.charsetSource) == ("中文", "gb18030", "fallback"))
    }

    @Test("http-equiv content=…; charset=… is found")
    func httpEquiv() {
        let page = Array("<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GB2312\">".utf8) + [0xD6, 0xD0]
        let decoded = CharsetDetector.decode(page)
        #expect((decoded.charset, decoded.declaredCharset, decoded.text.last) == ("gb18030", "gb2312", "中"))
    }

    @Test("a meta charset after 1024 bytes of head is found; one in the body is not")
    func metaLateInTheHead() {
        let script = "<html><head><script>" + String(repeating: "var x = 1;\n", count: 200) + "</script>"
        let latin = Array((script + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>f").utf8)
            + [0xE4] + Array("hig".utf8)
        let decoded = CharsetDetector.decode(latin)
        #expect((decoded.charset, decoded.charsetSource, decoded.text.hasSuffix("fähig")) == ("windows-1252", "meta", true))
        let inBody = Array((script + "</head><body><meta charset=big5>").utf8) + [0xD6, 0xD0]
        #expect(CharsetDetector.decode(inBody).charsetSource == "fallback")
    }

    @Test("invalid bytes never lose the document: they become U+FFFD and are counted")
    func lossy() {
        let decoded = CharsetDetector.decode(Array("<meta charset=gbk>".utf8) + [0xD6, 0xD0, 0xFF, 0xCE, 0xC4, 0x81])
        #expect(decoded.text.hasSuffix("中\u{FFFD}文\u{FFFD}"))
        #expect(decoded.errors == 2)
    }

    @Test("a page declared UTF-8 whose bytes are clean GBK decodes as GB18030")
    func misdeclaredUTF8() {
        let decoded = CharsetDetector.decode(Array("<meta charset=utf-8>".utf8) + [0xD6, 0xD0, 0xCE, 0xC4])
        #expect((decoded.text.hasSuffix("中文"), decoded.charsetSource, decoded.declaredCharset) == (true, "fallback", "utf-8"))
    }

    @Test("valid UTF-8 bytes under a legacy <meta> charset decode as UTF-8, the label kept as declared")
    func utf8UnderLegacyMeta() {
        for label in ["gb2312", "GBK", "gb18030", "big5", "iso-8859-1"] {
            let decoded = CharsetDetector.decode(Array("<meta charset=\"\(label)\"><p>中文——测试</p>".utf8))
            #expect(decoded.text.hasSuffix("<p>中文——测试</p>"), "\(label)")
            #expect((decoded.charset, decoded.charsetSource, decoded.errors) == ("utf-8", "utf8", 0), "\(label)")
            #expect(decoded.declaredCharset == label.lowercased(), "\(label)")
        }
        // Pure ASCII under a legacy meta still follows the meta; a header is always honoured.
        #expect(CharsetDetector.decode(Array("<meta charset=gbk>abc".utf8)).charsetSource == "meta")
        let header = CharsetDetector.decode(Array("中文".utf8), headerCharset: "gbk")
        #expect((header.charsetSource, header.charset) == ("header", "gb18030"))
    }

    @Test("zh-news pages saved as UTF-8 under a gb2312 meta decode as UTF-8", arguments: ["people_1", "163_9", "qq_2"])
    func zhNewsUTF8UnderGBKMeta(name: String) throws {
        let path = TestPaths.shared.appendingPathComponent("data/zh-news-pages/\(name).html").path
        let bytes = try FileSystem.readFile(path)
        let decoded = CharsetDetector.decode(bytes)
        #expect((decoded.charset, decoded.charsetSource, decoded.errors) == ("utf-8", "utf8", 0))
        #expect(decoded.declaredCharset != nil)
        #expect(decoded.text == String(decoding: bytes, as: UTF8.self))
    }

    @Test("UTF-16 with a BOM")
    func utf16() {
        let decoded = CharsetDetector.decode([0xFF, 0xFE, 0x2D, 0x4E, 0x87, 0x65])
        #expect((decoded.text, decoded.charset) == ("中文", "utf-16le"))
    }
}

@Suite("fetch: local files")
struct LocalFetchTests {
    /// A temporary folder with a small tree, removed afterwards.
    static func makeTree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-fetch-\(UUID().uuidString)").path
        let files = [
            "a.html": "<html>a</html>", "b.txt": "b", "sub/c.html": "<p>c</p>", "sub/deep/d.html": "<p>d</p>",
            ".hidden/e.html": "e", "sub/.f.html": "f", "空 格.html": "<p>中</p>",
        ]
        for (path, content) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }

    static func run(_ paths: [String], base: String) async throws -> (documents: [Document], report: RunReport, records: [QuarantineRecord]) {
        let pathList = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        let text = "docpipe: 1\nstages:\n  - use: fetch\n    with: {paths: [\(pathList)]}\n"
        var pipeline = try PipelineLoader(registry: .builtIn).load(text: text, file: "p.yaml", directory: base)
        let sink = FetchCollector()
        pipeline.stages.append(
            PipelineStage(
                id: "collect", descriptor: StageDescriptor(FetchCollector.self), options: StageOptions(), instance: .sink(sink)))
        let report = try await Runner(pipeline: pipeline, options: RunOptions(sourceDateEpoch: 1_700_000_000)).run()
        return (sink.documents.withLock { $0 }, report, sink.records.withLock { $0 })
    }

    @Test("folders walk recursively in sorted order, skipping hidden names; ** globs match at any depth")
    func walkAndGlob() async throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let all = try await Self.run(["."], base: root)
        #expect(all.documents.map { FileURL.path(of: $0.source.uri)!.dropFirst(root.count + 1) } == [
            "a.html", "b.txt", "sub/c.html", "sub/deep/d.html", "空 格.html",
        ])
        let html = try await Self.run(["**/*.html"], base: root)
        #expect(html.documents.count == 4)
        let shallow = try await Self.run(["*.html", "sub/*.html", "a.html"], base: root)
        #expect(shallow.documents.count == 3, "a.html is listed twice but read once")
    }

    @Test("documents carry source metadata, raw bytes and a reproducible fetched_at")
    func sourceMetadata() async throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try await Self.run(["空 格.html"], base: root)
        let document = try #require(result.documents.first)
        #expect(document.source.uri == "file://" + root + "/%E7%A9%BA%20%E6%A0%BC.html")
        #expect(document.id == Document.defaultID(for: document.source.uri))
        #expect(document.source.mediaType == "text/html")
        #expect(document.source.fetchedAt == "2023-11-14T22:13:20Z")
        #expect(document.source.bytes == 10)
        #expect(document.source.sha256 == SHA256.hexDigest(of: Array("<p>中</p>".utf8)))
        #expect(document.raw == Array("<p>中</p>".utf8))
        #expect(document.text == "<p>中</p>")
        #expect(document.lineage.map(\.stage) == ["fetch"])
    }

    @Test("a missing path is quarantined with its URI and the reason; the rest still runs")
    func missing() async throws {
        let root = try Self.makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try await Self.run(["a.html", "nope.html"], base: root)
        #expect(result.documents.count == 1)
        #expect(result.records.map(\.error) == ["no such file or directory"])
        #expect(result.records.first?.document.source.uri == "file://\(root)/nope.html")
        #expect(result.report.quarantined == 1)
    }
}

final class FetchCollector: SinkStage {
    static let name = "fetch-collector"
    static let summary = "Collects."
    let documents = Mutex<[Document]>([])
    let records = Mutex<[QuarantineRecord]>([])
    init() {}
    init(options: StageOptions, context: StageSetup) throws {}
    func consume(_ document: Document, context: StageContext) async throws { documents.withLock { $0.append(document) } }
    func consume(_ record: QuarantineRecord, context: StageContext) async throws { records.withLock { $0.append(record) } }
}

import Synchronization
