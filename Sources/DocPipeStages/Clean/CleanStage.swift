public import DocPipe

/// The `clean` stage: main text out of an HTML page or a plain-text document, with its title and
/// metadata.
///
/// For HTML (parsed with libxml2) it removes scripts, styles, navigation, headers, footers, forms,
/// share bars, related-link lists, comments and hidden elements, chooses the content block by
/// evidence (text and link density, paragraph structure, punctuation, known containers), and
/// writes one paragraph per line. Plain text gets the same chrome rules line by line. The title
/// goes into ``Document/title``; `metadata` gets, where found and in this order, `site`,
/// `published`, `source`, `author`, `doc_number`, `addressee`, `issuer`, `signed`,
/// `attachments`, `spam_injection`. Text is normalized (never NFKC).
///
/// ```yaml
/// - use: clean
///   with: { mode: auto, min_chars: 200, footer_markers: ["本站声明"] }
/// ```
public struct CleanStage: TransformStage {
    public static let name = "clean"
    public static let summary = "Main text, title and metadata out of HTML pages and plain text."
    public static let version = "1.0.0"
    public static let options: [OptionSpec] = [
        OptionSpec("mode", .choice(["auto", "html", "text"]), default: "auto",
                   doc: "Input kind: auto (by media type, then by sniffing), html or text."),
        OptionSpec("boilerplate", .list(.string), default: .array([]),
                   doc: "Extra boilerplate: a line of at most 200 characters containing one of these strings is dropped."),
        OptionSpec("footer_markers", .list(.string), default: .array([]),
                   doc: "Extra footer markers: from a late line containing one, the rest of the text is cut."),
        OptionSpec("min_chars", .int(min: 0), default: 1,
                   doc: "Documents whose cleaned text has fewer characters are rejected with the reason."),
        OptionSpec("keep_tables", .bool, default: true,
                   doc: "Keep table text (cells of a row joined by a tab); false drops tables inside the content."),
        OptionSpec("metadata", .bool, default: true,
                   doc: "Extract metadata (site, published, source, official-document elements)."),
    ]

    /// How the input is read.
    public enum Mode: String, Sendable {
        case auto, html, text
    }

    public let mode: Mode
    public let minChars: Int
    public let keepTables: Bool
    public let extractMetadata: Bool
    let chrome: ChromeRules

    /// A stage with these settings (the defaults are the option defaults).
    public init(
        mode: Mode = .auto, boilerplate: [String] = [], footerMarkers: [String] = [], minChars: Int = 1,
        keepTables: Bool = true, metadata: Bool = true
    ) {
        self.mode = mode
        self.minChars = minChars
        self.keepTables = keepTables
        self.extractMetadata = metadata
        self.chrome = ChromeRules(boilerplate: boilerplate.filter { !$0.isEmpty }, footerMarkers: footerMarkers.filter { !$0.isEmpty })
    }

    public init(options: StageOptions, context: StageSetup) throws {
        let modeName = options.string("mode") ?? "auto"
        guard let mode = Mode(rawValue: modeName) else {
            throw options.invalid("mode", "mode must be auto, html or text")
        }
        self.init(
            mode: mode, boilerplate: options.strings("boilerplate"), footerMarkers: options.strings("footer_markers"),
            minChars: options.int("min_chars") ?? 1, keepTables: options.bool("keep_tables") ?? true,
            metadata: options.bool("metadata") ?? true)
    }

    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        [try clean(document)]
    }

    /// Cleans one document: `text` becomes the main text, `title` and `metadata` are filled.
    /// - Throws: ``CleanError`` when the input is binary or the result is shorter than `min_chars`.
    public func clean(_ document: Document) throws -> Document {
        let input = document.text
        if InputSniffer.looksBinary(input) { throw CleanError(code: .binary) }
        if input.utf8.count >= Int(Int32.max) { throw CleanError(code: .tooLarge(bytes: input.utf8.count)) }
        let result: CleanResult
        if resolvedMode(for: document) == .html {
            var cleaner = HTMLCleaner()
            cleaner.keepTables = keepTables
            cleaner.collectMetadata = extractMetadata
            cleaner.chrome = chrome
            result = cleaner.clean(input)
        } else {
            var cleaner = PlainTextCleaner()
            cleaner.collectMetadata = extractMetadata
            cleaner.chrome = chrome
            result = cleaner.clean(input)
        }
        let text = result.lines.joined(separator: "\n")
        let count = text.scalarCount
        if count < minChars { throw CleanError(code: .tooShort(count: count, minimum: minChars)) }
        var output = document
        output.text = text
        if let title = result.title, !title.isEmpty { output.title = title }
        for (key, value) in result.metadata {
            switch value {
            case .string(let string): output.metadata[key] = .string(string)
            case .list(let list): output.metadata[key] = .array(list.map { .string($0) })
            }
        }
        return output
    }

    /// The mode used for `document`: the option, or by media type, or by sniffing the text.
    func resolvedMode(for document: Document) -> Mode {
        if mode != .auto { return mode }
        if let type = document.source.mediaType?.lowercased() {
            if type.contains("html") || type.contains("xml") { return .html }
            if type.hasPrefix("text/") { return .text }
        }
        return InputSniffer.looksLikeHTML(document.text) ? .html : .text
    }
}
