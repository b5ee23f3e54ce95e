/// What cleaning found in one document, before it is written into the ``Document``.
struct CleanResult: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case string(String)
        case list([String])
    }

    /// The cleaned title.
    var title: String?
    /// Body paragraphs, one per line, normalized.
    var lines: [String] = []
    /// Metadata in the documented key order.
    var metadata: [(key: String, value: Value)] = []

    static func == (lhs: CleanResult, rhs: CleanResult) -> Bool {
        lhs.title == rhs.title && lhs.lines == rhs.lines && lhs.metadata.map(\.key) == rhs.metadata.map(\.key)
            && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
    }

    /// The metadata keys in their fixed order.
    static let keyOrder = [
        "site", "published", "source", "author", "doc_number", "addressee", "issuer", "signed", "attachments",
        "spam_injection",
    ]
}

/// Metadata gathered while cleaning; first value wins per key (a date-only `published` yields to
/// a time on the same day).
struct MetadataCollector {
    private var values: [String: CleanResult.Value] = [:]

    mutating func set(_ key: String, _ value: String?) {
        guard var value = value?.trimmingBlanks(), !value.isEmpty else { return }
        if key == "published", case .string(let old)? = values[key], old.hasSuffix("T00:00:00"),
            !value.hasSuffix("T00:00:00"), value.hasPrefix(old.prefix(11))
        {
            // A date-only value (an info table's 发布日期) refined by the same day's time.
            values[key] = .string(value)
            return
        }
        guard values[key] == nil else { return }
        if key == "source" || key == "author" {
            // "来源：人民网" in a meta value: drop the label; an all-digit author is an id, not a name.
            for label in ["来源：", "来源:", "作者：", "作者:", "By ", "by "] where value.hasPrefix(label) {
                value = String(value.dropFirst(label.count)).trimmingBlanks()
            }
            if value.isEmpty || value.allSatisfy(\.isNumber) { return }
        }
        values[key] = .string(value)
    }

    mutating func set(_ key: String, list: [String]) {
        guard !list.isEmpty, values[key] == nil else { return }
        values[key] = .list(list)
    }

    subscript(key: String) -> String? {
        if case .string(let value)? = values[key] { return value }
        return nil
    }

    /// Applies a parsed metadata line.
    mutating func apply(_ fields: [(field: MetadataLines.Field, value: String)]) {
        for (field, value) in fields {
            switch field {
            case .published: set("published", DateParsing.published(in: value))
            case .source: set("source", value)
            case .author: set("author", value)
            case .docNumber: set("doc_number", value)
            case .signed: set("signed", DateParsing.date(in: value))
            case .issuer: set("issuer_line", value)
            case .ignored: break
            }
        }
    }

    /// The collected metadata in the documented key order.
    var ordered: [(key: String, value: CleanResult.Value)] {
        CleanResult.keyOrder.compactMap { key in values[key].map { (key, $0) } }
    }
}
