#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Extracts a bundle into a folder, safely.
///
/// Before anything is written, every member is checked: an absolute path, a `..` component, a
/// symbolic or hard link, a device or FIFO entry, or a total size over the limit makes the whole
/// extraction fail (``BundleError/Kind/unsafe``), whatever the manifest says. While writing,
/// every folder is opened without following symbolic links and files are created with
/// `O_NOFOLLOW`, so even links already present in the destination cannot redirect a write
/// outside it, and the byte count is enforced again.
public enum BundleExtractor {
    /// What was extracted.
    public struct Summary: Sendable {
        public var files: Int
        public var bytes: Int64
    }

    /// The default limit on the total size extracted: 4 GiB.
    public static let defaultLimit: Int64 = 4 << 30

    /// Extracts every member of the bundle at `path` under `directory` (created if missing).
    public static func extract(path: String, into directory: String, limit: Int64 = defaultLimit) throws -> Summary {
        // Pass 1: check every header before writing anything.
        var total: Int64 = 0
        let check = try BundleStream(path: path)
        while let entry = try check.next() {
            _ = try safeComponents(entry)
            total += entry.size
            if total > limit {
                throw BundleError(
                    .unsafe,
                    "refusing to extract: the members add up to more than the \(limit)-byte limit (at '\(entry.path)')")
            }
        }
        try check.drainToEnd()  // a damaged archive is refused before anything is written
        // Pass 2: write.
        try POSIX.makeDirectories(directory)
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw BundleError(.io, "\(directory): \(POSIX.errorText())") }
        defer { close(root) }
        var summary = Summary(files: 0, bytes: 0)
        let stream = try BundleStream(path: path)
        while let entry = try stream.next() {
            let components = try safeComponents(entry)
            if components.isEmpty { continue }
            let isDirectory = entry.kind == .directory
            let parent = try openDirectory(root, Array(isDirectory ? components : components.dropLast()), base: directory)
            defer { if parent != root { close(parent) } }
            if isDirectory { continue }
            let name = components.last!
            let descriptor = openat(parent, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw BundleError(.unsafe, "cannot create '\(entry.path)' in \(directory): \(POSIX.errorText())")
            }
            let file = OutputFile(adopting: descriptor, path: directory + "/" + entry.path)
            try stream.forEachChunk { chunk in
                summary.bytes += Int64(chunk.count)
                if summary.bytes > limit {
                    throw BundleError(.unsafe, "refusing to extract more than \(limit) bytes (at '\(entry.path)')")
                }
                try file.write(chunk)
            }
            try file.close()
            summary.files += 1
        }
        return summary
    }

    /// The path's components, or an error if the member is not a plain file or folder at a relative path inside.
    static func safeComponents(_ entry: TarEntry) throws -> [String] {
        switch entry.kind {
        case .file, .directory: break
        case .symbolicLink: throw BundleError(.unsafe, "refusing to extract '\(entry.path)': symbolic link to '\(entry.linkTarget)'")
        case .hardLink: throw BundleError(.unsafe, "refusing to extract '\(entry.path)': hard link to '\(entry.linkTarget)'")
        case .characterDevice, .blockDevice:
            throw BundleError(.unsafe, "refusing to extract '\(entry.path)': device entry")
        case .fifo: throw BundleError(.unsafe, "refusing to extract '\(entry.path)': FIFO entry")
        case .other(let flag):
            throw BundleError(.unsafe, "refusing to extract '\(entry.path)': unknown entry type '\(UnicodeScalar(flag))'")
        }
        if entry.path.hasPrefix("/") {
            throw BundleError(.unsafe, "refusing to extract '\(entry.path)': absolute path")
        }
        if entry.path.utf8.contains(0) {
            throw BundleError(.unsafe, "refusing to extract '\(entry.path)': NUL in path")
        }
        let components = entry.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if components.contains("..") {
            throw BundleError(.unsafe, "refusing to extract '\(entry.path)': '..' in path")
        }
        return components.filter { $0 != "." }
    }

    /// Opens (creating as needed) the folder `components` below `root`, never following a link.
    private static func openDirectory(_ root: Int32, _ components: [String], base: String) throws -> Int32 {
        var current = root
        for component in components {
            if mkdirat(current, component, 0o755) != 0 && errno != EEXIST {
                let reason = POSIX.errorText()
                if current != root { close(current) }
                throw BundleError(.io, "cannot create folder '\(component)' in \(base): \(reason)")
            }
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let reason = POSIX.errorText()
            if current != root { close(current) }
            guard next >= 0 else {
                throw BundleError(.unsafe, "refusing to write through '\(component)' in \(base): \(reason)")
            }
            current = next
        }
        return current
    }
}
