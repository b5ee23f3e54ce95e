internal import CLibXML2

/// Receives libxml2's HTML SAX events and builds a ``DOMSnapshot``.
///
/// Lives only for one parse, on one thread; libxml2 calls back with a pointer to the builder as
/// `userData` (a struct behind a pointer: no dynamic exclusivity checks on the hot path).
struct SAXTreeBuilder {
    var snapshot = DOMSnapshot()
    private var stack: [Int32] = []
    /// Per started libxml2 element: whether it was recorded (pushed onto `stack`).
    private var recorded: [Bool] = []
    /// Nesting inside an element whose content is ignored (script, meta, title, …).
    private var skipDepth = 0
    private var capturingTitle = false
    private var titleBytes: [UInt8] = []
    /// Caches by libxml2's interned name pointers (the parser's dictionary gives one pointer per name).
    private var tagCache = IntKeyTable<HTMLTag>(filler: .other)
    private var attributeCache = IntKeyTable<AttributeKind>(filler: .other)
    private var tokenCache = ElementNames.TokenCache(filler: .neutral, capacity: 256)
    /// Verdicts by the hash of the whole class/id name.
    private var nameCache = IntKeyTable<(ElementNames.Verdict, Bool)>(filler: (.neutral, false), capacity: 256)
    private static let commentWords = ["comment", "disqus", "repl", "respond"].map { Array($0.utf8) }
    private static let dialogWords = ["cookie", "consent", "gdpr", "dsgvo"].map { Array($0.utf8) }

    /// libxml2 must be initialized once before threads use it: `xmlInitParser` is not reentrant,
    /// and two first parses racing on their own both lazily create the library's global mutexes
    /// and can deadlock. A static `let` runs its initializer exactly once, thread-safely.
    private static let libraryInitialized: Void = xmlInitParser()

    /// Parses `count` UTF-8 bytes at `buffer`.
    static func build(_ buffer: UnsafeMutablePointer<CChar>, count: Int32, into builder: inout SAXTreeBuilder) {
        withUnsafeMutablePointer(to: &builder) { pointer in run(buffer, count: count, builder: pointer) }
    }

    private static func run(_ buffer: UnsafeMutablePointer<CChar>, count: Int32, builder: UnsafeMutablePointer<SAXTreeBuilder>) {
        _ = libraryInitialized
        guard let context = htmlCreateMemoryParserCtxt(buffer, count) else { return }
        var options: Int32 = Int32(HTML_PARSE_RECOVER.rawValue)
        options |= Int32(HTML_PARSE_NOERROR.rawValue)
        options |= Int32(HTML_PARSE_NOWARNING.rawValue)
        options |= Int32(HTML_PARSE_NONET.rawValue)
        options |= Int32(HTML_PARSE_IGNORE_ENC.rawValue)
        options |= Int32(XML_PARSE_HUGE.rawValue)
        htmlCtxtUseOptions(context, options)
        // The text is already decoded: UTF-8, whatever the page's <meta charset> says.
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)

        var handler = htmlSAXHandler()
        handler.startElement = { user, name, attributes in
            guard let user, let name else { return }
            user.assumingMemoryBound(to: SAXTreeBuilder.self).pointee.start(name, attributes)
        }
        handler.endElement = { user, _ in
            guard let user else { return }
            user.assumingMemoryBound(to: SAXTreeBuilder.self).pointee.end()
        }
        handler.characters = { user, characters, length in
            guard let user, let characters, length > 0 else { return }
            user.assumingMemoryBound(to: SAXTreeBuilder.self).pointee.text(characters, Int(length))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        let saxPointer = UnsafeMutablePointer<htmlSAXHandler>.allocate(capacity: 1)
        saxPointer.initialize(to: handler)
        let original = context.pointee.sax
        context.pointee.sax = saxPointer
        context.pointee.userData = UnsafeMutableRawPointer(builder)
        htmlParseDocument(context)
        context.pointee.sax = original
        saxPointer.deallocate()
        if let document = context.pointee.myDoc {
            xmlFreeDoc(document)
            context.pointee.myDoc = nil
        }
        htmlFreeParserCtxt(context)
    }

    /// Closes what the parser left open.
    mutating func finish() {
        recorded.removeAll()
        while !stack.isEmpty { closeTop() }
        if snapshot.title == nil && !titleBytes.isEmpty { snapshot.title = String(decoding: titleBytes, as: UTF8.self) }
    }

