/// The HTTP(S) inputs of a fetch stage: the `urls` option and the lines of a `url_file`.
enum URLList {
    /// The URLs of a URL file: one per line; blank lines and lines starting with `#` are
    /// ignored, as is anything after ` #` on a line.
    static func parse(_ text: String) -> [String] {
        var urls: [String] = []
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            if let comment = line.indices.first(where: { line[$0...].hasPrefix(" #") || line[$0...].hasPrefix("\t#") }) {
                line = line[..<comment]
            }
            let trimmed = line.trimmingCharacters(in: " \t\u{FEFF}")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            urls.append(String(trimmed))
        }
        return urls
    }

    /// Why `url` cannot be fetched over HTTP, or `nil` when it is an absolute `http:`/`https:`
    /// URL with a host.
    static func problem(with url: String) -> String? {
        HTTPURL(url) == nil ? "'\(url)' is not an absolute http:// or https:// URL" : nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}
