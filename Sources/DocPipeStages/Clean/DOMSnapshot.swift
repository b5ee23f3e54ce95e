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
    /// A consent or cookie dialog's name (cookie, consent, gdpr, dsgvo).
    static let dialogName = ElementFlags(rawValue: 1 << 11)
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
/// Built from libxml2's HTML parser in SAX mode (no libxml2 tree is allocated; the parser's
/// implied and auto-closed elements arrive as start/end events); script, style, form controls and
/// comments are dropped on the way; elements deeper than ``maxDepth`` are flattened into their
/// ancestor, so deeply nested pages cost no recursion anywhere.
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

    /// The bytes of text run `index`.
    @inline(__always)
    func bytes(of text: DOMText) -> ArraySlice<UInt8> {
        arena[Int(text.start)..<Int(text.start + text.length)]
    }

    /// Parses `html` (a decoded page) with libxml2's HTML parser.
    /// - Parameter compact: cut what the builder never reads before parsing (``MarkupCompactor``);
    ///   the snapshot is the same either way (tests compare both).
    static func parse(_ html: String, compact: Bool = true) -> DOMSnapshot {
        var source = html
        source.makeContiguousUTF8()
        let filtered: MarkupPrefilter? = source.utf8.withContiguousStorageIfAvailable { MarkupPrefilter($0) }
        guard var filtered, !filtered.bytes.isEmpty, filtered.bytes.count < Int(Int32.max) else { return DOMSnapshot() }
        if compact { MarkupCompactor.compact(&filtered.bytes) }
        var builder = SAXTreeBuilder()
        builder.snapshot.jsonLD = filtered.jsonLD
        builder.snapshot.arena.reserveCapacity(filtered.bytes.count / 3)
        filtered.bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                SAXTreeBuilder.build(chars.baseAddress!, count: Int32(chars.count), into: &builder)
            }
        }
        builder.finish()
        return builder.snapshot
    }
}
