#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A path pattern with `*`, `?`, `[…]` within a component and `**` for any number of folders.
///
/// `*` and `?` do not match a leading `.`, so hidden files are left out unless named.
struct GlobPattern: Sendable {
    /// The folder to walk: the pattern's components before the first wildcard.
    let base: String
    /// The remaining components, matched against paths relative to ``base``.
    let components: [String]

    /// Whether `text` uses any wildcard.
    static func hasWildcard(_ text: some StringProtocol) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Splits an absolute pattern into a base folder and the components to match.
    init(absolute pattern: String) {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let firstWild = parts.firstIndex { Self.hasWildcard($0) } ?? parts.count
        base = "/" + parts[..<firstWild].joined(separator: "/")
        components = Array(parts[firstWild...])
    }

    /// Whether the relative path `path` (components) matches.
    func matches(_ path: [Substring]) -> Bool {
        Self.match(components[...], path[...])
    }

    /// Whether a folder at `path` could contain matches (prunes the walk).
    func mayMatchBelow(_ path: [Substring]) -> Bool {
        Self.prefixMatch(components[...], path[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            var rest = path
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard let first = rest.first, !first.hasPrefix(".") else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let first = path.first, componentMatches(head, first) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func prefixMatch(_ pattern: ArraySlice<String>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return false }
        if head == "**" { return !(path.contains { $0.hasPrefix(".") }) }
        guard let first = path.first else { return true }
        guard componentMatches(head, first) else { return false }
        return prefixMatch(pattern.dropFirst(), path.dropFirst())
    }

    static func componentMatches(_ pattern: String, _ name: Substring) -> Bool {
        fnmatch(pattern, String(name), FNM_PERIOD) == 0
    }
}
