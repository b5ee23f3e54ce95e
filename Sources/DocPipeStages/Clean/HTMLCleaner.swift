import Foundation

/// Cleans an HTML page: main content, title, metadata.
struct HTMLCleaner {
    var keepTables = true
    var collectMetadata = true
    var chrome = ChromeRules()
    /// Prints the candidate ranking on standard output when `DOCPIPE_CLEAN_DEBUG` is set
    /// (development aid: `DOCPIPE_CLEAN_DEBUG=1 docpipe extract page.html`).
    var debug = Self.debugRequested

    /// Read once per process: a cleaner is made for every document.
    private static let debugRequested = ProcessInfo.processInfo.environment["DOCPIPE_CLEAN_DEBUG"] != nil

    func clean(_ html: String) -> CleanResult {
        let dom = DOMSnapshot.parse(html)
        var renderer = ContentRenderer(dom: dom)
        renderer.keepTables = keepTables
        /// The main content's lines, and the extractor that chose it.
        func mainContent(mayIgnoreNames: Bool) -> (ContentExtractor, [String]) {
            var extractor = ContentExtractor(dom: dom)
            extractor.debug = debug
            extractor.mayIgnoreNames = mayIgnoreNames
            let content = extractor.selectContent()
            return (extractor, content.isEmpty ? [] : renderer.render(content, skip: extractor.removed))
        }
        var (extractor, raw) = mainContent(mayIgnoreNames: true)
        if extractor.ignoredNames, raw.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
            // Reading the page without its class/id words left nothing after pruning: the names were right.
            (extractor, raw) = mainContent(mayIgnoreNames: false)
        }

        var metadata = MetadataCollector()
        let metas = MetaTags(dom.metas)
        if collectMetadata {
            metadata.set("site", metas.first("sitename", "og:site_name", "application-name"))
            metadata.set("published", metas.first(
                "pubdate", "article:published_time", "publishdate", "datepublished", "publish-date",
                "og:published_time", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date",
                "dcterms.created", "dcterms.date", "date", "publication_date", "firstpublishedtime",
                "weibo:article:create_at"
            ).flatMap(DateParsing.published(in:)))
            if metadata["published"] == nil, let value = JSONLDFields.first("datePublished", in: dom.jsonLD) {
                metadata.set("published", DateParsing.published(in: value))
            }
            metadata.set("source", metas.first("contentsource", "source"))
            if let author = metas.first("author", "article:author", "dc.creator", "byl", "sailthru.author"),
                !author.hasPrefix("http")
            {
                metadata.set("author", author)
            }
            // Labelled lines anywhere on the page (发布时间：…  来源：…), chrome included.
            if dom.arena.count > 0, Self.mayHaveLabels(dom.arena) {
                let pageLines = renderer.render([extractor.bodyIndex], skip: extractor.hiddenMask)
                for line in pageLines where line.utf8.count <= 480 {
                    let normalized = TextNormalizer.normalizeLine(line)
                    if let fields = MetadataLines.parse(normalized, allowWeak: false) { metadata.apply(fields) }
                }
            }
            if metadata["published"] == nil, let time = dom.times.first {
                metadata.set("published", DateParsing.published(in: time.value))
            }
        }

        var lines = BodyLines(chrome: chrome).clean(raw, metadata: &metadata)

        // Title.
        let titleTag = dom.title.map { TextNormalizer.normalizeLine($0) }
        var spam: (head: String, spam: String)?
        if let titleTag { spam = TitleRules.splitSpam(titleTag) }
        var siteName = metadata["site"]
        if siteName == nil, let spam { siteName = spam.head }
        let heading = Self.articleHeading(dom: dom, extractor: extractor, renderer: renderer, titleTag: titleTag)
        var title: String?
        if let value = metas.first("articletitle", "og:title", "twitter:title") {
            var candidate = TextNormalizer.normalizeLine(value)
            if let spamSplit = TitleRules.splitSpam(candidate) { candidate = spamSplit.head }
            if candidate.contains(where: { TitleRules.separators.contains($0.unicodeScalars.first!) }) {
                candidate = TitleRules.articlePart(of: candidate, site: siteName).title
            }
            title = candidate
        }
        if title == nil || title?.isEmpty == true, let heading { title = heading }
        if title == nil || title?.isEmpty == true, let titleTag {
            let base = spam?.head ?? titleTag
            let split = TitleRules.articlePart(of: base, site: siteName)
            title = split.title
            if siteName == nil { siteName = split.site }
            // A <title> that is only the site name (often with a spam tail): the article heading
            // is an <h2> (or <h3>) in or near the content.
            if split.site == nil, TitleRules.isSiteName(split.title, site: siteName) || split.title == spam?.head,
                let subheading = Self.articleHeading(
                    dom: dom, extractor: extractor, renderer: renderer, titleTag: nil, tags: [.h2, .h3], minimum: 6)
            {
                title = subheading
            }
        }
        if collectMetadata {
            if metadata["site"] == nil, let titleTag, let siteGuess = siteName ?? TitleRules.articlePart(
                of: spam?.head ?? titleTag, site: nil
            ).site {
                metadata.set("site", siteGuess)
            }
        }
        var rawTitle = title
        if let current = title {
            let split = OfficialDocument.splitTitle(current)
            title = split.title
            if collectMetadata { metadata.set("doc_number", split.number) }
        }
        if title?.isEmpty == true { title = nil; rawTitle = nil }

