import DocPipe
@testable import DocPipeStages
import Foundation
import Testing

/// Hostile input cleans or fails with a clear error, in bounded time; inputs are made in memory.
@Suite("Clean: hostile input")
struct CleanHostileInputTests {
    static func document(_ text: String, mediaType: String = "text/html") -> Document {
        var document = Document(uri: "mem:hostile", text: text)
        document.source.mediaType = mediaType
        return document
    }

    static func timed<T>(_ limit: Duration, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        #expect(clock.now - start < limit, "took \(clock.now - start)")
        return result
    }

    @Test("binary data is rejected as binary")
    func binary() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = String(decoding: bytes, as: UTF8.self)
        Self.timed(.seconds(10)) {
            #expect(throws: CleanError(code: .binary)) { try CleanStage().clean(Self.document(text)) }
        }
    }

    @Test("an empty file is rejected by min_chars with the reason")
    func empty() {
        for mediaType in ["text/html", "text/plain"] {
            #expect(throws: CleanError(code: .tooShort(count: 0, minimum: 1))) {
                try CleanStage().clean(Self.document("", mediaType: mediaType))
            }
        }
        let error = CleanError(code: .tooShort(count: 0, minimum: 1))
        #expect(error.description.contains("min_chars"))
    }

    @Test("a 50 MB page cleans in bounded time")
    func largePage() throws {
        let paragraph = "<p>" + String(repeating: "Large pages must not hang the run, and this one is long. ", count: 20) + "</p>\n"
        let script = "<script>" + String(repeating: "var x = 1; ", count: 1000) + "</script>\n"
        var html = "<html><head><title>Big</title></head><body><article>"
        html.reserveCapacity(52_000_000)
        while html.utf8.count < 50_000_000 {
            html += script
            if html.utf8.count % 7 == 0 { html += paragraph }
            html += String(repeating: paragraph, count: 2)
        }
        html += "</article></body></html>"
        #expect(html.utf8.count >= 50_000_000)
        let document = try Self.timed(.seconds(45)) { try CleanStage().clean(Self.document(html)) }
        #expect(document.text.hasPrefix("Large pages must not hang the run"))
    }

    @Test("100,000 nested divs neither crash nor hang")
    func deepNesting() throws {
        let depth = 100_000
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "Deep text that is long enough to be kept."
            + String(repeating: "</div>", count: depth) + "<p>After the nest comes a paragraph.</p></body></html>"
        let document = try Self.timed(.seconds(20)) { try CleanStage().clean(Self.document(html)) }
        #expect(document.text.contains("Deep text that is long enough to be kept."))
    }

    @Test("unclosed tags are recovered")
    func unclosedTags() throws {
        var html = "<html><body><div class=content>"
        for index in 0..<2000 { html += "<p>Paragraph \(index), unclosed, with <b>bold <i>and italic text" }
        let document = try Self.timed(.seconds(20)) { try CleanStage().clean(Self.document(html)) }
        #expect(document.text.contains("Paragraph 0, unclosed"))
        #expect(document.text.contains("Paragraph 1999, unclosed"))
    }

    @Test("a page that is one huge line cleans")
    func oneHugeLine() throws {
        let html = "<html><body><div>" + String(repeating: "A sentence without any line break at all, ", count: 100_000) + "</div></body></html>"
        let document = try Self.timed(.seconds(30)) { try CleanStage().clean(Self.document(html)) }
        #expect(document.text.split(separator: "\n").count == 1)
        #expect(document.text.utf8.count > 4_000_000)
    }

    @Test("broken encodings: invalid UTF-8 and mis-decoded GBK clean without crashing")
    func brokenEncodings() throws {
        var bytes = Array("<html><body><p>".utf8)
        bytes += [0xC3, 0x28, 0xE2, 0x82, 0xFF, 0xFE, 0xB5, 0xE7]  // invalid sequences
        bytes += Array("正文内容，这是一段足够长的正文，用来检验损坏的编码不会导致崩溃。".utf8) + [0xE4, 0xB8]
        bytes += Array("</p></body></html>".utf8)
        // Lossy UTF-8 (U+FFFD for each bad sequence) keeps the good text.
        let document = try CleanStage().clean(Self.document(String(decoding: bytes, as: UTF8.self)))
        #expect(document.text.contains("正文内容"))
        // The fetch stage's detector falls back to GB18030 for invalid UTF-8: mojibake, but no crash.
        let decoded = CharsetDetector.decode(bytes)
        _ = Result { try CleanStage().clean(Self.document(decoded.text)) }
        // GBK bytes read as UTF-8 are mostly U+FFFD: binary-looking, rejected with the reason.
        let gbk = try FileSystem.readFile(TestPaths.fixture("seed-page.gbk.html"))
        let wrong = String(decoding: gbk, as: UTF8.self)
        let result = Result { try CleanStage().clean(Self.document(wrong)) }
        if case .failure(let error) = result { #expect(error is CleanError) }
    }

    @Test("NUL bytes and controls inside a page are dropped")
    func controls() throws {
        let html = "<p>Text\u{0}with\u{1}controls\u{200B}and zero\u{FEFF}width marks in a sentence.</p>"
        let document = try CleanStage().clean(Self.document(html + "<p>A paragraph after the NUL byte survives.</p>"))
        #expect(!document.text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{200B}" || $0 == "\u{FEFF}" })
        #expect(document.text.contains("A paragraph after the NUL byte survives."))
    }
}
