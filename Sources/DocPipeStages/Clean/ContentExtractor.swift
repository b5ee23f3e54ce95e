/// Chooses the main-content elements of a page by evidence.
///
/// 1. Chrome elements are removed: `nav`/`aside`/`header`/`footer`/`menu`, chrome ARIA roles,
///    chrome words in class/id (see ``ElementNames``), consent dialogs, small forms — unless they
///    hold a large share of what a reader sees or a known content container (`article`, `main`,
///    `[itemprop=articleBody]`, `#zoom`, `.TRS_Editor`, `entry-content`, …). When names removed
///    nearly everything, the page is read again without them (first keeping comment names, then,
///    for forums and live blogs, without those too).
/// 2. Text is cut into blocks at block-level element boundaries (`<br>` does not end one); each
///    block of some length scores `1 + commas + min(weight / 100, 3)` for its container and,
///    decaying, for the container's ancestors; containers start with a bonus for content words
///    and known containers.
/// 3. The best container (score × (1 − link density)) gives way to a near-equal box that carries
///    the page's title heading, joins a strong box beside it under their common ancestor, is
///    widened to a better-scoring ancestor or to the known container around it, and is joined by
///    siblings that score well or read like paragraphs, and by good paragraphs before its end.
/// 4. Inside the content, link lists and link-dense boxes are pruned, and headings left last.
struct ContentExtractor {
    let dom: DOMSnapshot
    private(set) var removed: [Bool]
    private var measures: [TextMeasure] = []
    /// Totals over the whole subtree, chrome included.
    private var fullWeight: [Int32]
    /// Totals over the subtree without hidden descendants: what a reader sees.
    private var visibleWeight: [Int32]
    /// Largest known container in the subtree (its full weight).
    private var knownWeight: [Int32]
    /// Largest paragraph (block with few links) in the subtree, chrome included.
    private var largestBlock: [Int32]
    /// The longest block per element, not counting hidden descendants.
    private var visibleLargestBlock: [Int32]
    /// Totals over the subtree without removed elements.
    private(set) var weight: [Int32]
    private(set) var linkWeight: [Int32]
    private var commas: [Int32]
    private var score: [Float]
    private var scored: [Bool]

    /// Whether a page whose class/id words removed nearly everything may be read again without
    /// them (see ``keepNamedBoxesIfChromeTookThePage()``).
    var mayIgnoreNames = true
    /// Whether the content was chosen from that second reading.
    private(set) var ignoredNames = false

    private struct Block {
        var owner: Int32
        var measure: TextMeasure
        var linkWeight: Int32
    }
    private var blocks: [Block] = []

    init(dom: DOMSnapshot) {
        self.dom = dom
        let n = dom.elements.count
        removed = Array(repeating: false, count: n)
        fullWeight = Array(repeating: 0, count: n)
        visibleWeight = Array(repeating: 0, count: n)
        knownWeight = Array(repeating: 0, count: n)
        largestBlock = Array(repeating: 0, count: n)
        visibleLargestBlock = Array(repeating: 0, count: n)
        weight = Array(repeating: 0, count: n)
        linkWeight = Array(repeating: 0, count: n)
        commas = Array(repeating: 0, count: n)
        score = Array(repeating: 0, count: n)
        scored = Array(repeating: false, count: n)
        measures = dom.texts.map { TextMeasure(dom.arena[Int($0.start)..<Int($0.start + $0.length)]) }
    }

    /// The element indices whose subtrees form the main content, in document order.
    mutating func selectContent() -> [Int32] {
        guard !dom.elements.isEmpty else { return [] }
        measureFullTree()
        markChrome(.all)
        buildBlocks()
        keepNamedBoxesIfChromeTookThePage()
        scoreBlocks()
        guard let top = topCandidate() else {
            if debug { dumpDebug(top: Int(bodyIndex), content: []) }
            return [bodyIndex]
        }
        var content = withSiblings(top)
        pruneInside(content, keeping: bestScored)
        content = withStrayParagraphs(content)
        dropTrailingHeadings(content)
        if debug { dumpDebug(top: Int(top), content: content) }
        return content
    }

