import DocPipe

/// Expands fetch `paths` entries — files, folders and globs — into files, deterministically:
/// entries in the order given, each folder's names sorted by their bytes, hidden names skipped
/// unless named, every file once.
struct LocalFileWalker: Sendable {
    /// One entry of `paths`, made absolute.
    enum Entry: Sendable {
        case file(String)
        case directory(String)
        case glob(GlobPattern, original: String)
        case missing(String)
    }

    let entries: [Entry]

    init(paths: [String], baseDirectory: String) {
        entries = paths.map { path in
            let absolute = FileSystem.absolute(path, relativeTo: baseDirectory)
            if GlobPattern.hasWildcard(absolute) { return .glob(GlobPattern(absolute: absolute), original: path) }
            switch FileSystem.kind(of: absolute) {
            case .directory: return .directory(absolute)
            case .file, .other: return .file(absolute)
            case nil: return .missing(absolute)
            }
        }
    }

    /// What the walk found: a file to read, or a path that could not be read, with the reason.
    enum Found: Sendable {
        case file(String)
        case failure(path: String, reason: String)
    }

    /// Calls `visit` for every file in order.
    func walk(_ visit: (Found) async throws -> Void) async throws {
        var seen = Set<String>()
        let deduplicate = entries.count > 1
        for entry in entries {
            switch entry {
            case .file(let path):
                if !deduplicate || seen.insert(path).inserted { try await visit(.file(path)) }
            case .missing(let path):
                try await visit(.failure(path: path, reason: "no such file or directory"))
            case .directory(let path):
                try await walkDirectory(path, relative: [], pattern: nil, seen: &seen, deduplicate: deduplicate, visit)
            case .glob(let pattern, _):
                guard FileSystem.kind(of: pattern.base) == .directory else { continue }
                try await walkDirectory(pattern.base, relative: [], pattern: pattern, seen: &seen, deduplicate: deduplicate, visit)
            }
        }
    }

    private func walkDirectory(
        _ directory: String, relative: [Substring], pattern: GlobPattern?, seen: inout Set<String>, deduplicate: Bool,
        _ visit: (Found) async throws -> Void
    ) async throws {
        let names: [String]
        do {
            names = try FileSystem.contents(of: directory)
        } catch {
            try await visit(.failure(path: directory, reason: error.reason))
            return
        }
        for name in names {
            try Task.checkCancellation()
            let path = directory == "/" ? "/" + name : directory + "/" + name
            let components = relative + [Substring(name)]
            switch FileSystem.kind(of: path) {
            case .directory:
                if let pattern {
                    guard pattern.mayMatchBelow(components) else { continue }
                } else if name.hasPrefix(".") {
                    continue
                }
                try await walkDirectory(path, relative: components, pattern: pattern, seen: &seen, deduplicate: deduplicate, visit)
            case .file:
                if let pattern {
                    guard pattern.matches(components) else { continue }
                } else if name.hasPrefix(".") {
                    continue
                }
                if !deduplicate || seen.insert(path).inserted { try await visit(.file(path)) }
            case .other, nil:
                continue
            }
        }
    }
}
