/// A document's JSON form could not be read; the message names the field.
public struct DocumentDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Document {
    /// The `docpipe/1` JSON form: keys in a fixed order, optional fields left out when empty.
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        object["source"] = source.json
        if let title { object["title"] = .string(title) }
        object["text"] = .string(text)
        object["metadata"] = .object(metadata)
        object["segments"] = .array(segments.map(\.json))
        object["labels"] = .array(labels.map(\.json))
        object["lineage"] = .array(lineage.map(\.json))
        return .object(object)
    }

    /// One line of JSON Lines: the compact JSON form, without a newline.
    public func jsonLine() -> [UInt8] {
        JSONWriter().bytes(json)
    }

    /// Reads a document from its JSON form; unknown keys are ignored.
    public init(json: JSONValue) throws(DocumentDecodingError) {
        guard let object = json.objectValue else { throw DocumentDecodingError("a document must be a JSON object") }
        let source = try DocumentSource(json: object["source"])
        let text = try object.string("text", in: "document") ?? ""
        let id = try object.string("id", in: "document") ?? Document.defaultID(for: source.uri)
        guard Document.isValidID(id) else {
            throw DocumentDecodingError("document id '\(id)' may only contain A-Z a-z 0-9 . _ -")
        }
        var metadata = JSONObject()
        if let value = object["metadata"], value != .null {
            guard let value = value.objectValue else { throw DocumentDecodingError("'metadata' must be an object") }
            metadata = value
        }
        self.init(
            id: id,
            source: source,
            title: try object.string("title", in: "document"),
            text: text,
            metadata: metadata,
            segments: try object.list("segments") { value throws(DocumentDecodingError) in try Segment(json: value) },
            labels: try object.list("labels") { value throws(DocumentDecodingError) in try Label(json: value) },
            lineage: try object.list("lineage") { value throws(DocumentDecodingError) in try LineageEntry(json: value) }
        )
    }

    /// Reads a document from one line of JSON.
    public init(jsonLine: some StringProtocol) throws(DocumentDecodingError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(String(jsonLine))
        } catch {
            throw DocumentDecodingError("invalid JSON: \(error)")
        }
        try self.init(json: value)
    }
}

extension DocumentSource {
    /// The JSON form of `source`, known fields first, then unknown ones as read.
    public var json: JSONValue {
        var object = JSONObject()
        object["uri"] = .string(uri)
        if let finalURI { object["final_uri"] = .string(finalURI) }
        if let fetchedAt { object["fetched_at"] = .string(fetchedAt) }
        if let status { object["status"] = .int(status) }
        if let mediaType { object["media_type"] = .string(mediaType) }
        if let charset { object["charset"] = .string(charset) }
        if let declaredCharset { object["declared_charset"] = .string(declaredCharset) }
        if let charsetSource { object["charset_source"] = .string(charsetSource) }
        if let bytes { object["bytes"] = .int(bytes) }
        if let sha256 { object["sha256"] = .string(sha256) }
        for (key, value) in extra where object[key] == nil { object[key] = value }
        return .object(object)
    }

    static let knownKeys: Set<String> = [
        "uri", "final_uri", "fetched_at", "status", "media_type", "charset", "declared_charset",
        "charset_source", "bytes", "sha256",
    ]

    init(json: JSONValue?) throws(DocumentDecodingError) {
        guard let object = json?.objectValue else { throw DocumentDecodingError("'source' must be an object") }
        guard let uri = try object.string("uri", in: "source") else {
            throw DocumentDecodingError("'source.uri' is required")
        }
        var extra = JSONObject()
        for (key, value) in object where !Self.knownKeys.contains(key) { extra[key] = value }
        self.init(
            uri: uri,
            finalURI: try object.string("final_uri", in: "source"),
            fetchedAt: try object.string("fetched_at", in: "source"),
            status: try object.int("status", in: "source"),
            mediaType: try object.string("media_type", in: "source"),
            charset: try object.string("charset", in: "source"),
            declaredCharset: try object.string("declared_charset", in: "source"),
            charsetSource: try object.string("charset_source", in: "source"),
            bytes: try object.int("bytes", in: "source"),
            sha256: try object.string("sha256", in: "source"),
            extra: extra
        )
    }
}