    /// Elements hidden by attribute, style or class.
    var hiddenMask: [Bool] { dom.elements.map { $0.flags.contains(.hidden) } }

    /// The `<body>` element, or the root.
    var bodyIndex: Int32 {
        for (index, element) in dom.elements.enumerated() where element.tag == .body { return Int32(index) }
        return 0
    }

    var debug = false

    private func describe(_ index: Int) -> String {
        let element = dom.elements[index]
        var preview = ""
        var i = Int(element.open) + 1
        while i < Int(element.close) && preview.count < 50 {
            let event = dom.events[i]
            if event.kind == .text { preview += String(decoding: dom.bytes(of: dom.texts[Int(event.index)]), as: UTF8.self).prefix(50) + "|" }
            i += 1
        }
        preview = String(preview.map { $0 == "\n" ? " " : $0 })
        return "#\(index) \(element.tag) [\(preview.prefix(50))] flags=\(element.flags.rawValue) removed=\(removed[index]) w=\(weight[index]) full=\(fullWeight[index]) ld=\(linkDensity(index)) score=\(scored[index] ? finalScore(index) : -1)"
    }

    private func dumpDebug(top: Int, content: [Int32]) {
        var ranked: [(Int, Float)] = []
        for index in 0..<dom.elements.count where scored[index] && !removed[index] { ranked.append((index, finalScore(index))) }
        ranked.sort { $0.1 > $1.1 }
        print("TOP", describe(top))
        var p = Int(dom.elements[top].parent)
        while p >= 0 { print("  ^", describe(p)); p = Int(dom.elements[p].parent) }
        for (index, _) in ranked.prefix(8) { print("  cand", describe(index)) }
        print("CONTENT", content)
        var big: [(Int, Int32)] = []
        for index in 0..<dom.elements.count where removed[index] {
            var p = Int(dom.elements[index].parent)
            var nested = false
            while p >= 0 { if removed[p] { nested = true; break }; p = Int(dom.elements[p].parent) }
            if !nested { big.append((index, fullWeight[index])) }
        }
        big.sort { $0.1 > $1.1 }
        for (index, _) in big.prefix(12) { print("  removed", describe(index)) }
    }

    // MARK: - Pass 1: whole-tree totals

    private mutating func measureFullTree() {
        var stack: [Int32] = []
        var blockStack: [Int32] = []
        var blockWeight: Int32 = 0
        var blockLinks: Int32 = 0
        var linkDepth = 0
        func endBlock() {
            if let owner = blockStack.last, blockWeight > 0, blockLinks * 10 < blockWeight * 3 {
                largestBlock[Int(owner)] = max(largestBlock[Int(owner)], blockWeight)
            }
            blockWeight = 0
            blockLinks = 0
        }
        for event in dom.events {
            switch event.kind {
            case .open:
                let element = dom.elements[Int(event.index)]
                stack.append(event.index)
                if element.flags.contains(.link) { linkDepth += 1 }
                if element.tag.separatesBlocks {
                    endBlock()
                    blockStack.append(event.index)
                }
            case .close:
                let element = dom.elements[Int(event.index)]
                stack.removeLast()
                if element.flags.contains(.link) { linkDepth -= 1 }
                if element.tag.separatesBlocks {
                    endBlock()
                    blockStack.removeLast()
                }
            case .text:
                let weight = measures[Int(event.index)].weight
                if let owner = stack.last { fullWeight[Int(owner)] += weight }
                blockWeight += weight
                if linkDepth > 0 { blockLinks += weight }
            }
        }
        endBlock()
        visibleLargestBlock = largestBlock
        visibleWeight = fullWeight
        for index in stride(from: dom.elements.count - 1, through: 0, by: -1) {
            let element = dom.elements[index]
            if element.flags.contains(.known) { knownWeight[index] = max(knownWeight[index], fullWeight[index]) }
            let parent = Int(element.parent)
            if parent >= 0 {
                largestBlock[parent] = max(largestBlock[parent], largestBlock[index])
                if !element.flags.contains(.hidden) {
                    visibleLargestBlock[parent] = max(visibleLargestBlock[parent], visibleLargestBlock[index])
                    visibleWeight[parent] += visibleWeight[index]
                }
                fullWeight[parent] += fullWeight[index]
                knownWeight[parent] = max(knownWeight[parent], knownWeight[index])
            }
        }
    }

