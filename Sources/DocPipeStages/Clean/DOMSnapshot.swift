internal import CLibXML2

/// Bit flags the snapshot records per element.
struct ElementFlags: OptionSet, Sendable {
    let rawValue: UInt16
    /// nav, aside, footer, header, menu, head.
    static let chromeTag = ElementFlags(rawValue: 1 << 0)
    /// A hard chrome word in class/id (comment, share, sidebar, related, …).
    static let hardName = ElementFlags(rawValue: 1 << 1)
    /// A soft chrome word last in class/id (header, meta, byline, date, …).
    static let softName = ElementFlags(rawValue: 1 << 2)
    /// A content word last in class/id (article, content, post, …).
    static let positiveName = ElementFlags(rawValue: 1 << 3)
    /// A known content container (article, main, itemprop=articleBody, #zoom, .TRS_Editor, entry-content, …).
    static let known = ElementFlags(rawValue: 1 << 4)
    /// An ARIA role of page chrome (navigation, banner, contentinfo, complementary, search, menu, …).
    static let chromeRole = ElementFlags(rawValue: 1 << 5)
    /// A link.
    static let link = ElementFlags(rawValue: 1 << 6)
    /// Elements cut out of the content (set by the extractor).
    static let removed = ElementFlags(rawValue: 1 << 7)
    /// A `<form>`-like element or one holding form controls.
    static let hasControls = ElementFlags(rawValue: 1 << 8)
    /// Hidden by `hidden`, `aria-hidden=true`, `display:none`, `visibility:hidden` or a hiding class.
    static let hidden = ElementFlags(rawValue: 1 << 9)
    /// A comment-section name (comment, disqus, reply, respond).
    static let commentName = ElementFlags(rawValue: 1 << 10)
}

/// One element of the snapshot.
struct DOMElement: Sendable {
    var tag: HTMLTag
    var flags: ElementFlags
    /// Index of the parent element, or -1.
    var parent: Int32
    /// Index of the open event.
    var open: Int32
    /// Index of the close event.
    var close: Int32
    /// A hash of the lowercased `class` and `id` (0 if none), to compare siblings.
    var name: Int
}

/// One step of the document-order walk: an element opens, a text run, an element closes.
struct DOMEvent: Sendable {
    enum Kind: UInt8 { case open, close, text }
    var kind: Kind
    /// Element index for open/close, text index for text.
    var index: Int32
}

/// A text run: a range of the UTF-8 arena.
struct DOMText: Sendable {
    var start: Int32
    var length: Int32
}

/// A compact, C-free copy of a parsed HTML page: elements, document-order events and text bytes.
///
/// The libxml2 tree is walked once, iteratively (no recursion, so deeply nested pages cannot
/// exhaust the stack); script, style, form controls, comments and hidden elements are dropped on
/// the way; elements deeper than ``maxDepth`` are flattened into their ancestor.
struct DOMSnapshot: Sendable {
    var elements: [DOMElement] = []
    var events: [DOMEvent] = []
    var arena: [UInt8] = []
    var texts: [DOMText] = []
    /// `<meta>` name/property/itemprop (lowercased) and content, in page order.
    var metas: [(key: String, value: String)] = []
    /// The text of the first `<title>`.
    var title: String?
    /// Bodies of `application/ld+json` scripts.
    var jsonLD: [String] = []
    /// `datetime` attributes of `<time>` elements, with the element index.
    var times: [(element: Int32, value: String)] = []

    static let maxDepth = 512
    private static let commentWords = ["comment", "disqus", "repl", "respond"].map { Array($0.utf8) }
    /// Tags by libxml2's interned name pointers (valid while the document lives).
    private var tagCache: [Int: HTMLTag] = [:]
    /// Attribute kinds by interned name pointer.
    private var attributeCache: [Int: AttributeKind] = [:]
    /// DEBUG: names by hash.
    var debugNames: [Int: String] = [:]
    /// Verdicts of class/id tokens.
    private var tokenCache: [Int: ElementNames.Verdict] = [:]
    /// Verdicts of class/id names seen on this page (pages repeat them).
    private var nameCache: [Int: (ElementNames.Verdict, Bool)] = [:]

    /// The bytes of text run `index`.
    @inline(__always)
    func bytes(of text: DOMText) -> ArraySlice<UInt8> {
        arena[Int(text.start)..<Int(text.start + text.length)]
    }

