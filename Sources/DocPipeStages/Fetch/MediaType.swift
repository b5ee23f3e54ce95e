import DocPipe

/// Media types of local files, by extension and by sniffing the first bytes.
enum MediaType {
    static func of(path: String, bytes: [UInt8]) -> String {
        let name = FileSystem.baseName(of: path).lowercased()
        if let dot = name.lastIndex(of: ".") {
            switch name[name.index(after: dot)...] {
            case "html", "htm", "xhtml", "shtml", "shtm": return "text/html"
            case "txt", "text", "md", "markdown": return "text/plain"
            case "xml": return "application/xml"
            case "json", "jsonl": return "application/json"
            case "pdf": return "application/pdf"
            default: break
            }
        }
        return sniff(bytes)
    }

    /// `text/html` when the start looks like markup, `application/pdf` for PDFs, binary when
    /// there are NUL bytes, `text/plain` otherwise.
    static func sniff(_ bytes: [UInt8]) -> String {
        let head = bytes.prefix(512)
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.contains(0) { return "application/octet-stream" }
        let lowered = String(decoding: head, as: UTF8.self).lowercased()
        if lowered.contains("<!doctype html") || lowered.contains("<html") || lowered.contains("<head")
            || lowered.contains("<body")
        {
            return "text/html"
        }
        return "text/plain"
    }
}