    // MARK: - Chrome removal

    /// How much class and id words say in a reading of the page.
    private enum NameReading {
        /// Every chrome word counts.
        case all
        /// Only comment-section and consent-dialog words count.
        case commentsOnly
        /// No name counts (forums and live blogs, whose posts are named like comments).
        case none
    }

    /// When class/id words removed nearly the whole page (a layout class such as `print-full`),
    /// the names were wrong, not the page: chrome is removed again by tag, role, visibility,
    /// forms and comment names only, and that reading is kept when it leaves clearly more text.
    /// When even that leaves next to nothing (a forum or a live blog, whose posts are named like
    /// comments), comment names go too.
    private mutating func keepNamedBoxesIfChromeTookThePage() {
        let body = Int(bodyIndex)
        var kept = weight[body]
        guard mayIgnoreNames, kept < 1000, fullWeight[body] >= 500, kept * 4 < fullWeight[body] else { return }
        for reading in [NameReading.commentsOnly, .none] {
            if reading == .none && kept >= 300 { return }
            let previous = (removed, weight, linkWeight, commas, blocks)
            removed = Array(repeating: false, count: dom.elements.count)
            blocks = []
            markChrome(reading)
            buildBlocks()
            if weight[body] >= kept * 2 {
                ignoredNames = true
                kept = weight[body]
            } else {
                (removed, weight, linkWeight, commas, blocks) = previous
            }
        }
    }

    private mutating func markChrome(_ reading: NameReading) {
        let byName = reading == .all
        let body = Int(bodyIndex)
        let page = Float(max(fullWeight[body], 1))
        // Shares of what a reader sees: a consent box whose collapsed details hold most of the
        // page's text is still a small box (unless nearly everything is hidden, as on pages that
        // script reveals).
        let seesPage = visibleWeight[body] * 10 >= fullWeight[body] * 3
        let visiblePage = Float(max(seesPage ? visibleWeight[body] : fullWeight[body], 1))
        let groups = byName ? namedSiblingGroups() : [:]
        let largestKnown = Float(knownWeight[0])
        // The longest paragraph a reader sees: a hidden cookie dialog's text is not the article.
        let pageLongest = visibleLargestBlock[0]
        for index in 0..<dom.elements.count {
            let element = dom.elements[index]
            let flags = element.flags
            if element.tag == .head { removed[index] = true; continue }
            if element.tag == .body || element.tag == .html { continue }
            let share = Float(fullWeight[index]) / page
            var seenShare = Float(seesPage ? visibleWeight[index] : fullWeight[index]) / visiblePage
            if flags.contains(.hardName), !flags.contains(.commentName), let group = groups[element.parent] {
                // Sections that all carry a chrome word (`TestReport__Section--Ads`) and together
                // make up the page are the page.
                seenShare = max(seenShare, Float(group) / visiblePage)
            }

            let holdsKnown = knownWeight[index] > 0 && Float(knownWeight[index]) >= 0.5 * largestKnown
                && Float(knownWeight[index]) > 0.15 * page
            if flags.contains(.hasControls) {
                if seenShare < 0.4 && !holdsKnown { removed[index] = true }
                continue
            }
            if flags.contains(.known) { continue }
            // A consent dialog is never the article, however long its details (but a page wrapper
            // named after its cookie banner may hold everything when no known container is elsewhere).
            if flags.contains(.dialogName) && reading != .none && (share < 0.9 || largestKnown > 0) && !holdsKnown {
                removed[index] = true
                continue
            }
            // A name never removes the page's longest paragraph (except comment sections).
            let longest = flags.contains(.hidden) ? largestBlock[index] : visibleLargestBlock[index]
            let holdsLongest = longest >= 250 && longest >= pageLongest && !flags.contains(.commentName)
            if flags.contains(.hidden) {
                // Hidden text never counts — unless a hidden box holds most of the page or its longest
                // paragraph, which is a parsing accident (an unclosed popup swallowing the page) or a
                // page revealed by script.
                let dialog = flags.contains(.chromeRole) || flags.contains(.hardName)
                if share < 0.5 && !(holdsLongest && !dialog) { removed[index] = true; continue }
            }
            var limit: Float = 2
            if flags.contains(.hardName) && (byName || (reading == .commentsOnly && flags.contains(.commentName))) {
                limit = min(limit, 0.6)
            }
            if flags.contains(.chromeRole) || (flags.contains(.chromeTag)
                && !(element.tag == .header && largestBlock[index] >= 120))
            {
                // A <header> that holds a real paragraph is an article's intro, not the site header.
                limit = min(limit, 0.5)
            }
            if byName && flags.contains(.softName) && !(largestBlock[index] >= 120 && !flags.contains(.hardName)) {
                // Soft words (header, meta, teaser, …) do not remove a real paragraph (a lead, a teaser).
                limit = min(limit, 0.35)
            }
            if limit < 2 && seenShare < limit && !holdsKnown && !holdsLongest { removed[index] = true }
        }
    }

