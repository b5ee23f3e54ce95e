public import DocPipe

extension Document {
    /// A document for tests: `uri` defaults to `test:<text prefix>`, the id to the usual hash.
    public static func testDocument(
        _ text: String, uri: String? = nil, title: String? = nil, metadata: JSONObject = JSONObject(),
        segments: [Segment] = []
    ) -> Document {
        var document = Document(uri: uri ?? "test:" + String(text.prefix(32)), text: text)
        document.title = title
        document.metadata = metadata
        document.segments = segments
        return document
    }

    /// The text of `segment` (code point offsets), for expectations.
    public func text(of segment: Segment) -> String {
        text(from: segment.start, to: segment.end)
    }

    /// The text between two code point offsets.
    public func text(from start: Int, to end: Int) -> String {
        let scalars = text.unicodeScalars
        guard start >= 0, end >= start, end <= scalars.count else { return "" }
        let lower = scalars.index(scalars.startIndex, offsetBy: start)
        let upper = scalars.index(lower, offsetBy: end - start)
        return String(scalars[lower..<upper])
    }
}
