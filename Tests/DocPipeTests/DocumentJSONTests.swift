import DocPipe
import DocPipeTesting
import Testing

@Suite("Document JSON form")
struct DocumentJSONTests {
    static func sample() -> Document {
        // 𠀀 is outside the BMP (one code point, two UTF-16 units); "é" is e + a combining acute.
        let text = "𠀀中国—东盟 cafe\u{301}。\n第二段"
        var document = Document(uri: "file:///corpus/%E4%B8%AD.html", text: text)
        document.title = "标题 \"quoted\" \\ back"
        document.source.fetchedAt = "2026-11-26T00:00:00Z"
        document.source.charset = "gb18030"
        document.source.bytes = 42
        document.metadata = ["site": "政府网站", "published": "2023-06-15T18:40:00", "count": 3, "nested": ["a": [1, 2.5]]]
        document.segments = [
            Segment(id: "p1", kind: .paragraph, start: 0, end: 13),
            Segment(id: "p1.s1", kind: .sentence, start: 0, end: 13, parent: "p1"),
            Segment(id: "s1", kind: .section, start: 14, end: 17, heading: "第二段"),
        ]
        document.labels = [Label(theme: "training", score: 3.5, segment: "p1", evidence: [Evidence(phrase: "中国—东盟", start: 1, end: 6)])]
        document.lineage = [LineageEntry(stage: "fetch", id: "fetch", version: "0.1.0", micros: 12)]
        return document
    }

    @Test("round trip keeps every field, including astral characters and combining marks")
    func roundTrip() throws {
        let document = Self.sample()
        let line = String(decoding: document.jsonLine(), as: UTF8.self)
        let decoded = try Document(jsonLine: line)
        #expect(decoded == document)
        #expect(decoded.text.unicodeScalars.count == document.text.unicodeScalars.count)
    }

    @Test("offsets are code points: evidence spans select the right text")
    func codePointOffsets() {
        let document = Self.sample()
        #expect(document.text(from: 1, to: 6) == "中国—东盟")
        #expect(document.text(of: document.segments[2]) == "第二段")
        // "cafe" + U+0301 is two code points at the end of the word.
        #expect(document.text(from: 7, to: 12) == "cafe\u{301}")
    }

    @Test("JSON is compact, in a fixed key order, and does not escape non-ASCII")
    func wireForm() {
        var document = Document(uri: "u", text: "中")
        document.lineage = []
        let json = String(decoding: document.jsonLine(), as: UTF8.self)
        #expect(
            json
                == #"{"id":"\#(Document.defaultID(for: "u"))","source":{"uri":"u"},"text":"中","metadata":{},"segments":[],"labels":[],"lineage":[]}"#
        )
    }

    @Test("the default id is the first 16 hex digits of SHA-256(uri)")
    func defaultID() {
        #expect(Document.defaultID(for: "abc") == "ba7816bf8f01cfea")
    }

    @Test("unknown keys are ignored; unknown source keys survive a round trip")
    func unknownKeys() throws {
        let line = #"{"id":"a","source":{"uri":"u","etag":"x"},"text":"t","future":1}"#
        let document = try Document(jsonLine: line)
        #expect(document.id == "a")
        #expect(document.source.extra["etag"] == "x")
        #expect(String(decoding: document.jsonLine(), as: UTF8.self).contains(#""etag":"x""#))
    }

    @Test(
        "bad documents are rejected with a message naming the field",
        arguments: [
            (#"[]"#, "a document must be a JSON object"),
            (#"{"text":"x"}"#, "'source' must be an object"),
            (#"{"source":{}}"#, "'source.uri' is required"),
            (#"{"id":"a/b","source":{"uri":"u"}}"#, "document id 'a/b' may only contain A-Z a-z 0-9 . _ -"),
            (#"{"source":{"uri":"u"},"text":5}"#, "'document.text' must be a string, not number"),
            (#"{"source":{"uri":"u"},"segments":[{"id":"x","kind":"sentence","start":5,"end":2}]}"#, "segment 'x' has an invalid span 5..<2"),
            (#"{"source":{"uri":"u"},"labels":[{"theme":"t"}]}"#, "a label needs a numeric 'score'"),
        ])
    func badDocuments(line: String, message: String) {
        #expect {
            _ = try Document(jsonLine: line)
        } throws: { error in
            (error as? DocumentDecodingError)?.message == message
        }
    }
}

@Suite("JSON parser")
struct JSONParserTests {
    @Test("parses every JSON type and keeps key order")
    func parses() throws {
        let value = try JSONParser.parse(#" {"b": [1, -2.5e3, true, false, null], "a": "\u00e9\ud83d\ude00\n\"", "c": {}} "#)
        #expect(value == ["b": [1, -2500.0, true, false, nil], "a": "é😀\n\"", "c": [:]])
        #expect(value.objectValue?.keys == ["b", "a", "c"])
    }

    @Test("writer and parser agree on control characters and quotes")
    func roundTrip() throws {
        let value: JSONValue = ["k": "a\u{01}b\tc\"d\\e/f 中"]
        #expect(try JSONParser.parse(JSONWriter().string(value)) == value)
    }

    @Test(
        "bad input gives a positioned error",
        arguments: [
            ("", 1, 1, "unexpected end of input"),
            ("{\"a\" 1}", 1, 6, "expected ':' after an object key"),
            ("[1,]", 1, 4, "unexpected character ']'"),
            ("{\"a\":1}\n x", 2, 2, "unexpected text after the JSON value"),
            ("\"\\ud800\"", 1, 8, "unpaired surrogate in a \\u escape"),
            ("tru", 1, 1, "unexpected end of input"),
            ("\"abc", 1, 5, "unterminated string"),
            ("01x", 1, 3, "unexpected text after the JSON value"),
        ])
    func errors(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.column == column && error.message == message
        }
    }

    @Test("deep nesting is an error, not a stack overflow")
    func deepNesting() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 100_000)) }
    }

    @Test("invalid UTF-8 in a string is an error")
    func invalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test(
        "known vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hexDigest(of: Array(input.utf8)) == digest)
    }

    @Test("a million 'a's, fed in uneven pieces")
    func incremental() {
        var hasher = SHA256()
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let count = min(piece, remaining)
            hasher.update(repeatElement(UInt8(ascii: "a"), count: count))
            remaining -= count
            piece = piece * 3 % 1000 + 1
        }
        #expect(hasher.hexFinalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite("Durations and sizes")
struct DurationSizeTests {
    @Test func durations() throws {
        #expect(try DurationParser.parse("500ms") == .milliseconds(500))
        #expect(try DurationParser.parse("10s") == .seconds(10))
        #expect(try DurationParser.parse("2m") == .seconds(120))
        #expect(DurationParser.format(.milliseconds(1500)) == "1500ms")
        #expect(DurationParser.format(.seconds(120)) == "2m")
        #expect(throws: StageConfigurationError.self) { try DurationParser.parse("soon") }
        #expect(throws: StageConfigurationError.self) { try DurationParser.parse("-1s") }
    }

    @Test func sizes() throws {
        #expect(try SizeParser.parse("1048576") == 1_048_576)
        #expect(try SizeParser.parse("50MB") == 50_000_000)
        #expect(try SizeParser.parse("64KiB") == 65536)
        #expect(try SizeParser.parse("1.5GiB") == 1_610_612_736)
        #expect(throws: StageConfigurationError.self) { try SizeParser.parse("big") }
    }
}
