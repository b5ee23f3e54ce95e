/// Cleans plain text (a saved page's text, a letter): the same chrome rules line by line, the
/// footer cut, metadata lines into metadata, and the heading lines (site, title) recognised.
struct PlainTextCleaner {
    var collectMetadata = true
    var chrome = ChromeRules()

    func clean(_ text: String) -> CleanResult {
        var lines: [String] = []
        for line in TextNormalizer.splitLines(text) {
            let normalized = TextNormalizer.normalizeLine(line)
            if !normalized.isEmpty { lines.append(normalized) }
        }
        var metadata = MetadataCollector()
        var title: String?
        var spam: String?

        // Heading lines: short lines before the first metadata line, all within the first few lines.
        var headingEnd = 0
        if let firstMeta = lines.prefix(8).firstIndex(where: { MetadataLines.parse($0, allowWeak: true) != nil }) {
            headingEnd = firstMeta
        } else if let first = lines.first, OfficialDocument.isDocumentTitle(OfficialDocument.splitTitle(first).title) {
            headingEnd = 1
        }
        if headingEnd > 0 {
            var heading = Array(lines[0..<headingEnd]).filter { !chrome.isChrome($0) }
            if heading.count >= 2 || (heading.count == 1 && TitleRules.splitSpam(heading[0]) != nil) {
                let siteLine = heading.removeFirst()
                if let split = TitleRules.splitSpam(siteLine) {
                    metadata.set("site", split.head)
                    spam = split.spam
                } else {
                    metadata.set("site", siteLine)
                }
            }
            if let last = heading.last {
                let split = OfficialDocument.splitTitle(last)
                title = split.title
                metadata.set("doc_number", split.number)
            }
            lines.removeSubrange(0..<headingEnd)
        }
        var body = BodyLines(chrome: chrome).clean(lines, metadata: &metadata)
        while let first = body.first, first == title { body.removeFirst() }
        BodyLines.officialElements(title: title, lines: body, metadata: &metadata)
        if let spam { metadata.set("spam_injection", spam) }
        if !collectMetadata { metadata = MetadataCollector() }
        return CleanResult(title: title, lines: body, metadata: metadata.ordered)
    }
}
