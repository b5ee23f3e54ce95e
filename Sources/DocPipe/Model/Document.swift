/// The value that flows through every stage.
///
/// Its JSON form (``Document/json``, `docpipe/1`) is the wire format of exec stages and bundles.
/// Offsets in ``segments`` and ``labels`` are Unicode code point offsets into ``text``, end
/// exclusive. Raw fetched bytes travel in ``raw`` but are not part of the JSON form.
public struct Document: Sendable, Equatable {
    /// Stable id: by default the first 16 hex digits of the SHA-256 of `source.uri`.
    public var id: String
    /// Where the document came from and how it was decoded.
    public var source: DocumentSource
    /// The cleaned title (not part of ``text``).
    public var title: String?
    /// The current text: the decoded content after fetch, the body after clean.
    public var text: String
    /// Free-form metadata (site, published, doc_number, …), in insertion order.
    public var metadata: JSONObject
    /// Sections, paragraphs, sentences and clauses over ``text``.
    public var segments: [Segment]
    /// Theme labels with evidence.
    public var labels: [Label]
    /// One entry per stage that touched the document.
    public var lineage: [LineageEntry]
    /// The bytes as fetched, for archiving and replay; not in the JSON form.
    public var raw: [UInt8]?

    public init(
        id: String,
        source: DocumentSource,
        title: String? = nil,
        text: String = "",
        metadata: JSONObject = JSONObject(),
        segments: [Segment] = [],
        labels: [Label] = [],
        lineage: [LineageEntry] = [],
        raw: [UInt8]? = nil
    ) {
        self.id = id
        self.source = source
        self.title = title
        self.text = text
        self.metadata = metadata
        self.segments = segments
        self.labels = labels
        self.lineage = lineage
        self.raw = raw
    }

    /// A document for `uri` with the default id derived from it.
    public init(uri: String, text: String = "") {
        self.init(id: Document.defaultID(for: uri), source: DocumentSource(uri: uri), text: text)
    }

    /// The default id of a document from `uri`: the first 16 hex digits of SHA-256(uri).
    public static func defaultID(for uri: String) -> String {
        String(SHA256.hexDigest(of: Array(uri.utf8)).prefix(16))
    }

    /// Whether `id` uses only the characters allowed in ids (`[A-Za-z0-9._-]`, not empty).
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id != "." && id != ".."
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }
}