    /// Visible weight of the children with a chrome word (not a comment word) per parent that
    /// has two or more of them.
    private func namedSiblingGroups() -> [Int32: Int32] {
        var totals: [Int32: (count: Int, weight: Int32)] = [:]
        for (index, element) in dom.elements.enumerated()
        where element.flags.contains(.hardName) && !element.flags.contains(.commentName) && visibleWeight[index] > 0 {
            totals[element.parent, default: (0, 0)].count += 1
            totals[element.parent, default: (0, 0)].weight += visibleWeight[index]
        }
        return totals.compactMapValues { $0.count >= 2 ? $0.weight : nil }
    }

    // MARK: - Pass 2: blocks over the kept tree

    private mutating func buildBlocks() {
        var stack: [Int32] = []
        var blockStack: [Int32] = []
        var linkDepth = 0
        var current = Block(owner: -1, measure: TextMeasure(), linkWeight: 0)
        var ownWeight = Array(repeating: Int32(0), count: dom.elements.count)
        var ownLink = Array(repeating: Int32(0), count: dom.elements.count)
        var ownCommas = Array(repeating: Int32(0), count: dom.elements.count)

        func flush() {
            if current.measure.weight > 0 && current.owner >= 0 { blocks.append(current) }
            current = Block(owner: blockStack.last ?? -1, measure: TextMeasure(), linkWeight: 0)
        }

        var i = 0
        let events = dom.events
        while i < events.count {
            let event = events[i]
            switch event.kind {
            case .open:
                let element = dom.elements[Int(event.index)]
                if removed[Int(event.index)] {
                    i = Int(element.close) + 1
                    continue
                }
                stack.append(event.index)
                if element.flags.contains(.link) { linkDepth += 1 }
                if element.tag.separatesBlocks {
                    flush()
                    blockStack.append(event.index)
                    current.owner = event.index
                }
            case .close:
                let element = dom.elements[Int(event.index)]
                stack.removeLast()
                if element.flags.contains(.link) { linkDepth -= 1 }
                if element.tag.separatesBlocks {
                    flush()
                    blockStack.removeLast()
                    current.owner = blockStack.last ?? -1
                }
            case .text:
                let measure = measures[Int(event.index)]
                current.measure += measure
                if linkDepth > 0 { current.linkWeight += measure.weight }
                if let owner = stack.last {
                    ownWeight[Int(owner)] += measure.weight
                    ownCommas[Int(owner)] += measure.commas
                    if linkDepth > 0 { ownLink[Int(owner)] += measure.weight }
                }
            }
            i += 1
        }
        flush()
        weight = ownWeight
        linkWeight = ownLink
        commas = ownCommas
        for index in stride(from: dom.elements.count - 1, through: 1, by: -1) {
            let parent = Int(dom.elements[index].parent)
            if parent >= 0 && !removed[index] {
                weight[parent] += weight[index]
                linkWeight[parent] += linkWeight[index]
                commas[parent] += commas[index]
            }
        }
    }

