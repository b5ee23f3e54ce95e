import DocPipe
@testable import DocPipeStages
import Testing

@Suite("exec protocol messages")
struct ExecProtocolTests {
    @Test("well-formed messages parse")
    func goodMessages() throws {
        #expect(
            try ExecMessage.parse(
                Array(#"{"type":"ready","protocol":1,"name":"k","version":"2","wants_raw":true}"#.utf8))
                == .ready(name: "k", version: "2", wantsRaw: true))
        #expect(try ExecMessage.parse(Array(#"{"type":"done","seq":7,"extra":[1]}"#.utf8)) == .done(seq: 7))
        #expect(try ExecMessage.parse(Array(#"{"type":"done","seq":123456}"#.utf8)) == .done(seq: 123456))
        #expect(try ExecMessage.parse(Array(#"{"type":"done","seq": 12 }"#.utf8)) == .done(seq: 12))
        #expect(throws: ExecProtocolError.self) { try ExecMessage.parse(Array(#"{"type":"done","seq":}"#.utf8)) }
        #expect(throws: ExecProtocolError.self) { try ExecMessage.parse(Array(#"{"type":"done","seq":1x}"#.utf8)) }
        #expect(
            try ExecMessage.parse(Array(#"{"type":"error","seq":3,"message":"no"}"#.utf8))
                == .error(seq: 3, message: "no"))
        let line =
            #"{"type":"document","seq":9,"document":{"id":"a-1","source":{"uri":"x:1"},"text":"文 𠀀","raw":"AAE="}}"#
        guard case .document(let seq, let document) = try ExecMessage.parse(Array(line.utf8)) else {
            Issue.record("not a document")
            return
        }
        #expect(seq == 9)
        #expect(document.id == "a-1")
        #expect(document.text == "文 𠀀")
        #expect(document.raw == [0, 1])
    }

    @Test(
        "malformed messages are rejected with a reason",
        arguments: [
            ("{not json", "invalid JSON"),
            ("[1,2]", "expected a JSON object"),
            (#"{"seq":1}"#, "without a string 'type'"),
            (#"{"type":"done"}"#, "without an integer 'seq'"),
            (#"{"type":"done","seq":"1"}"#, "without an integer 'seq'"),
            (#"{"type":"ready","protocol":2}"#, "speaks protocol 2"),
            (#"{"type":"ready"}"#, "without an integer 'protocol'"),
            (#"{"type":"ready","protocol":1,"wants_raw":"yes"}"#, "'wants_raw' must be true or false"),
            (#"{"type":"document","seq":1}"#, "without a 'document' object"),
            (
                #"{"type":"document","seq":1,"document":{"id":"bad id!","source":{"uri":"x"}}}"#,
                "not a valid docpipe/1 document"
            ),
            (#"{"type":"document","seq":1,"document":{"source":{"uri":"x"},"raw":"@@"}}"#, "'raw' must be base64"),
            (#"{"type":"goodbye","seq":1}"#, "unknown message type 'goodbye'"),
        ])
    func badMessages(line: String, reason: String) {
        #expect {
            _ = try ExecMessage.parse(Array(line.utf8))
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test("base64 round-trips and rejects what is not base64")
    func base64() {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 11) & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("Man".utf8)) == "TWFu")
        #expect(Base64.encode(Array("Ma".utf8)) == "TWE=")
        for bad in ["abc", "ab=c", "a===", "====", "ab!d", "=abc"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test("lines are cut at newlines, a CR before one is dropped, partial lines wait")
    func lineSplitter() {
        var splitter = LineSplitter()
        Array("one\r\ntwo\nthr".utf8).withUnsafeBytes { splitter.append($0) }
        #expect(splitter.next() == Array("one".utf8))
        #expect(splitter.next() == Array("two".utf8))
        #expect(splitter.next() == nil)
        Array("ee\n".utf8).withUnsafeBytes { splitter.append($0) }
        #expect(splitter.next() == Array("three".utf8))
        #expect(splitter.pendingCount == 0)
    }
}
