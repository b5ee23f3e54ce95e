@testable import DocPipeStages
import Testing

/// The markup compactor cuts unread attributes and folds blank runs without changing what the
/// SAX builder sees.
@Suite("Clean: markup compactor")
struct CleanMarkupCompactorTests {
    static func compacted(_ html: String) -> String {
        var bytes = Array(html.utf8)
        MarkupCompactor.compact(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("unread attributes are cut, read ones kept in order")
    func attributes() {
        #expect(Self.compacted(#"<a href="x" class="y" data-z='w' id=q>t</a>"#) == #"<a  class="y"  id=q>t</a>"#)
        #expect(Self.compacted(#"<DIV HREF=x CLASS=Content Style = "display:none" >"#) == #"<DIV  CLASS=Content Style = "display:none" >"#)
        #expect(Self.compacted(#"<p title="a>b" hidden aria-hidden="true" onclick='x'>"#) == #"<p  hidden aria-hidden="true" >"#)
        #expect(Self.compacted(#"<img src="x.jpg"/>"#) == "<img />")
    }

    @Test("every attribute the builder reads is kept")
    func keepsReadAttributes() {
        for kind in AttributeKind.allCases where kind != .other {
            #expect(Self.compacted("<p \(kind.rawValue)=\"v\" data-x=\"y\">") == "<p \(kind.rawValue)=\"v\" >")
            #expect(Self.compacted("<p \(kind.rawValue.uppercased())>") == "<p \(kind.rawValue.uppercased())>")
        }
    }

    @Test("meta tags keep all attributes")
    func meta() {
        let html = #"<meta http-equiv="Content-Type" content="text/html; charset=gbk" href="y">"#
        #expect(Self.compacted(html) == html)
    }

    @Test("a blank run in text becomes a tab, else a space, else its first line end")
    func blanks() {
        #expect(Self.compacted("<p>a \n\t b\r\n c\n\nd</p>") == "<p>a\tb c\nd</p>")
        #expect(Self.compacted("<p class=\"a  b\">x</p>") == "<p class=\"a  b\">x</p>")
    }

    @Test("script, style and markup it does not model are left as they are")
    func bailsOut() {
        #expect(Self.compacted(#"<p x=1>a  b<script a="1"> <b c="d"> </script><i y=2>"#)
            == #"<p >a b<script a="1"> <b c="d"> </script><i y=2>"#)
        #expect(Self.compacted("<p x=1>a < b <i y=2>") == "<p >a < b <i y=2>")
        #expect(Self.compacted("<p x=1><!x> <i y=2>") == "<p ><!x> <i y=2>")
    }

    @Test("broken input: unterminated tags and quotes, control bytes, long names")
    func broken() {
        #expect(Self.compacted(#"<p href="never closed"#) == "<p ")
        #expect(Self.compacted("<p a\u{1}b=\"c\" class=d>") == "<p \u{1}b=\"c\" class=d>")
        let long = String(repeating: "h", count: 120)
        #expect(Self.compacted("<div \(long)class=\"c\">x") == "<div >x")
        #expect(Self.compacted("<") == "<")
        #expect(Self.compacted("") == "")
        #expect(Self.compacted("<a") == "<a")
    }

    /// What the builder reads of a snapshot: elements, the event order, the text between events with
    /// blank runs folded, the title, metas and times.
    static func reading(_ snapshot: DOMSnapshot) -> [String] {
        var lines: [String] = []
        var text: [UInt8] = []
        func flushText() {
            guard !text.isEmpty else { return }
            var folded: [UInt8] = []
            var run: [UInt8] = []
            for byte in text + [0] {
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                    run.append(byte)
                    continue
                }
                if !run.isEmpty { folded.append(run.contains(9) ? 9 : (run.contains(32) ? 32 : run[0])) }
                run = []
                if byte != 0 { folded.append(byte) }
            }
            lines.append("T " + String(decoding: folded, as: UTF8.self))
            text = []
        }
        for event in snapshot.events {
            switch event.kind {
            case .text:
                text += snapshot.bytes(of: snapshot.texts[Int(event.index)])
            case .open, .close:
                flushText()
                let element = snapshot.elements[Int(event.index)]
                lines.append(
                    "\(event.kind) \(element.tag) \(element.flags.rawValue) \(element.parent) \(element.name)")
            }
        }
        flushText()
        lines.append("title \(snapshot.title.map { TextNormalizer.normalizeLine($0) } ?? "-")")
        lines += snapshot.metas.map { "meta \($0.key)=\($0.value)" }
        lines += snapshot.times.map { "time \($0.element) \($0.value)" }
        lines += snapshot.jsonLD.map { "ld \($0)" }
        return lines
    }

    @Test("the snapshot reads the same with and without the compactor")
    func sameSnapshot() {
        let long = String(repeating: "x", count: 101)
        let pages = [
            #"<html><head><title> A  title\#twith tab </title><meta name="author" content="X" href="y"></head>"#
                + #"<body class="post" onload="f()"><div id="main" data-a='1'><p>Hello   <a href="/x">link</a>,"#
                + "\n\t world.</p><p hidden>gone</p><span style=\"display: none\" title=\"a>b\">hid</span></div></body></html>",
            #"<html><head><title>T</title><meta nam"# + "\u{1}" + #"e="author" content="F, A<div x="y">g W" /></head>"#
                + "<body><p>Body text here that is long enough.</p></body></html>",
            "<div \(long)class=\"sidebar\"><p \(long)=1 class=content>text  one</p></div><p/ class=x>two<p a=b=c class=d>three",
            #"<article><time datetime="2020-01-02" class="date" rel="x">Jan 2</time><p itemprop="articleBody" href=q>x</p>"#,
            "<p title=\"unterminated>still in the attribute <b class=x>not a tag</b>\n",
            "<title>a \r\n b\t\tc</title><p class=\"a\" title='b\"c' id=d>x</p><p -x=1 .y=2 _z=3 :w=4 class=y>z</p>",
        ]
        for page in pages {
            let plain = Self.reading(DOMSnapshot.parse(page, compact: false))
            let compact = Self.reading(DOMSnapshot.parse(page, compact: true))
            #expect(plain == compact, "\(page)")
        }
    }
}