    func linkDensity(_ index: Int) -> Float {
        weight[index] > 0 ? Float(linkWeight[index]) / Float(weight[index]) : 0
    }

    // MARK: - Scoring

    private func initialScore(_ index: Int) -> Float {
        let element = dom.elements[index]
        var value: Float
        switch element.tag {
        case .div, .article, .main, .section: value = 5
        case .pre, .td, .blockquote: value = 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: value = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: value = -5
        default: value = 0
        }
        let flags = element.flags
        if flags.contains(.positiveName) { value += 25 }
        if flags.contains(.softName) || flags.contains(.hardName) { value -= 25 }
        if flags.contains(.known) { value += 25 }
        return value
    }

    private mutating func scoreBlocks() {
        for block in blocks where block.measure.weight >= 25 {
            let owner = Int(block.owner)
            var density = Float(block.linkWeight) / Float(block.measure.weight)
            if density > 1 { density = 1 }
            let contentScore =
                (1 + Float(block.measure.commas) + min(Float(block.measure.weight / 100), 3)) * (1 - density)
            if contentScore <= 0 { continue }
            var level = 0
            var element = dom.elements[owner].tag.isContainer ? owner : Int(dom.elements[owner].parent)
            while element >= 0 && level < 5 {
                if !scored[element] {
                    scored[element] = true
                    score[element] = initialScore(element)
                }
                let divider: Float = level == 0 ? 1 : (level == 1 ? 2 : Float(level) * 3)
                score[element] += contentScore / divider
                element = Int(dom.elements[element].parent)
                level += 1
            }
        }
    }

    private func finalScore(_ index: Int) -> Float {
        score[index] * (1 - linkDensity(index))
    }

