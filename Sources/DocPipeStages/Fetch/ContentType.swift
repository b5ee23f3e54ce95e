/// A parsed `Content-Type` header: `text/html; charset="GBK"` → media type `text/html`, charset `GBK`.
struct ContentType: Sendable, Equatable {
    /// The media type, lowercased, without parameters.
    var mediaType: String
    /// The `charset` parameter as written (unquoted), if any.
    var charset: String?
}

extension ContentType {
    /// Parses a `Content-Type` header value; `nil` when it has no `type/subtype`.
    init?(_ header: String) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        let essence = parts[0].trimmingSpaces().lowercased()
        guard !essence.isEmpty, essence.contains("/") else { return nil }
        mediaType = essence
        charset = nil
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            guard parameter[..<equals].trimmingSpaces().lowercased() == "charset" else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
            if !value.isEmpty { charset = String(value) }
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return self[start..<end]
    }
}