extension Segment {
    var json: JSONValue {
        var object: JSONObject = ["id": .string(id), "kind": .string(kind.rawValue), "start": .int(start), "end": .int(end)]
        if let parent { object["parent"] = .string(parent) }
        if let heading { object["heading"] = .string(heading) }
        return .object(object)
    }

    init(json: JSONValue) throws(DocumentDecodingError) {
        guard let object = json.objectValue else { throw DocumentDecodingError("a segment must be an object") }
        guard let id = try object.string("id", in: "segment"), let kind = try object.string("kind", in: "segment"),
            let start = try object.int("start", in: "segment"), let end = try object.int("end", in: "segment")
        else { throw DocumentDecodingError("a segment needs 'id', 'kind', 'start' and 'end'") }
        guard start >= 0, start <= end else {
            throw DocumentDecodingError("segment '\(id)' has an invalid span \(start)..<\(end)")
        }
        self.init(
            id: id, kind: SegmentKind(rawValue: kind), start: start, end: end,
            parent: try object.string("parent", in: "segment"), heading: try object.string("heading", in: "segment"))
    }
}

extension Label {
    var json: JSONValue {
        var object: JSONObject = ["theme": .string(theme), "score": .double(score)]
        if let segment { object["segment"] = .string(segment) }
        object["evidence"] = .array(
            evidence.map { .object(["phrase": .string($0.phrase), "start": .int($0.start), "end": .int($0.end)]) })
        return .object(object)
    }

    init(json: JSONValue) throws(DocumentDecodingError) {
        guard let object = json.objectValue else { throw DocumentDecodingError("a label must be an object") }
        guard let theme = try object.string("theme", in: "label") else {
            throw DocumentDecodingError("a label needs a 'theme'")
        }
        guard let score = object["score"]?.doubleValue else { throw DocumentDecodingError("a label needs a numeric 'score'") }
        let evidence = try object.list("evidence") { value throws(DocumentDecodingError) -> Evidence in
            guard let item = value.objectValue, let phrase = try item.string("phrase", in: "evidence"),
                let start = try item.int("start", in: "evidence"), let end = try item.int("end", in: "evidence")
            else { throw DocumentDecodingError("evidence needs 'phrase', 'start' and 'end'") }
            return Evidence(phrase: phrase, start: start, end: end)
        }
        self.init(theme: theme, score: score, segment: try object.string("segment", in: "label"), evidence: evidence)
    }
}

extension LineageEntry {
    var json: JSONValue {
        var object: JSONObject = ["stage": .string(stage), "id": .string(id), "version": .string(version)]
        if let micros { object["micros"] = .int(micros) }
        return .object(object)
    }

    init(json: JSONValue) throws(DocumentDecodingError) {
        guard let object = json.objectValue, let stage = try object.string("stage", in: "lineage") else {
            throw DocumentDecodingError("a lineage entry needs a 'stage'")
        }
        self.init(
            stage: stage, id: try object.string("id", in: "lineage") ?? stage,
            version: try object.string("version", in: "lineage") ?? "", micros: try object.int("micros", in: "lineage"))
    }
}

extension JSONObject {
    fileprivate func string(_ key: String, in context: String) throws(DocumentDecodingError) -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard let text = value.stringValue else {
            throw DocumentDecodingError("'\(context).\(key)' must be a string, not \(value.typeName)")
        }
        return text
    }

    fileprivate func int(_ key: String, in context: String) throws(DocumentDecodingError) -> Int? {
        guard let value = self[key], value != .null else { return nil }
        guard let number = value.intValue else {
            throw DocumentDecodingError("'\(context).\(key)' must be an integer, not \(value.typeName)")
        }
        return number
    }

    fileprivate func list<T>(
        _ key: String, _ transform: (JSONValue) throws(DocumentDecodingError) -> T
    ) throws(DocumentDecodingError) -> [T] {
        guard let value = self[key], value != .null else { return [] }
        guard let items = value.arrayValue else { throw DocumentDecodingError("'\(key)' must be an array") }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for item in items { result.append(try transform(item)) }
        return result
    }
}
