/// Chooses the encoding of fetched bytes and decodes them.
///
/// Order: byte order mark, then the HTTP `Content-Type` charset, then `<meta charset>` or
/// `http-equiv` in the head (unless it names a legacy charset and the bytes are valid
/// UTF-8 with non-ASCII content: then UTF-8, source `utf8`, the label kept as declared), then
/// strict UTF-8, then GB18030. Labels gb2312, gbk,
/// x-gbk and cp936 decode as GB18030 (as the WHATWG encoding standard does: a strict GB2312
/// decoder turns "——" into "――"). Invalid bytes never lose the document: they become U+FFFD
/// and are counted.
public enum CharsetDetector {
    /// Decodes `bytes`, given the charset parameter of an HTTP `Content-Type` header if any.
    public static func decode(_ bytes: [UInt8], headerCharset: String? = nil) -> DecodedText {
        if let (charset, bomLength) = byteOrderMark(bytes) {
            let (text, errors) = decode(bytes[bomLength...], as: charset)
            return DecodedText(text: text, charset: charset, declaredCharset: nil, charsetSource: "bom", errors: errors)
        }
        if let label = headerCharset.map(normalizeLabel), !label.isEmpty, let charset = canonicalName(label) {
            return decodeDeclared(bytes, label: label, charset: charset, source: "header")
        }
        if let label = metaCharset(bytes), let charset = canonicalName(label) {
            // A legacy charset in a <meta> over bytes that are valid UTF-8 with non-ASCII content is a
            // common misconfiguration (the page was re-saved as UTF-8): GBK and the single-byte
            // encodings are essentially never valid multi-byte UTF-8, so the bytes win.
            if charset != "utf-8", bytes.contains(where: { $0 >= 0x80 }),
                let text = String(validating: bytes, as: UTF8.self)
            {
                return DecodedText(text: text, charset: "utf-8", declaredCharset: label, charsetSource: "utf8", errors: 0)
            }
            return decodeDeclared(bytes, label: label, charset: charset, source: "meta")
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, charset: "utf-8", declaredCharset: nil, charsetSource: "utf8", errors: 0)
        }
        let (text, errors) = decode(bytes[...], as: "gb18030")
        return DecodedText(text: text, charset: "gb18030", declaredCharset: nil, charsetSource: "fallback", errors: errors)
    }

    /// Decodes `bytes` as `charset` (a name or label), replacing invalid bytes with U+FFFD.
    public static func decode(_ bytes: ArraySlice<UInt8>, as charset: String) -> (text: String, errors: Int) {
        let name = canonicalName(normalizeLabel(charset)) ?? "utf-8"
        switch name {
        case "utf-8":
            if let text = bytes.withUnsafeBufferPointer({ String(validating: $0, as: UTF8.self) }) { return (text, 0) }
            let text = String(decoding: bytes, as: UTF8.self)
            return (text, text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) })
        case "windows-1252" where bytes.allSatisfy({ $0 < 0x80 }):
            return (String(decoding: bytes, as: UTF8.self), 0)
        default:
            return IconvDecoder.decode(bytes, from: iconvName(for: name))
        }
    }

    /// A declared charset is honoured, except that a page declared UTF-8 whose bytes are not
    /// UTF-8 but are clean GB18030 (a common misconfiguration) decodes as GB18030.
    private static func decodeDeclared(_ bytes: [UInt8], label: String, charset: String, source: String) -> DecodedText {
        let (text, errors) = decode(bytes[...], as: charset)
        if errors > 0, charset == "utf-8" {
            let (fallbackText, fallbackErrors) = decode(bytes[...], as: "gb18030")
            if fallbackErrors == 0 {
                return DecodedText(text: fallbackText, charset: "gb18030", declaredCharset: label, charsetSource: "fallback", errors: 0)
            }
        }
        return DecodedText(text: text, charset: charset, declaredCharset: label, charsetSource: source, errors: errors)
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> (String, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        return nil
    }

    /// A label lowercased, trimmed of spaces and quotes.
    static func normalizeLabel(_ label: String) -> String {
        label.lowercased().trimmingCharacters(where: { $0 == " " || $0 == "\"" || $0 == "'" || $0 == "\t" })
    }

    /// The canonical encoding for a label, or `nil` if it is unknown.
    public static func canonicalName(_ label: String) -> String? {
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": "utf-8"
        case "gb2312", "gbk", "x-gbk", "cp936", "gb18030", "gb_2312-80", "csgb2312", "chinese", "euc-cn", "iso-ir-58",
            "ms936", "windows-936":
            "gb18030"
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5": "big5"
        case "utf-16le", "utf-16": "utf-16le"
        case "utf-16be": "utf-16be"
        case "iso-8859-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252", "iso8859-1", "iso_8859-1":
            "windows-1252"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "ms932": "shift_jis"
        case "euc-jp", "x-euc-jp": "euc-jp"
        case "iso-2022-jp": "iso-2022-jp"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949": "euc-kr"
        case "koi8-r", "koi8-u", "windows-1251", "cp1251", "windows-1250", "windows-1253", "windows-1254",
            "windows-1255", "windows-1256", "windows-1257", "windows-1258", "iso-8859-2", "iso-8859-5", "iso-8859-7",
            "iso-8859-9", "iso-8859-15", "tis-620", "windows-874":
            label
        default: nil
        }
    }

    static func iconvName(for charset: String) -> String {
        switch charset {
        case "gb18030": "GB18030"
        case "big5": "BIG5-HKSCS"
        case "utf-16le": "UTF-16LE"
        case "utf-16be": "UTF-16BE"
        case "windows-1252": "WINDOWS-1252"
        case "shift_jis": "CP932"
        case "euc-kr": "CP949"
        default: charset.uppercased()
        }
    }

    /// The charset named by a `<meta charset>` or `<meta http-equiv content="…; charset=…">`
    /// in the head: the first 1024 bytes (HTML's prescan), or up to `</head>` or `<body` within
    /// the first 16 KiB (real pages put it after long scripts and styles).
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        func lowercased(_ prefix: ArraySlice<UInt8>) -> [UInt8] { prefix.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 } }
        if let found = metaCharset(inLowercased: lowercased(bytes.prefix(1024))) { return found }
        guard bytes.count > 1024 else { return nil }
        var head = lowercased(bytes.prefix(16 * 1024))
        let headEnd = [find(Array("</head".utf8), in: head, from: 0), find(Array("<body".utf8), in: head, from: 0)]
            .compactMap { $0 }.min()
        let end = max(1024, headEnd ?? head.count)
        if end < head.count { head.removeSubrange(end...) }
        return metaCharset(inLowercased: head)
    }

    private static func metaCharset(inLowercased head: [UInt8]) -> String? {
        var index = 0
        while let start = find(Array("<meta".utf8), in: head, from: index) {
            let end = head[start...].firstIndex(of: UInt8(ascii: ">")) ?? head.count
            let tag = Array(head[start..<end])
            if let position = find(Array("charset".utf8), in: tag, from: 0) {
                var cursor = position + 7
                while cursor < tag.count, tag[cursor] == 0x20 || tag[cursor] == 0x09 { cursor += 1 }
                if cursor < tag.count, tag[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < tag.count, [0x20, 0x09, 0x22, 0x27].contains(tag[cursor]) { cursor += 1 }
                    var value: [UInt8] = []
                    while cursor < tag.count, isLabelByte(tag[cursor]) {
                        value.append(tag[cursor])
                        cursor += 1
                    }
                    if !value.isEmpty { return String(decoding: value, as: UTF8.self) }
                }
            }
            index = end
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
            UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default: false
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(where predicate: (Character) -> Bool) -> String {
        var slice = Substring(self)
        while let first = slice.first, predicate(first) { slice.removeFirst() }
        while let last = slice.last, predicate(last) { slice.removeLast() }
        return String(slice)
    }
}
