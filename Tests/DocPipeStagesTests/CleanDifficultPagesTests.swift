import DocPipe
@testable import DocPipeStages
import Testing

/// Pages whose structure misleads a simple content choice: each test is a small page built like a
/// real one from the evaluation set, and names the rule that handles it.
@Suite("Clean: difficult pages")
struct CleanDifficultPagesTests {
    static func text(_ html: String) throws -> String {
        try CleanExtractionTests.clean(html).text
    }

    static func paragraph(_ topic: String) -> String {
        "<p>The \(topic) was discussed at length by the committee, which heard from residents, experts, "
            + "and the city's planners before it agreed, after a long evening, to publish its findings.</p>"
    }

    @Test("class and id words: side columns and author boxes are chrome, about boxes soft, content words win", arguments: [
        ("side-content", ElementNames.Verdict.hard), ("entry-author-info", .hard), ("author-profile", .hard),
        ("about-author", .hard), ("author", .soft), ("about-word-color", .soft), ("about-content", .positive),
        ("cookie-consent", .hard), ("inside-story", .positive),
    ])
    func classWords(name: String, expected: ElementNames.Verdict) {
        #expect(ElementNames.verdict(Array(name.utf8)).verdict == expected)
    }

    @Test("lines broken by <br> in a post body score as one paragraph (lyrics, poems, addresses)")
    func brokenLines() throws {
        let lines = (1...24).map { "Line \($0) of the song goes on" }.joined(separator: "<br />")
        let html = """
            <html><body><div class="columns"><div class="column-center"><div class="post-body entry-content">\(lines)</div>
            </div><div class="column-right"><div class="box"><p>Follow this blog for new lyrics, translations, \
            and the stories behind them.</p></div></div></div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("Line 1 of the song goes on\nLine 2 of the song goes on"))
        #expect(text.contains("Line 24 of the song goes on"))
        #expect(!text.contains("Follow this blog"))
    }

    @Test("a consent dialog is never the article, however long its details")
    func consentDialog() throws {
        let purposes = (1...30).map {
            "<div class=\"service\"><p>Purpose \($0): statistics, error analysis, storage of data on your device, "
                + "legal basis: consent, retention: two years, joint controller: an advertising company.</p></div>"
        }.joined()
        let html = """
            <html><body><div class="page"><article>\(CleanExtractionTests.article)</article></div>
            <div class="privacy-popup cookie-consent">\(purposes)</div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.hasPrefix("The council voted"))
        #expect(!text.contains("Purpose"))
    }

    @Test("a forum whose posts are all named like comments keeps the posts")
    func forumPosts() throws {
        let posts = (1...4).map {
            "<div class=\"comment post\"><p>Post \($0): since the last update my phone cannot reach the app store, "
                + "neither over wifi nor over mobile data, and restarting it, twice, did not help at all.</p></div>"
        }.joined()
        let html = """
            <html><body><header><nav><a href="/">Forum</a> <a href="/help">Help</a></nav></header>
            <div class="thread"><h1>App store unreachable</h1>\(posts)</div>
            <footer>Forum rules and imprint</footer></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("Post 1: since the last update"))
        #expect(text.contains("Post 4: since the last update"))
        #expect(!text.contains("Forum rules"))
    }

    @Test("comments below a short article stay out even though they are much longer than it")
    func commentsBelowAShortArticle() throws {
        let comments = (1...12).map {
            "<div class=\"comment\"><p>Reader \($0): I bought two jars last week and the voucher came by post, "
                + "so this deal works, thanks a lot for sharing it with everyone here today.</p></div>"
        }.joined()
        let html = """
            <html><body><article><p>Buy two jars of coffee at any branch and send in the receipt with the form: \
            you get a voucher of six euros for your next shopping.</p><p>The offer runs until the end of October, \
            one entry per household; the voucher comes by post within four weeks.</p><p>The form is printed \
            on the back of the leaflet in the shop, or can be downloaded from the brand's website.</p>\
            <p>Receipts from online shops count too.</p></article>
            <div id="comments">\(comments)</div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("voucher of six euros"))
        #expect(!text.contains("Reader"))
    }

    @Test("an article in <noscript> (rendered from a template by script) is read")
    func articleInNoscript() throws {
        let html = """
            <html><body><div class="post"><h2>Protection now available</h2><div class="post-body">
            <script type="text/template">\(Self.paragraph("template"))</script>
            <noscript>\(Self.paragraph("first protection"))\(Self.paragraph("second protection"))\
            \(Self.paragraph("third protection"))\(Self.paragraph("fifth protection"))\
            \(Self.paragraph("sixth protection"))\(Self.paragraph("fourth protection"))</noscript>
            </div></div><noscript><img src="pixel.gif"></noscript></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("The first protection was discussed"))
        #expect(text.contains("The fourth protection was discussed"))
        #expect(!text.contains("template"))
    }

    @Test("an author box after the article goes, even with a real paragraph")
    func authorBox() throws {
        let html = """
            <html><body><article><div class="entry-content">\(CleanExtractionTests.article)
            <div class="entry-author-info"><div class="author-description"><p>Tine is a freelance writer in Berlin \
            who has explored her home town by bicycle for twenty years and writes about its parks, lakes \
            and old railway lines.</p>\
            </div></div></div></article></body></html>
            """
        let text = try Self.text(html)
        #expect(text.hasSuffix("start in the spring."))
        #expect(!text.contains("freelance writer"))
    }

    @Test("two boxes side by side under one wrapper (ingredients and steps) are both the article")
    func sideBySideBoxes() throws {
        let html = """
            <html><body><nav><a href="/">Recipes</a></nav><div class="recipe">
            <div class="column-left"><div class="ingredients">\(Self.paragraph("flour"))\(Self.paragraph("butter"))</div></div>
            <div class="column-right"><div class="steps">\(Self.paragraph("oven"))\(Self.paragraph("dough"))\
            \(Self.paragraph("filling"))</div></div></div>
            <div class="more"><a href="/a">More recipes you will love</a></div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("The flour was discussed"))
        #expect(text.contains("The butter was discussed"))
        #expect(text.contains("The filling was discussed"))
    }

    @Test("good paragraphs outside the chosen box join it when they come before its end, not after it")
    func paragraphsOutsideTheBox() throws {
        let html = """
            <html><body><div class="intro-box">\(Self.paragraph("lead"))</div>
            <div class="main-column"><div class="entry">\(Self.paragraph("first point"))\(Self.paragraph("second point"))\
            \(Self.paragraph("third point"))</div></div>
            <div class="page-end"><div class="wrap"><div class="notes"><p>Disclaimer: opinions in this article are the author's, and this site, \
            which earns commissions from some links, is not responsible for the content of external pages.</p>\
            <p>Corrections: if you find an error in this article, please write to the editors, who will check it \
            and, where needed, publish a correction below the article within two working days.</p></div></div></div>
            </body></html>
            """
        let text = try Self.text(html)
        #expect(text.hasPrefix("The lead was discussed"))
        #expect(text.contains("The third point was discussed"))
        #expect(!text.contains("Disclaimer"))
        #expect(!text.contains("Corrections"))
    }

    @Test("inside a known content container, the container is the article, not its strongest box")
    func knownContainerOverItsBestBox() throws {
        let references = (1...15).map {
            "<li>Author \($0)A, Author \($0)B, Author \($0)C. A study of drug reactions, part \($0). J Dermatol. 2019; 12, 3-4.</li>"
        }.joined()
        let html = """
            <html><body><div itemprop="articleBody"><div class="lead-in"><p>Adverse drug reactions.</p></div>
            <section class="abstract"><h2>Purpose of the review</h2><p>To summarise what is known.</p></section>
            <section class="references"><h2>References</h2><ol>\(references)</ol></section></div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("Adverse drug reactions."))
        #expect(text.contains("To summarise what is known."))
        #expect(text.contains("Author 15A"))
    }

    @Test("the box with the page's title heading wins over a sidebar box that scores a little better")
    func titledBoxWins() throws {
        let html = """
            <html><head><title>Paper cuts (3) | gnaddrig ad libitum</title></head><body><div class="wrap">
            <div class="main"><div class="content-area"><div class="post"><h1>Paper cuts (3)</h1><p>The city stands black and silent, and the \
            fog, which came in the evening, has not lifted since, so the camera had to work hard.</p><p>The first \
            shot was taken by hand, at a high ISO value, and it looks better than I expected, really.</p></div></div>
            <div class="line">5 May, by Anna</div></div>
            <div class="side"><div class="textbox"><h3>Liability for external links</h3><p>This blog links, now and \
            then, to other sites, whose content, design, and privacy rules I do not control, cannot check, and, \
            therefore, cannot answer for, in any way, at any time, whatsoever, as the law requires me to say, here.\
            </p></div></div></div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.contains("The city stands black"))
        #expect(text.contains("The first shot was taken"))
        #expect(!text.contains("This blog links"))
    }

    @Test("sections that all carry a chrome word and together make the page are kept")
    func sectionsNamedLikeAds() throws {
        let topics = ["price", "grill", "cleaning", "toast", "delivery", "verdict"]
        let sections = topics.map {
            "<section class=\"report-section report-section--ads\"><h2>The \($0)</h2>\(Self.paragraph($0))</section>"
        }.joined()
        let html = """
            <html><body><main><article><h1>Beef maker tested</h1>\(Self.paragraph("lead"))\(Self.paragraph("test"))\(Self.paragraph("method"))
            \(sections)</article></main>
            <div class="ads"><a href="/shop">Buy now</a></div></body></html>
            """
        let text = try Self.text(html)
        #expect(text.hasPrefix("The lead was discussed"))
        for topic in topics {
            #expect(text.contains("The \(topic) was discussed"), "\(topic)")
        }
    }
}
