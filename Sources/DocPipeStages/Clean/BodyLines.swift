/// The line-level pass shared by HTML and plain text: normalization, chrome and metadata lines,
/// footer cut, official-document elements.
struct BodyLines {
    var chrome: ChromeRules

    /// Normalizes `raw` lines, removes chrome, moves metadata lines into `metadata`, cuts the footer.
    func clean(_ raw: [String], metadata: inout MetadataCollector) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(raw.count)
        for line in raw {
            let normalized = TextNormalizer.normalizeLine(line)
            if !normalized.isEmpty { lines.append(normalized) }
        }
        if let cut = chrome.footerCut(lines) { lines.removeSubrange(cut...) }
        var result: [String] = []
        result.reserveCapacity(lines.count)
        var seenBody = false
        for line in lines {
            let count = line.scalarCount
            if let fields = MetadataLines.parse(line, allowWeak: !seenBody && count <= 40) {
                metadata.apply(fields)
                continue
            }
            if chrome.isChrome(line) { continue }
            if count >= 40 { seenBody = true }
            result.append(line)
        }
        return result
    }

    /// Adds the official-document elements when the title or metadata say it is one.
    static func officialElements(title: String?, lines: [String], metadata: inout MetadataCollector) {
        let isOfficial = metadata["doc_number"] != nil || title.map(OfficialDocument.isDocumentTitle) == true
        guard isOfficial else { return }
        // Only a line that is the number (a 发文字号 line), not a sentence citing another document.
        if metadata["doc_number"] == nil, let found = lines.prefix(3).lazy.compactMap({ line in
            OfficialDocument.documentNumber(in: line).flatMap { found in
                line.unicodeScalars.count - found.range.count <= 6 ? found : nil
            }
        }).first {
            metadata.set("doc_number", found.number)
        }
        metadata.set("addressee", OfficialDocument.addressee(in: lines))
        let signature = OfficialDocument.signature(in: lines)
        metadata.set("issuer", signature.issuer ?? metadata["issuer_line"])
        metadata.set("signed", signature.signed)
        metadata.set("attachments", list: OfficialDocument.attachments(in: lines))
    }
}