        Self.trimTail(&lines)
        // The body starts after the title.
        while let first = lines.first, first == title || first == rawTitle || first == heading {
            lines.removeFirst()
        }
        if collectMetadata {
            BodyLines.officialElements(title: title, lines: lines, metadata: &metadata)
            if let spam { metadata.set("spam_injection", spam.spam) }
        }
        return CleanResult(title: title, lines: lines, metadata: collectMetadata ? metadata.ordered : [])
    }

    /// Drops the short, unpunctuated Latin-script lines that trail an article (headlines of other
    /// stories, "Next article", "More information:"), at most three, when they are much shorter than
    /// the text's median paragraph. Lines with Han characters stay
    /// (an official document ends with its issuer and date), and so do table rows.
    static func trimTail(_ lines: inout [String]) {
        guard lines.count >= 4 else { return }
        // Only lines much shorter than the text's typical paragraph: a text of short lines keeps them.
        let lengths = lines.map(\.scalarCount).sorted()
        let limit = min(60, lengths[lengths.count / 2] / 2)
        var dropped = 0
        while lines.count > 1, dropped < 3, let last = lines.last {
            let scalars = last.unicodeScalars
            guard scalars.count <= limit, !scalars.contains("\t"),
                !scalars.contains(where: { TextNormalizer.isHan($0) || ($0.value >= 0x3040 && $0.value <= 0x30FF) }),
                let end = scalars.last, !".!?\"”)»…".unicodeScalars.contains(end)
            else { break }
            lines.removeLast()
            dropped += 1
        }
    }

    /// The article heading: the `<h1>` (or one of `tags`) the `<title>` contains, else the first
    /// one outside chrome, at least `minimum` characters long.
    private static func articleHeading(
        dom: DOMSnapshot, extractor: ContentExtractor, renderer: ContentRenderer, titleTag: String?,
        tags: Set<HTMLTag> = [.h1], minimum: Int = 1
    ) -> String? {
        var firstKept: String?
        var first: String?
        var seen = 0
        let none = extractor.hiddenMask
        for (index, element) in dom.elements.enumerated() where tags.contains(element.tag) {
            seen += 1
            if seen > 8 { break }
            let text = TextNormalizer.normalizeLine(renderer.render([Int32(index)], skip: none).joined(separator: " "))
            guard !text.isEmpty, text.unicodeScalars.count >= minimum else { continue }
            if let titleTag, titleTag.contains(text), text.unicodeScalars.count >= 4 { return text }
            if first == nil { first = text }
            if firstKept == nil && !extractor.removed[index] { firstKept = text }
        }
        return firstKept ?? first
    }

    /// Whether the page text may hold Chinese metadata labels (来源, 时间, 日期, 作者).
    private static func mayHaveLabels(_ arena: [UInt8]) -> Bool {
        // 来源 E6 9D A5 E6 BA 90, 时间 E6 97 B6 E9 97 B4, 日期 E6 97 A5 E6 9C 9F, 作者 E4 BD 9C E8 80 85
        arena.withUnsafeBufferPointer { bytes in
            let n = bytes.count
            var i = 0
            while i + 5 < n {
                let b0 = bytes[i]
                if b0 == 0xE6 || b0 == 0xE4 {
                    let b1 = bytes[i + 1], b2 = bytes[i + 2], b3 = bytes[i + 3], b4 = bytes[i + 4], b5 = bytes[i + 5]
                    if b0 == 0xE6 && b1 == 0x9D && b2 == 0xA5 && b3 == 0xE6 && b4 == 0xBA && b5 == 0x90 { return true }
                    if b0 == 0xE6 && b1 == 0x97 && b2 == 0xB6 && b3 == 0xE9 && b4 == 0x97 && b5 == 0xB4 { return true }
                    if b0 == 0xE6 && b1 == 0x97 && b2 == 0xA5 && b3 == 0xE6 && b4 == 0x9C && b5 == 0x9F { return true }
                    if b0 == 0xE4 && b1 == 0xBD && b2 == 0x9C && b3 == 0xE8 && b4 == 0x80 && b5 == 0x85 { return true }
                }
                i += 1
            }
            return false
        }
    }
}

/// Page `<meta>` values by lowercased key.
struct MetaTags {
    private var values: [String: String] = [:]

    init(_ metas: [(key: String, value: String)]) {
        for (key, value) in metas where values[key] == nil && !value.isEmpty { values[key] = value }
    }

    /// The first present key's value.
    func first(_ keys: String...) -> String? {
        for key in keys { if let value = values[key], !value.trimmingBlanks().isEmpty { return value } }
        return nil
    }
}

/// A few fields of `application/ld+json` blocks, found without a full JSON parse.
enum JSONLDFields {
    /// The first string value of `"key": "…"` in `blocks`.
    static func first(_ key: String, in blocks: [String]) -> String? {
        let needle = "\"\(key)\""
        for block in blocks {
            guard let range = block.range(of: needle) else { continue }
            var rest = block[range.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" }
            guard rest.first == "\"" else { continue }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: "\"") else { continue }
            return String(rest[..<end])
        }
        return nil
    }
}
