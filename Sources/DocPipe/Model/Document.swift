/// The value that flows through every stage.
///
/// Its JSON form (``Document/json``, `docpipe/1`) is the wire format of exec stages and bundles.
/// Offsets in ``segments`` and ``labels`` are Unicode code point offsets into ``text``, end
/// exclusive. Raw fetched bytes travel in ``raw`` but are not part of the JSON form.
public struct Document: Sendable, Equatable {
    /// Stable id: by default the first 16 hex digits of the SHA-256 of `source.uri`.
    public var id: String {
        get { storage.id }
        _modify { makeUnique(); yield &storage.id }
    }
    /// Where the document came from and how it was decoded.
    public var source: DocumentSource {
        get { storage.source }
        _modify { makeUnique(); yield &storage.source }
    }
    /// The cleaned title (not part of ``text``).
    public var title: String? {
        get { storage.title }
        _modify { makeUnique(); yield &storage.title }
    }
    /// The current text: the decoded content after fetch, the body after clean.
    public var text: String {
        get { storage.text }
        _modify { makeUnique(); yield &storage.text }
    }
    /// Free-form metadata (site, published, doc_number, …), in insertion order.
    public var metadata: JSONObject {
        get { storage.metadata }
        _modify { makeUnique(); yield &storage.metadata }
    }
    /// Sections, paragraphs, sentences and clauses over ``text``.
    public var segments: [Segment] {
        get { storage.segments }
        _modify { makeUnique(); yield &storage.segments }
    }
    /// Theme labels with evidence.
    public var labels: [Label] {
        get { storage.labels }
        _modify { makeUnique(); yield &storage.labels }
    }
    /// One entry per stage that touched the document.
    public var lineage: [LineageEntry] {
        get { storage.lineage }
        _modify { makeUnique(); yield &storage.lineage }
    }
    /// The bytes as fetched, for archiving and replay; not in the JSON form.
    public var raw: [UInt8]? {
        get { storage.raw }
        _modify { makeUnique(); yield &storage.raw }
    }

    /// All fields live in one heap object, so passing a document between stages costs one
    /// reference count rather than one per field; it is copied only when a shared document is
    /// changed.
    private var storage: Storage

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
        storage = Storage(
            id: id, source: source, title: title, text: text, metadata: metadata, segments: segments, labels: labels,
            lineage: lineage, raw: raw)
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public static func == (lhs: Document, rhs: Document) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.hasSameValue(as: rhs.storage)
    }

    // Safe to share across tasks: a Storage is only ever mutated through `makeUnique()`, that
    // is, when the document holding it is its sole owner (copy-on-write, as Array's buffer).
    // A storage reachable from two documents, and so from two tasks, is never written.
    private final class Storage: @unchecked Sendable {
        var id: String
        var source: DocumentSource
        var title: String?
        var text: String
        var metadata: JSONObject
        var segments: [Segment]
        var labels: [Label]
        var lineage: [LineageEntry]
        var raw: [UInt8]?

        init(
            id: String, source: DocumentSource, title: String?, text: String, metadata: JSONObject,
            segments: [Segment], labels: [Label], lineage: [LineageEntry], raw: [UInt8]?
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

        func copy() -> Storage {
            Storage(
                id: id, source: source, title: title, text: text, metadata: metadata, segments: segments,
                labels: labels, lineage: lineage, raw: raw)
        }

        func hasSameValue(as other: Storage) -> Bool {
            id == other.id && source == other.source && title == other.title && text == other.text
                && metadata == other.metadata && segments == other.segments && labels == other.labels
                && lineage == other.lineage && raw == other.raw
        }
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
