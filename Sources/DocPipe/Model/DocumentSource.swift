/// Where a document came from and how its bytes were decoded (`source` in the JSON form).
public struct DocumentSource: Sendable, Equatable {
    /// The URI as requested: an RFC 8089 `file:` URL for a local file, the URL for the web.
    public var uri: String
    /// The URI after redirects.
    public var finalURI: String?
    /// When it was fetched (`YYYY-MM-DDTHH:MM:SSZ`).
    public var fetchedAt: String?
    /// The HTTP status, for the web.
    public var status: Int?
    /// The media type, e.g. `text/html`.
    public var mediaType: String?
    /// The encoding used to decode the bytes, e.g. `gb18030`.
    public var charset: String?
    /// The charset label found in the header or the page, e.g. `gb2312`.
    public var declaredCharset: String?
    /// How the charset was chosen: `bom`, `header`, `meta`, `utf8` or `fallback`.
    public var charsetSource: String?
    /// The number of bytes fetched.
    public var bytes: Int?
    /// The lowercase hex SHA-256 of the bytes fetched.
    public var sha256: String?
    /// Members of `source` this version does not know, kept for round trips.
    public var extra: JSONObject

    public init(
        uri: String,
        finalURI: String? = nil,
        fetchedAt: String? = nil,
        status: Int? = nil,
        mediaType: String? = nil,
        charset: String? = nil,
        declaredCharset: String? = nil,
        charsetSource: String? = nil,
        bytes: Int? = nil,
        sha256: String? = nil,
        extra: JSONObject = JSONObject()
    ) {
        self.uri = uri
        self.finalURI = finalURI
        self.fetchedAt = fetchedAt
        self.status = status
        self.mediaType = mediaType
        self.charset = charset
        self.declaredCharset = declaredCharset
        self.charsetSource = charsetSource
        self.bytes = bytes
        self.sha256 = sha256
        self.extra = extra
    }
}