    private func topCandidate() -> Int32? {
        var best = -1
        var bestScore: Float = 0
        var ranked: [(Int, Float)] = []
        for index in 0..<dom.elements.count where scored[index] && !removed[index] {
            let tag = dom.elements[index].tag
            if tag == .html { continue }
            let value = finalScore(index)
            ranked.append((index, value))
            if value > bestScore {
                bestScore = value
                best = index
            }
        }
        guard best >= 0 else { return nil }
        ranked.sort { $0.1 > $1.1 }
        // A short box that wins on its name's bonus (`intro`, `text`) is not the article when a
        // candidate nearly as good holds many times its text.
        if weight[best] < 250 {
            if let wider = ranked.first(where: { $0.1 >= 0.75 * bestScore && weight[$0.0] >= 5 * weight[best] }) {
                best = wider.0
                bestScore = wider.1
            }
        }
        // Several strong candidates under one ancestor: the ancestor is the article.
        let alternatives = ranked.filter { $0.0 != best }.prefix(5).filter { $0.1 >= 0.75 * bestScore }.map(\.0)
        if alternatives.count >= 3 {
            var parent = Int(dom.elements[best].parent)
            while parent >= 0 && dom.elements[parent].tag != .body {
                let covered = alternatives.filter { isAncestor(parent, of: $0) }.count
                if covered >= 3 {
                    best = parent
                    break
                }
                parent = Int(dom.elements[parent].parent)
            }
        }
        // The box that carries the page's title heading is the article when it nearly wins
        // (a disclaimer or about box in the sidebar can outscore a short post).
        let heading = titleHeading()
        if let heading, !isTitled(best, heading: heading), let titled = ranked.first(where: {
            $0.1 >= 0.6 * bestScore && weight[$0.0] * 3 >= weight[best] && isTitled($0.0, heading: heading)
        }) {
            best = titled.0
            bestScore = titled.1
        }
        // Two strong boxes side by side (a recipe's ingredients and its steps): their nearest
        // common ancestor is the article when it holds little besides them — unless one of
        // them carries the title itself, which makes it the whole article.
        if let other = ranked.first(where: {
            $0.0 != best && $0.1 >= 0.75 * bestScore && weight[$0.0] * 4 >= weight[best]
                && !isAncestor($0.0, of: best) && !isAncestor(best, of: $0.0)
        }), heading.map({ !isAncestor(best, of: $0) && !isAncestor(other.0, of: $0) }) ?? true {
            var common = Int(dom.elements[best].parent)
            while common >= 0 && !isAncestor(common, of: other.0) { common = Int(dom.elements[common].parent) }
            if common >= 0, dom.elements[common].tag != .body, dom.elements[common].tag != .html,
                weight[common] * 2 <= (weight[best] + weight[other.0]) * 3
            {
                best = common
            }
        }
        // Climb while an ancestor scores better.
        var lastScore = finalScore(best)
        let threshold = lastScore / 3
        var parent = Int(dom.elements[best].parent)
        while parent >= 0 && dom.elements[parent].tag != .body && dom.elements[parent].tag != .html {
            if !scored[parent] {
                parent = Int(dom.elements[parent].parent)
                continue
            }
            let parentScore = finalScore(parent)
            if parentScore < threshold { break }
            if parentScore > lastScore {
                best = parent
                break
            }
            lastScore = parentScore
            parent = Int(dom.elements[parent].parent)
        }
        // Inside a known content container (`articleBody`, `entry-content`, `<article>`), the
        // container is the article when it scores at least half as well: a reference list or
        // one long section must not stand for the whole text.
        var ancestor = Int(dom.elements[best].parent)
        while ancestor >= 0 && dom.elements[ancestor].tag != .body && dom.elements[ancestor].tag != .html {
            if dom.elements[ancestor].flags.contains(.known) && !removed[ancestor] {
                if scored[ancestor] && finalScore(ancestor) * 2 >= finalScore(best) { best = ancestor }
                break
            }
            ancestor = Int(dom.elements[ancestor].parent)
        }
        // An only child carries its parent's content.
        while true {
            let parent = Int(dom.elements[best].parent)
            guard parent >= 0, dom.elements[parent].tag != .body, dom.elements[parent].tag != .html,
                weight[parent] == weight[best]
            else { break }
            best = parent
        }
        return Int32(best)
    }

    func isAncestor(_ ancestor: Int, of index: Int) -> Bool {
        let element = dom.elements[ancestor]
        let other = dom.elements[index]
        return element.open < other.open && other.close < element.close
    }

    // MARK: - Siblings

    private func withSiblings(_ top: Int32) -> [Int32] {
        let topIndex = Int(top)
        let parent = Int(dom.elements[topIndex].parent)
        guard parent >= 0 else { return [top] }
        let topScore = finalScore(topIndex)
        let threshold = max(10, topScore * 0.2)
        var result: [Int32] = []
        for child in children(of: parent) {
            let index = Int(child)
            if index == topIndex {
                result.append(child)
                continue
            }
            if removed[index] || weight[index] == 0 { continue }
            var bonus: Float = 0
            let name = dom.elements[index].name
            if name != 0 && name == dom.elements[topIndex].name { bonus += topScore * 0.2 }
            if scored[index] && finalScore(index) + bonus >= threshold {
                result.append(child)
                continue
            }
            let tag = dom.elements[index].tag
            if tag == .p || tag.isHeading || tag == .blockquote || tag == .pre || tag == .ul || tag == .ol
                || tag == .table || tag == .dl
                || (tag.isContainer && !hasBlockChildren(index))
            {
                let density = linkDensity(index)
                let w = weight[index]
                if w > 80 && density < 0.25 {
                    result.append(child)
                } else if w > 0 && w <= 80 && density == 0 && endsSentence(index) {
                    result.append(child)
                }
            }
        }
        return result
    }

