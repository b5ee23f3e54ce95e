/// The HTTP options of a fetch stage, resolved.
struct HTTPFetchSettings: Sendable {
    var concurrency = 8
    var perHost = 2
    var delay: Duration = .zero
    var timeout: Duration = .seconds(30)
    var retry = RetryPolicy(retries: 3, backoff: .milliseconds(500))
    var maxRedirects = 5
    var maxBytes = 50_000_000
    var userAgent = "docpipe"
    var headers: [(name: String, value: String)] = []
    var robots = true
    /// Media types (`type/subtype`, `type/*` or `*/*`), lowercased.
    var accept = ["text/html", "application/xhtml+xml", "text/plain"]
    /// Certificate authorities trusted besides the system's (`ca_file`).
    var trustedAuthorities: TrustedAuthorities?

    /// Whether `mediaType` (lowercased, without parameters) is in `accept`.
    func accepts(_ mediaType: String) -> Bool {
        accept.contains { pattern in
            if pattern == mediaType || pattern == "*/*" { return true }
            if pattern.hasSuffix("/*") { return mediaType.hasPrefix(pattern.dropLast()) }
            return false
        }
    }
}
