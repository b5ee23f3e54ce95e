/// A position in a source file: 1-based line and column (columns count characters).
public struct SourceMark: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A node of a parsed YAML document; every node knows where it starts.
public struct YAMLNode: Sendable, Equatable {
    /// The node's content.
    public enum Content: Sendable, Equatable {
        /// A scalar with its text; `isPlain` is false for quoted and block scalars.
        case scalar(String, isPlain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var mark: SourceMark
    /// The explicit tag, if the node has one (e.g. `!!str`).
    public var tag: String?

    public init(_ content: Content, mark: SourceMark, tag: String? = nil) {
        self.content = content
        self.mark = mark
        self.tag = tag
    }

    /// The scalar's text, or `nil` for a collection.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The elements of a sequence, or `nil`.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs of a mapping, or `nil`.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value of the first pair whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar == key }?.value
    }

    /// Whether this is a plain `null`, `~` or empty scalar (YAML 1.2 core schema).
    public var isNull: Bool {
        if case .scalar(let text, let isPlain) = content, isPlain, tag == nil {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// What kind of node this is, for messages: "a mapping", "a list", "a string".
    public var kindDescription: String {
        switch content {
        case .scalar: isNull ? "null" : "a scalar '\(scalar ?? "")'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// The node as JSON, with plain scalars typed by the YAML 1.2 core schema.
    public var json: JSONValue {
        switch content {
        case .scalar(let text, let isPlain):
            guard isPlain, tag == nil else { return .string(text) }
            if isNull { return .null }
            if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
            if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
            if let number = Int(text) { return .int(number) }
            if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let number = Double(text),
                number.isFinite
            {
                return .double(number)
            }
            return .string(text)
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let pairs):
            return .object(JSONObject(pairs.map { (key: $0.key.scalar ?? "", value: $0.value.json) }))
        }
    }
}

/// One key-value pair of a YAML mapping.
public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
