import DocPipe
@testable import DocPipeStages
import Testing

/// Main-content choice, chrome and hidden-element removal, tables, lists, options.
@Suite("Clean: HTML extraction")
struct CleanExtractionTests {
    static func clean(_ html: String, stage: CleanStage = CleanStage()) throws -> Document {
        var document = Document(uri: "mem:page", text: html)
        document.source.mediaType = "text/html"
        return try stage.clean(document)
    }

    static let article = """
        <p>The council voted on Tuesday to expand the city's bicycle network, adding forty kilometres of \
        protected lanes over the next three years, a plan that supporters say will cut traffic deaths.</p>
        <p>Opponents argued that the plan removes parking, hurts small shops, and was rushed through \
        without enough consultation, but the measure passed by seven votes to four.</p>
        <p>Construction of the first section, along the river, is expected to start in the spring.</p>
        """

    @Test("navigation, header, footer, sidebar, share bar, comments and related links are removed")
    func chrome() throws {
        let html = """
            <html><head><title>Council expands bike lanes - City Times</title><style>p{}</style></head><body>
            <header><a href="/">City Times</a> <nav><a href="/a">News</a> <a href="/b">Sport</a></nav></header>
            <div class="layout"><main><article><h1>Council expands bike lanes</h1>
            <div class="share-bar"><a href="#">Share on Facebook</a></div>
            \(Self.article)
            <ul class="related-links"><li><a href="/x">Another story about the council and its many votes</a></li>
            <li><a href="/y">Yet another story you may like to read today</a></li></ul>
            </article></main>
            <aside class="sidebar"><p>Subscribe to our newsletter for daily news about the city and region.</p></aside></div>
            <div id="comments"><p>Great idea, finally someone is doing something about cyclists, I love it, truly.</p></div>
            <footer>Copyright 2024 City Times. All rights reserved.</footer>
            <script>var tracking = true;</script></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.title == "Council expands bike lanes")
        #expect(document.text.split(separator: "\n").count == 3)
        #expect(document.text.hasPrefix("The council voted on Tuesday"))
        for chrome in ["News", "Share on Facebook", "Another story", "newsletter", "Great idea", "Copyright", "tracking"] {
            #expect(!document.text.contains(chrome), "\(chrome)")
        }
        #expect(document.metadata["site"]?.stringValue == "City Times")
    }

    @Test("hidden elements never reach the text", arguments: [
        "<div style=\"display: none\">HIDDEN</div>", "<div style=\"visibility:hidden\">HIDDEN</div>",
        "<div hidden>HIDDEN</div>", "<span aria-hidden=\"true\">HIDDEN</span>", "<p class=\"sr-only\">HIDDEN</p>",
    ])
    func hidden(snippet: String) throws {
        let document = try Self.clean("<html><body><article>\(Self.article)\(snippet)</article></body></html>")
        #expect(!document.text.contains("HIDDEN"))
        #expect(document.text.contains("The council voted"))
    }

    @Test("a hidden dialog's long paragraph does not stand for the article: a share-named wrapper holding it stays")
    func hiddenDialogIsNotTheLongestParagraph() throws {
        let dialog = String(repeating: "Wir verwenden technisch notwendige Cookies und weitere Dienste. ", count: 6)
        let paragraph = "Die Heizungsindustrie verzeichnet ein erfolgreiches Jahr im deutschen Markt, mit deutlich mehr Absatz. "
        let html = """
            <html><body><div role="dialog" class="cc-window" style="display:none"><p>\(dialog)</p></div>
            <nav><a href="/">Start</a> <a href="/a">Energie</a> <a href="/b">Wärme</a></nav>
            <div class="documentContent__sharingContainer"><section>
            <p>\(String(repeating: paragraph, count: 3))</p><p>\(String(repeating: paragraph, count: 2))</p>
            <p>\(String(repeating: paragraph, count: 2))</p></section></div>
            <aside class="related"><a href="/x">Andere Meldung eins</a> <a href="/y">Andere Meldung zwei</a></aside>
            <footer>\(String(repeating: "<a href=\"/z\">Impressum und Datenschutz der Redaktion</a> ", count: 12))</footer>
            </body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text.contains("Die Heizungsindustrie verzeichnet"))
        #expect(!document.text.contains("Cookies"))
    }

    @Test("tables keep cell text in reading order; keep_tables false drops them")
    func tables() throws {
        let html = """
            <html><body><article>\(Self.article)
            <table><tr><th>Year</th><th>Kilometres</th></tr><tr><td>2024</td><td>12</td></tr></table>
            </article></body></html>
            """
        let kept = try Self.clean(html)
        #expect(kept.text.contains("Year\tKilometres\n2024\t12"))
        let dropped = try Self.clean(html, stage: CleanStage(keepTables: false))
        #expect(!dropped.text.contains("Kilometres"))
        #expect(dropped.text.contains("The council voted"))
    }

    @Test("an unclosed button or iframe does not swallow the page")
    func unclosedControls() throws {
        for opening in ["<button>Menu", "<iframe src=\"x\">", "<video>"] {
            let document = try Self.clean("<html><body>\(opening)\(Self.article)</body></html>")
            #expect(document.text.contains("The council voted"), "\(opening)")
        }
    }

    @Test("ruby readings are dropped, linked words inside a sentence stay")
    func ruby() throws {
        let html = """
            <html><body><article><p>親に<a href="#" class="dicWin"><ruby><span class="under">虐待</span><rt>ぎゃくたい</rt>\
            </ruby></a>された<ruby>子<rt>こ</rt></ruby>どもを守る法律ができて、国は相談所の力を強くしました。</p>
            </article></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text == "親に虐待された子どもを守る法律ができて、国は相談所の力を強くしました。")
    }

    @Test("short trailing headlines are trimmed; texts of short lines keep theirs")
    func tailTrim() {
        var article = [
            String(repeating: "A long paragraph of the article, with clauses and a full stop. ", count: 3),
            String(repeating: "Another long paragraph that reads like prose, as articles do. ", count: 3),
            String(repeating: "A third paragraph, long as well, ending properly here. ", count: 3),
            "Next article", "More from the newsroom",
        ]
        HTMLCleaner.trimTail(&article)
        #expect(article.count == 3)
        var poem = ["Roses are red", "Violets are blue", "Sugar is sweet", "And so are you"]
        HTMLCleaner.trimTail(&poem)
        #expect(poem.count == 4)
        var letter = [String(repeating: "正文段落，内容较长。", count: 10), String(repeating: "第二段正文。", count: 10), "某某单位", "2023年6月6日"]
        HTMLCleaner.trimTail(&letter)
        #expect(letter.count == 4)
    }

    @Test("list items stay, one per line")
    func lists() throws {
        let html = """
            <html><body><article>\(Self.article)<ul><li>First item of the plan, the river lane.</li>
            <li>Second item of the plan, the school streets.</li></ul></article></body></html>
            """
        let lines = try Self.clean(html).text.split(separator: "\n")
        #expect(lines.contains("First item of the plan, the river lane."))
        #expect(lines.contains("Second item of the plan, the school streets."))
    }

    @Test("known containers win: div#zoom and .TRS_Editor")
    func knownContainers() throws {
        let html = """
            <html><body><div class="list"><p>当前位置：首页 &gt; 新闻</p></div>
            <div id="zoom"><p>为持续推动金融知识普及工作，引导广大金融消费者提高防范风险的意识，活动在全市开展。</p>
            <p>活动中，志愿者们以人员集中的广场为宣传阵地，通过设置宣传展台，分发宣传资料。</p></div>
            <div class="footer">版权所有：某某单位 网站标识码：123</div></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text.hasPrefix("为持续推动金融知识普及工作"))
        #expect(!document.text.contains("当前位置"))
        #expect(!document.text.contains("版权所有"))
    }

    @Test("min_chars rejects short results with the reason")
    func minChars() {
        #expect(throws: CleanError(code: .tooShort(count: 5, minimum: 100))) {
            try Self.clean("<html><body><p>short</p></body></html>", stage: CleanStage(minChars: 100))
        }
    }

    @Test("boilerplate and footer_markers options")
    func userRules() throws {
        let html = "<html><body><article>\(Self.article)<p>Sponsored: buy our bikes</p></article></body></html>"
        let document = try Self.clean(html, stage: CleanStage(boilerplate: ["Sponsored:"]))
        #expect(!document.text.contains("Sponsored"))
        let text = "Line one of a letter that is long enough.\nLine two of the letter.\nEND OF LETTER\nsignature block"
        var plain = Document(uri: "mem:letter", text: text)
        plain.source.mediaType = "text/plain"
        let cut = try CleanStage(footerMarkers: ["END OF LETTER"]).clean(plain)
        #expect(cut.text == "Line one of a letter that is long enough.\nLine two of the letter.")
    }

    @Test("metadata can be switched off")
    func noMetadata() throws {
        let html = "<html><head><meta name=\"PubDate\" content=\"2023-06-15 18:40\"></head><body><article>\(Self.article)</article></body></html>"
        #expect(try Self.clean(html).metadata["published"]?.stringValue == "2023-06-15T18:40:00")
        #expect(try Self.clean(html, stage: CleanStage(metadata: false)).metadata.isEmpty)
    }

    @Test("mode auto follows the media type, then sniffs")
    func modes() {
        let stage = CleanStage()
        var html = Document(uri: "mem:a", text: "<p>x</p>")
        #expect(stage.resolvedMode(for: html) == .html)
        html.source.mediaType = "text/plain"
        #expect(stage.resolvedMode(for: html) == .text)
        #expect(stage.resolvedMode(for: Document(uri: "mem:b", text: "plain words")) == .text)
    }

    @Test("a short box winning on its name's bonus gives way to a near-equal candidate with many times its text")
    func shortNamedBoxGivesWay() throws {
        let html = """
            <html><body><div class="strip"><div class="box"><div class="intro">Read the full report below, \
            then tell us what you think.</div></div></div>
            <div class="wrap"><div>\(Self.article)
            <p>Cyclists, shop owners, and residents may comment on the plan, online or at the town hall, until the end of March.</p>
            <h2>Route</h2><ul><li>River Road</li><li>Market Street</li></ul>
            <p>The mayor said the first lanes would open before the summer holidays, if the weather allows it, and that more would follow.</p>
            </div></div></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text.hasPrefix("The council voted"))
        #expect(!document.text.contains("Read the full report"))
        for line in ["Route", "River Road", "Market Street", "The mayor said"] {
            #expect(document.text.contains(line), "\(line)")
        }
    }

    @Test("when class words remove nearly the whole page, chrome is judged by tag, role and visibility only")
    func namesThatTakeThePageAreIgnored() throws {
        let html = """
            <html><body><header><p>City Times, the daily newspaper of the river city and its region, read by many \
            people every morning since 1901, with local news.</p></header>
            <div class="print-full">\(Self.article)</div>
            <footer><p>City Times is published by River Media, all rights reserved, no reproduction of any part of \
            this newspaper without permission, contact us.</p><p>Our offices are at the old harbour, open from \
            Monday to Friday, nine to five, closed on public holidays.</p></footer></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text.hasPrefix("The council voted"))
        #expect(document.text.contains("start in the spring."))
        #expect(!document.text.contains("City Times"))
        #expect(!document.text.contains("old harbour"))
    }

    @Test("short headings left last in the content title boxes that were cut away; a sentence heading stays")
    func trailingHeadingsDropped() throws {
        let html = """
            <html><body><article>\(Self.article)
            <h2>More from the city desk</h2>
            <ul class="related-links"><li><a href="/x">Another story about the council and its many votes</a></li></ul>
            <h3>Comment</h3><h4>You must <a href="/login">log in</a> to join the discussion.</h4>
            </article></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text.hasSuffix("start in the spring."))
        let quoted = try Self.clean("<html><body><article>\(Self.article)<h3>The lanes are here to stay.</h3></article></body></html>")
        #expect(quoted.text.hasSuffix("The lanes are here to stay."))
    }

    @Test("a table of short cells beside the chosen container joins it like a paragraph does")
    func siblingTableJoins() throws {
        let html = """
            <html><body><div class="page"><div class="steps">\(Self.article)</div>
            <table><tr><td>Lane length</td><td>40 km</td></tr><tr><td>Cost</td><td>12 million euros</td></tr>
            <tr><td>Start of works</td><td>spring</td></tr><tr><td>Protected crossings</td><td>twelve</td></tr>
            <tr><td>Votes for the plan</td><td>seven of eleven</td></tr></table>
            </div></body></html>
            """
        let document = try Self.clean(html)
        #expect(document.text.hasPrefix("The council voted"))
        #expect(document.text.contains("Lane length\t40 km"))
        #expect(document.text.contains("Votes for the plan\tseven of eleven"))
    }

    @Test("the stage is registered with its declared options")
    func registered() {
        let descriptor = StageRegistry.builtIn["clean"]
        #expect(descriptor?.options.map(\.name) == ["mode", "boilerplate", "footer_markers", "min_chars", "keep_tables", "metadata"])
    }
}
