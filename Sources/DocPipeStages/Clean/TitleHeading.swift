/// The page's title heading: the `<h1>`…`<h3>` that repeats the `<title>`, and which boxes
/// carry it. A box with the title heading is the article itself.
extension ContentExtractor {
    /// The first of the page's first twelve `<h1>`…`<h3>` whose text (at least eight bytes) is
    /// in the first segment of the `<title>` (`Article | Site`, `标题_栏目_网站`), or holds it.
    func titleHeading() -> Int? {
        guard let title = dom.title,
            let first = TitleRules.segments(TextNormalizer.normalizeLine(title)).first.map({ Array($0.utf8) }),
            first.count >= 8
        else { return nil }
        var seen = 0
        for (index, element) in dom.elements.enumerated() where element.tag == .h1 || element.tag == .h2 || element.tag == .h3 {
            seen += 1
            if seen > 12 { break }
            if removed[index] { continue }
            var text: [UInt8] = []
            var i = Int(element.open) + 1
            while i < Int(element.close) && text.count <= 4 * first.count {
                let event = dom.events[i]
                if event.kind == .text { text += dom.bytes(of: dom.texts[Int(event.index)]) }
                i += 1
            }
            let heading = Array(TextNormalizer.normalizeLine(String(decoding: text, as: UTF8.self)).utf8)
            if heading.count >= 8, ElementNames.contains(first, heading) || ElementNames.contains(heading, first) {
                return index
            }
        }
        return nil
    }

    /// Whether `index` holds the title heading, or sits right under it: their nearest common
    /// ancestor holds little besides the box.
    func isTitled(_ index: Int, heading: Int) -> Bool {
        if index == heading || isAncestor(index, of: heading) { return true }
        var common = Int(dom.elements[index].parent)
        while common >= 0 && !isAncestor(common, of: heading) { common = Int(dom.elements[common].parent) }
        guard common >= 0 else { return false }
        return Float(weight[common]) <= Float(weight[index] + weight[heading]) * 1.25 + 100
    }
}
