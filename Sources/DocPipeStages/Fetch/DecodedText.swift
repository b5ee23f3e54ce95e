/// Text decoded from fetched bytes, and how the encoding was chosen.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    /// The encoding used, as a WHATWG-style name (`utf-8`, `gb18030`, `big5`, …).
    public var charset: String
    /// The label found in the header or the page, as written (lowercased), if any.
    public var declaredCharset: String?
    /// `bom`, `header`, `meta`, `utf8` or `fallback`.
    public var charsetSource: String
    /// Bytes that could not be decoded and became U+FFFD.
    public var errors: Int

    public init(text: String, charset: String, declaredCharset: String?, charsetSource: String, errors: Int) {
        self.text = text
        self.charset = charset
        self.declaredCharset = declaredCharset
        self.charsetSource = charsetSource
        self.errors = errors
    }
}