    private mutating func closeTop() {
        let index = stack.removeLast()
        snapshot.elements[Int(index)].close = Int32(snapshot.events.count)
        snapshot.events.append(DOMEvent(kind: .close, index: index))
    }

    private mutating func end() {
        if skipDepth > 0 {
            skipDepth -= 1
            if skipDepth == 0 && capturingTitle {
                capturingTitle = false
                if snapshot.title == nil { snapshot.title = String(decoding: titleBytes, as: UTF8.self) }
            }
            return
        }
        guard let wasRecorded = recorded.popLast() else { return }
        if wasRecorded {
            // <html> and <body> stay open to the end: libxml2 sometimes closes them early and then
            // reports the rest of the page, which belongs in the body.
            if let top = stack.last, snapshot.elements[Int(top)].tag == .body || snapshot.elements[Int(top)].tag == .html {
                return
            }
            closeTop()
        }
    }

    private mutating func text(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
        if capturingTitle {
            titleBytes.append(contentsOf: UnsafeBufferPointer(start: characters, count: length))
            return
        }
        guard skipDepth == 0, !stack.isEmpty else { return }
        let start = snapshot.arena.count
        snapshot.arena.append(contentsOf: UnsafeBufferPointer(start: characters, count: length))
        snapshot.texts.append(DOMText(start: Int32(start), length: Int32(length)))
        snapshot.events.append(DOMEvent(kind: .text, index: Int32(snapshot.texts.count - 1)))
    }

    private mutating func start(_ namePointer: UnsafePointer<xmlChar>, _ list: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        let tag: HTMLTag
        let key = UInt64(UInt(bitPattern: namePointer))
        if let cached = tagCache.value(for: key) {
            tag = cached
        } else {
            tag = HTMLTag(name: String(cString: namePointer))
            tagCache.set(tag, for: key)
        }
        switch tag {
        case .title:
            if snapshot.title == nil && titleBytes.isEmpty { capturingTitle = true }
            skipDepth = 1
            return
        case .meta:
            var attributes = Attributes()
            attributes.read(list, cache: &attributeCache)
            if let content = attributes.content {
                for key in [attributes.nameAttribute, attributes.property, attributes.itemprop] {
                    if let key, !key.isEmpty { snapshot.metas.append((key.lowercased(), content)) }
                }
            }
            skipDepth = 1
            return
        default:
            break
        }
        if tag.isSkipped {
            skipDepth = 1
            return
        }
        if recorded.count >= DOMSnapshot.maxDepth || (stack.isEmpty && tag != .html && !snapshot.elements.isEmpty) {
            // Too deep (or stray content after the root closed): keep the text, flatten the element.
            recorded.append(false)
            return
        }
        var attributes = Attributes()
        attributes.read(list, cache: &attributeCache)

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
            let nameKey = UInt64(UInt(bitPattern: name))
            if let cached = nameCache.value(for: nameKey) {
                (verdict, known) = cached
            } else {
                (verdict, known) = ElementNames.verdict(attributes.classAndID, tokenCache: &tokenCache)
                nameCache.set((verdict, known), for: nameKey)
            }
            switch verdict {
            case .hard:
                flags.insert(.hardName)
                let classAndID = attributes.classAndID
                if Self.commentWords.contains(where: { ElementNames.contains(classAndID, $0) }) { flags.insert(.commentName) }
                if Self.dialogWords.contains(where: { ElementNames.contains(classAndID, $0) }) { flags.insert(.dialogName) }
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
        let index = Int32(snapshot.elements.count)
        snapshot.elements.append(
            DOMElement(
                tag: tag, flags: flags, parent: stack.last ?? -1, open: Int32(snapshot.events.count), close: -1,
                name: name))
        snapshot.events.append(DOMEvent(kind: .open, index: index))
        if tag == .time, let value = attributes.datetime { snapshot.times.append((index, value)) }
        stack.append(index)
        recorded.append(true)
    }
}

/// The attributes the extractor reads (``MarkupCompactor`` keeps exactly these, cuts the others).
enum AttributeKind: String, CaseIterable {
    case other
    case `class`, content, id, itemprop, style, hidden, ariaHidden = "aria-hidden", role, name, property, type
    case datetime
}

/// The attributes of one element that the extractor reads.
struct Attributes {
    var classAndID: [UInt8] = []
    var isHidden = false
    var role: String?
    var itemprop: String?
    var content: String?
    var nameAttribute: String?
    var property: String?
    var type: String?
    var datetime: String?

