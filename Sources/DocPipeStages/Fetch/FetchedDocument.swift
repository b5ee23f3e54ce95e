public import DocPipe

/// Builds the document for fetched bytes: decoded text, source metadata, raw bytes.
///
/// Shared by local files, HTTP and replay, so every path records the same fields.
public enum FetchedDocument {
    /// A document for `bytes` fetched from `uri`.
    /// - Parameters:
    ///   - headerCharset: the charset parameter of an HTTP `Content-Type`, if any.
    ///   - fetchedAt: seconds since 1970 (the `SOURCE_DATE_EPOCH` in reproducible runs).
    public static func make(
        uri: String, bytes: [UInt8], mediaType: String, headerCharset: String? = nil, fetchedAt: Int,
        status: Int? = nil, finalURI: String? = nil
    ) -> Document {
        let isText = mediaType.hasPrefix("text/") || mediaType.contains("xml") || mediaType.contains("json")
        var metadata = JSONObject()
        var source = DocumentSource(
            uri: uri, finalURI: finalURI, fetchedAt: Timestamp.iso8601(seconds: fetchedAt), status: status,
            mediaType: mediaType, bytes: bytes.count, sha256: SHA256.hexDigest(of: bytes))
        var text = ""
        if isText {
            let decoded = CharsetDetector.decode(bytes, headerCharset: headerCharset)
            text = decoded.text
            source.charset = decoded.charset
            source.declaredCharset = decoded.declaredCharset
            source.charsetSource = decoded.charsetSource
            if decoded.errors > 0 { metadata["decode_errors"] = .int(decoded.errors) }
        }
        return Document(id: Document.defaultID(for: uri), source: source, text: text, metadata: metadata, raw: bytes)
    }

    /// The document for the local file at `path` (absolute), or an error naming why it cannot be read.
    public static func load(path: String, fetchedAt: Int, maximumBytes: Int = .max) throws -> Document {
        let bytes = try FileSystem.readFile(path)
        guard bytes.count <= maximumBytes else {
            throw DocumentError("file is \(bytes.count) bytes, over max_bytes (\(maximumBytes))")
        }
        return make(
            uri: FileURL.from(path: path), bytes: bytes, mediaType: MediaType.of(path: path, bytes: bytes),
            fetchedAt: fetchedAt)
    }
}