    /// Parses `html` (a decoded page) with libxml2's HTML parser.
    static func parse(_ html: String) -> DOMSnapshot {
        var snapshot = DOMSnapshot()
        var source = html
        source.makeContiguousUTF8()
        var options: Int32 = Int32(HTML_PARSE_RECOVER.rawValue)
        options |= Int32(HTML_PARSE_NOERROR.rawValue)
        options |= Int32(HTML_PARSE_NOWARNING.rawValue)
        options |= Int32(HTML_PARSE_NONET.rawValue)
        options |= Int32(HTML_PARSE_COMPACT.rawValue)
        options |= Int32(XML_PARSE_HUGE.rawValue)
        let filtered: MarkupPrefilter? = source.utf8.withContiguousStorageIfAvailable { MarkupPrefilter($0) }
        guard var filtered, !filtered.bytes.isEmpty, filtered.bytes.count < Int(Int32.max) else { return snapshot }
        snapshot.jsonLD = filtered.jsonLD
        let count = filtered.bytes.count
        let document: htmlDocPtr? = filtered.bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(count), nil, "UTF-8", options)
            }
        }
        guard let document else { return snapshot }
        defer { xmlFreeDoc(document) }
        snapshot.arena.reserveCapacity(count / 3)
        snapshot.walk(document)
        return snapshot
    }

    private mutating func walk(_ document: htmlDocPtr) {
        // Pointer to the document node itself, as an xmlNode, to know when we climbed back to the top.
        let top = UnsafeMutableRawPointer(document)
        var stack: [Int32] = []          // open elements (indices), innermost last
        var descended: [Bool] = []       // per descended libxml2 element: whether it pushed onto `stack`
        var node: xmlNodePtr? = document.pointee.children
        outer: while let current = node {
            var descend = false
            var pushed = false
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                (descend, pushed) = enter(current, stack: &stack, depth: descended.count)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if !stack.isEmpty, let content = current.pointee.content {
                    appendText(content)
                }
            default:
                break
            }
            if descend, let child = current.pointee.children {
                descended.append(pushed)
                node = child
                continue
            }
            if pushed { closeTop(&stack) }
            var climbing = current
            while true {
                if let next = climbing.pointee.next {
                    node = next
                    continue outer
                }
                guard let parent = climbing.pointee.parent, UnsafeMutableRawPointer(parent) != top,
                    let wasPushed = descended.popLast()
                else { break outer }
                if wasPushed { closeTop(&stack) }
                climbing = parent
            }
        }
        while !stack.isEmpty { closeTop(&stack) }
    }

    private mutating func closeTop(_ stack: inout [Int32]) {
        let index = stack.removeLast()
        elements[Int(index)].close = Int32(events.count)
        events.append(DOMEvent(kind: .close, index: index))
    }

    private mutating func appendText(_ content: UnsafePointer<xmlChar>) {
        let length = Int(xmlStrlen(content))
        guard length > 0 else { return }
        let start = arena.count
        arena.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
        texts.append(DOMText(start: Int32(start), length: Int32(length)))
        events.append(DOMEvent(kind: .text, index: Int32(texts.count - 1)))
    }

    /// Handles an element; returns whether to descend into it and whether it was recorded.
    private mutating func enter(_ node: xmlNodePtr, stack: inout [Int32], depth: Int) -> (Bool, Bool) {
        guard let namePointer = node.pointee.name else { return (true, false) }
        let tag: HTMLTag
        if let cached = tagCache[Int(bitPattern: namePointer)] {
            tag = cached
        } else {
            tag = HTMLTag(name: String(cString: namePointer))
            tagCache[Int(bitPattern: namePointer)] = tag
        }
        var attributes = Attributes()
        attributes.read(node, cache: &attributeCache)

        switch tag {
        case .title:
            if title == nil { title = Self.textContent(node) }
            return (false, false)
        case .meta:
            if let content = attributes.content {
                for key in [attributes.nameAttribute, attributes.property, attributes.itemprop] {
                    if let key, !key.isEmpty { metas.append((key.lowercased(), content)) }
                }
            }
            return (false, false)
        case .script:
            if attributes.type?.lowercased().contains("ld+json") == true, let body = Self.textContent(node) {
                jsonLD.append(body)
            }
            return (false, false)
        default:
            break
        }
        if tag.isSkipped { return (false, false) }
        if depth >= DOMSnapshot.maxDepth || stack.isEmpty && tag != .html && !elements.isEmpty {
            // Too deep (or stray content after the root closed): keep the text, flatten the element.
            return (true, false)
        }

        var flags = ElementFlags()
        if tag.isChrome || tag == .head { flags.insert(.chromeTag) }
        if tag == .a { flags.insert(.link) }
        if tag == .article || tag == .main { flags.insert(.known) }
        if tag == .form { flags.insert(.hasControls) }
        if attributes.isHidden { flags.insert(.hidden) }
        var name = 0
        if !attributes.classAndID.isEmpty {
            name = ElementNames.hash(attributes.classAndID[...])
            let verdict: ElementNames.Verdict
            let known: Bool
            if let cached = nameCache[name] {
                (verdict, known) = cached
            } else {
                (verdict, known) = ElementNames.verdict(attributes.classAndID, tokenCache: &tokenCache)
                nameCache[name] = (verdict, known)
                debugNames[name] = String(decoding: attributes.classAndID, as: UTF8.self)
            }
            switch verdict {
            case .hard:
                flags.insert(.hardName)
                for word in Self.commentWords where ElementNames.contains(attributes.classAndID, word) {
                    flags.insert(.commentName)
                    break
                }
            case .soft: flags.insert(.softName)
            case .positive: flags.insert(.positiveName)
            case .neutral, .weakHard: break
            }
            if known { flags.insert(.known) }
        }
        if let role = attributes.role {
            switch role {
            case "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar",
                "dialog", "alertdialog", "tablist":
                flags.insert(.chromeRole)
            case "main", "article":
                flags.insert(.known)
            default: break
            }
        }
        if let itemprop = attributes.itemprop, itemprop == "articleBody" || itemprop == "articlebody"
            || itemprop == "text" || itemprop == "reviewBody"
        {
            flags.insert(.known)
        }
        let index = Int32(elements.count)
        elements.append(
            DOMElement(
                tag: tag, flags: flags, parent: stack.last ?? -1, open: Int32(events.count), close: -1, name: name))
        events.append(DOMEvent(kind: .open, index: index))
        if tag == .time, let value = attributes.datetime { times.append((index, value)) }
        stack.append(index)
        return (true, true)
    }

    /// The concatenated text of a node's text children (for title and scripts).
    private static func textContent(_ node: xmlNodePtr) -> String? {
        var result: [UInt8] = []
        var child = node.pointee.children
        while let current = child {
            if let content = current.pointee.content,
                current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE
            {
                let length = Int(xmlStrlen(content))
                result.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
            }
            child = current.pointee.next
        }
        return result.isEmpty ? nil : String(decoding: result, as: UTF8.self)
    }
}