    func children(of parent: Int) -> [Int32] {
        var result: [Int32] = []
        let element = dom.elements[parent]
        var i = Int(element.open) + 1
        while i < Int(element.close) {
            let event = dom.events[i]
            if event.kind == .open {
                result.append(event.index)
                i = Int(dom.elements[Int(event.index)].close) + 1
            } else {
                i += 1
            }
        }
        return result
    }

    private func hasBlockChildren(_ index: Int) -> Bool {
        let element = dom.elements[index]
        var i = Int(element.open) + 1
        while i < Int(element.close) {
            let event = dom.events[i]
            if event.kind == .open {
                let child = dom.elements[Int(event.index)]
                if child.tag.isBlock && child.tag != .br { return true }
            }
            i += 1
        }
        return false
    }

    private func endsSentence(_ index: Int) -> Bool {
        let element = dom.elements[index]
        var i = Int(element.close) - 1
        while i > Int(element.open) {
            let event = dom.events[i]
            if event.kind == .text {
                let bytes = dom.bytes(of: dom.texts[Int(event.index)])
                var end = bytes.endIndex
                while end > bytes.startIndex, bytes[end - 1] <= 32 { end -= 1 }
                if end == bytes.startIndex { i -= 1; continue }
                let last = bytes[end - 1]
                if last == 46 || last == 33 || last == 63 { return true }
                if end - bytes.startIndex >= 3 {
                    let a = bytes[end - 3]
                    let b = bytes[end - 2]
                    if a == 0xE3 && b == 0x80 && last == 0x82 { return true }  // 。
                    if a == 0xEF && b == 0xBC && (last == 0x81 || last == 0x9F) { return true }  // ！？
                }
                return false
            }
            i -= 1
        }
        return false
    }

    // MARK: - Paragraphs outside the chosen container

    /// When the chosen container holds less than 70 % of the page's good paragraphs (long, few
    /// links, outside chrome), the others before its end join the content in document order: a
    /// lead, an intro box, a recipe's ingredients, an article split over several containers.
    /// Paragraphs after the content are what sites append (disclaimers, about boxes, teasers of
    /// other stories) and stay out: on the evaluation set they brought 30 leaked snippets for
    /// 12 found.
    private func withStrayParagraphs(_ content: [Int32]) -> [Int32] {
        guard let last = content.last else { return content }
        let end = dom.elements[Int(last)].close
        var total: Int32 = 0
        var inside: Int32 = 0
        var before: [Int32] = []
        for block in blocks where block.measure.weight >= 50 && block.linkWeight * 4 < block.measure.weight {
            total += block.measure.weight
            let owner = Int(block.owner)
            if content.contains(where: { Int($0) == owner || isAncestor(Int($0), of: owner) }) {
                inside += block.measure.weight
            } else if !isRemoved(owner) {
                if dom.elements[owner].open < end { before.append(block.owner) }
            }
        }
        guard total > 0, inside * 10 < total * 7, !before.isEmpty else { return content }
        let roots = (content + before).sorted { dom.elements[Int($0)].open < dom.elements[Int($1)].open }
        var result: [Int32] = []
        for root in roots {
            if let last = result.last, Int(last) == Int(root) || isAncestor(Int(last), of: Int(root)) { continue }
            result.append(root)
        }
        return result
    }