    /// Reads a SAX attribute list: name, value, name, value, …, NULL.
    mutating func read(_ list: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, cache: inout IntKeyTable<AttributeKind>) {
        guard let list else { return }
        var i = 0
        while let namePointer = list[i] {
            let valuePointer = list[i + 1]
            i += 2
            let key = UInt64(UInt(bitPattern: namePointer))
            let kind: AttributeKind
            if let cached = cache.value(for: key) {
                kind = cached
            } else {
                kind = AttributeKind(rawValue: String(cString: namePointer)) ?? .other
                cache.set(kind, for: key)
            }
            if kind == .other { continue }
            if kind == .hidden {
                isHidden = true
                continue
            }
            guard let valuePointer else { continue }
            let value = UnsafeBufferPointer(start: valuePointer, count: Int(xmlStrlen(valuePointer)))
            switch kind {
            case .other, .hidden:
                break
            case .class:
                appendName(value)
                checkHiddenClass(value)
            case .id:
                appendName(value)
            case .content:
                content = String(decoding: value, as: UTF8.self)
            case .itemprop:
                itemprop = String(decoding: value, as: UTF8.self)
            case .style:
                checkHiddenStyle(value)
            case .ariaHidden:
                if value.elementsEqual("true".utf8) { isHidden = true }
            case .role:
                role = String(decoding: value, as: UTF8.self).lowercased()
            case .name:
                nameAttribute = String(decoding: value, as: UTF8.self)
            case .property:
                property = String(decoding: value, as: UTF8.self)
            case .type:
                type = String(decoding: value, as: UTF8.self)
            case .datetime:
                datetime = String(decoding: value, as: UTF8.self)
            }
        }
    }

    private mutating func appendName(_ value: UnsafeBufferPointer<UInt8>) {
        guard !value.isEmpty else { return }
        if !classAndID.isEmpty { classAndID.append(32) }
        for byte in value { classAndID.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
    }

    private mutating func checkHiddenClass(_ value: UnsafeBufferPointer<UInt8>) {
        guard Self.mayNameHiddenClass(value) else { return }
        for word in Array(value).split(separator: 32) {
            let lower = word.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            if Self.hiddenClasses.contains(lower) { isHidden = true }
        }
    }

    private mutating func checkHiddenStyle(_ value: UnsafeBufferPointer<UInt8>) {
        var compact: [UInt8] = []
        compact.reserveCapacity(value.count)
        for byte in value where byte != 32 && byte != 9 && byte != 10 && byte != 13 {
            compact.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
        }
        if ElementNames.contains(compact, Self.displayNone) || ElementNames.contains(compact, Self.visibilityHidden) {
            isHidden = true
        }
    }

    /// Cheap gate, one pass without allocating: every hidden class name contains "hid", "sr-",
    /// "scr" or "invis" (in any case).
    private static func mayNameHiddenClass(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = value.count
        var index = 0
        while index + 2 < count {
            let first = value[index] | 0x20
            let second = value[index + 1] | 0x20
            switch first {
            case 0x68:  // h
                if second == 0x69, value[index + 2] | 0x20 == 0x64 { return true }  // hid
            case 0x73:  // s
                if second == 0x72, value[index + 2] == 0x2D { return true }  // sr-
                if second == 0x63, value[index + 2] | 0x20 == 0x72 { return true }  // scr
            case 0x69:  // i
                if index + 4 < count, second == 0x6E, value[index + 2] | 0x20 == 0x76, value[index + 3] | 0x20 == 0x69,
                    value[index + 4] | 0x20 == 0x73
                {
                    return true  // invis
                }
            default:
                break
            }
            index += 1
        }
        return false
    }
    private static let displayNone = Array("display:none".utf8)
    private static let visibilityHidden = Array("visibility:hidden".utf8)
    private static let hiddenClasses: Set<[UInt8]> = Set([
        "hidden", "hide", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
        "element-invisible", "is-hidden", "u-hidden", "hiddentext",
    ].map { Array($0.utf8) })
}