/// The attributes the extractor reads.
enum AttributeKind: String {
    case other
    case `class`, content, id, itemprop, style, hidden, ariaHidden = "aria-hidden", role, name, property, type
    case datetime
}

/// The attributes of one element that the extractor reads.
private struct Attributes {
    var classAndID: [UInt8] = []
    var isHidden = false
    var role: String?
    var itemprop: String?
    var content: String?
    var nameAttribute: String?
    var property: String?
    var type: String?
    var datetime: String?

    mutating func read(_ node: xmlNodePtr, cache: inout [Int: AttributeKind]) {
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let namePointer = current.pointee.name else { continue }
            let kind: AttributeKind
            if let cached = cache[Int(bitPattern: namePointer)] {
                kind = cached
            } else {
                kind = AttributeKind(rawValue: String(cString: namePointer)) ?? .other
                cache[Int(bitPattern: namePointer)] = kind
            }
            if kind == .other { continue }
            let value = Self.value(current)
            switch kind {
            case .other:
                break
            case .class:
                appendName(value)
                if let value { checkHiddenClass(value) }
            case .content:
                if let value { content = String(decoding: value, as: UTF8.self) }
            case .id:
                appendName(value)
            case .itemprop:
                if let value { itemprop = String(decoding: value, as: UTF8.self) }
            case .style:
                if let value { checkHiddenStyle(value) }
            case .hidden:
                isHidden = true
            case .ariaHidden:
                if let value, value == Array("true".utf8) { isHidden = true }
            case .role:
                if let value { role = String(decoding: value, as: UTF8.self).lowercased() }
            case .name:
                if let value { nameAttribute = String(decoding: value, as: UTF8.self) }
            case .property:
                if let value { property = String(decoding: value, as: UTF8.self) }
            case .type:
                if let value { type = String(decoding: value, as: UTF8.self) }
            case .datetime:
                if let value { datetime = String(decoding: value, as: UTF8.self) }
            }
        }
    }

    private static func value(_ attribute: xmlAttrPtr) -> [UInt8]? {
        guard let child = attribute.pointee.children, let content = child.pointee.content else { return nil }
        let length = Int(xmlStrlen(content))
        return Array(UnsafeBufferPointer(start: content, count: length))
    }

    private mutating func appendName(_ value: [UInt8]?) {
        guard let value, !value.isEmpty else { return }
        if !classAndID.isEmpty { classAndID.append(32) }
        for byte in value { classAndID.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
    }

    private mutating func checkHiddenClass(_ value: [UInt8]) {
        // Cheap gate: every hidden class name contains "hid", "sr-", "scr" or "invis".
        guard ElementNames.contains(value, Self.hid) || ElementNames.contains(value, Self.srDash)
            || ElementNames.contains(value, Self.scr) || ElementNames.contains(value, Self.invis)
        else { return }
        for word in value.split(separator: 32) {
            let lower = word.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            if Self.hiddenClasses.contains(lower) { isHidden = true }
        }
    }

    private static let hid = Array("hid".utf8)
    private static let srDash = Array("sr-".utf8)
    private static let scr = Array("scr".utf8)
    private static let invis = Array("invis".utf8)
    private static let hiddenClasses: Set<[UInt8]> = Set([
        "hidden", "hide", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
        "element-invisible", "is-hidden", "u-hidden", "hiddentext",
    ].map { Array($0.utf8) })

    private mutating func checkHiddenStyle(_ value: [UInt8]) {
        var compact: [UInt8] = []
        compact.reserveCapacity(value.count)
        for byte in value where byte != 32 && byte != 9 && byte != 10 && byte != 13 {
            compact.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
        }
        if ElementNames.contains(compact, Self.displayNone) || ElementNames.contains(compact, Self.visibilityHidden) {
            isHidden = true
        }
    }

    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)
}
