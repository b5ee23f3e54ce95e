import Foundation

/// An absolute `http:` or `https:` URL split into the parts fetch needs: the origin (for
/// throttling, robots.txt and the connection pool) and the path with its query (for robots rules).
struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL as written.
    let string: String
    /// `http` or `https`, lowercased.
    let scheme: String
    /// The host, lowercased.
    let host: String
    let port: Int
    /// The percent-encoded path (at least `/`) with `?query`, without the fragment.
    let pathAndQuery: String

    init?(_ string: String) {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.string = string
        self.scheme = scheme
        self.host = host
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        self.pathAndQuery = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
    }

    /// `scheme://host:port`, the unit of politeness and of robots.txt.
    var origin: String { "\(scheme)://\(host):\(port)" }

    /// The robots.txt URL of this URL's origin.
    var robotsURL: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return port == defaultPort ? "\(scheme)://\(hostPart)/robots.txt" : "\(scheme)://\(hostPart):\(port)/robots.txt"
    }

    /// `location` (from a redirect) resolved against this URL.
    func resolve(_ location: String) -> HTTPURL? {
        guard let base = URL(string: string), let resolved = URL(string: location, relativeTo: base)?.absoluteURL else {
            return nil
        }
        return HTTPURL(resolved.absoluteString)
    }

    var description: String { string }
}