    /// Whether the element or an ancestor was removed.
    private func isRemoved(_ index: Int) -> Bool {
        var current = index
        while current >= 0 {
            if removed[current] { return true }
            current = Int(dom.elements[current].parent)
        }
        return false
    }

    // MARK: - Trailing headings

    /// A short heading with no text after it in the content titles a box that was cut away
    /// (related posts, a comment form, about the author): it is dropped, and so is the heading
    /// before it when that becomes the last text too (at most three).
    private mutating func dropTrailingHeadings(_ content: [Int32]) {
        guard let root = content.last else { return }
        var dropped = 0
        let element = dom.elements[Int(root)]
        var i = Int(element.close) - 1
        let start = Int(element.open)
        while i > start && dropped < 3 {
            let event = dom.events[i]
            if event.kind == .close, removed[Int(event.index)] {
                i = Int(dom.elements[Int(event.index)].open) - 1
                continue
            }
            if event.kind == .text && measures[Int(event.index)].weight > 0 {
                // The innermost heading around this text, if any.
                var owner = -1
                var parent = enclosing(i)
                while parent >= 0 && parent != Int(root) {
                    if dom.elements[parent].tag.isHeading { owner = parent; break }
                    parent = Int(dom.elements[parent].parent)
                }
                // A long heading, or one that reads as a sentence without a link (a pull quote), stays.
                guard owner >= 0, owner != Int(root), weight[owner] <= 160, !endsSentence(owner) || linkWeight[owner] > 0 else {
                    return
                }
                removed[owner] = true
                dropped += 1
                i = Int(dom.elements[owner].open) - 1
                continue
            }
            i -= 1
        }
    }

    /// The element whose subtree directly holds event `position`.
    private func enclosing(_ position: Int) -> Int {
        var i = position - 1
        var depth = 0
        while i >= 0 {
            let event = dom.events[i]
            if event.kind == .close { depth += 1 } else if event.kind == .open {
                if depth == 0 { return Int(event.index) }
                depth -= 1
            }
            i -= 1
        }
        return -1
    }

    // MARK: - Pruning inside the content

    /// The highest-scoring element before widening (never pruned, nor are its ancestors).
    private var bestScored: Int {
        var best = -1
        var bestScore: Float = 0
        for index in 0..<dom.elements.count where scored[index] && !removed[index] && dom.elements[index].tag != .html {
            let value = finalScore(index)
            if value > bestScore { bestScore = value; best = index }
        }
        return best
    }

    private mutating func pruneInside(_ content: [Int32], keeping best: Int) {
        for root in content {
            let element = dom.elements[Int(root)]
            var i = Int(element.open) + 1
            while i < Int(element.close) {
                let event = dom.events[i]
                guard event.kind == .open else {
                    i += 1
                    continue
                }
                let index = Int(event.index)
                if removed[index] {
                    i = Int(dom.elements[index].close) + 1
                    continue
                }
                let protected = best >= 0 && (index == best || isAncestor(index, of: best))
                if !protected && shouldPrune(index) {
                    removed[index] = true
                    i = Int(dom.elements[index].close) + 1
                    continue
                }
                i += 1
            }
        }
    }

    private func shouldPrune(_ index: Int) -> Bool {
        let element = dom.elements[index]
        let w = weight[index]
        if w == 0 { return false }
        if element.flags.contains(.known) { return false }
        let density = linkDensity(index)
        if element.flags.contains(.positiveName) && density < 0.5 { return false }
        switch element.tag {
        case .ul, .ol, .dl, .div, .section, .table, .form, .aside, .nav, .center, .figure, .tbody, .tr, .td:
            if density > 0.5 { return true }
            if density > 0.25 && w < 500 && commas[index] < 3 { return true }
            return false
        case .li, .h1, .h2, .h3, .h4, .h5, .h6, .dd, .dt:
            return density > 0.9 && w < 200 && element.tag != .p
        default:
            return false
        }
    }
}
