import DocPipe

/// An anonymous temporary file (unlinked as soon as it is opened, so nothing is left behind
/// however the process ends) that hashes what it is given, for members written at the end.
final class Spool {
    private let file: OutputFile
    private var hasher = SHA256()
    /// Lines appended with ``appendLine(_:)``.
    private(set) var lines = 0

    init(besidePath path: String, label: String) throws {
        let directory = POSIX.directory(of: path)
        let name = ".\(POSIX.baseName(of: path)).\(label).\(UInt64.random(in: 0...UInt64.max))"
        file = try OutputFile(creating: directory + "/" + name, unlinkAfterOpen: true, bufferSize: 256 * 1024)
    }

    var size: Int64 { file.count }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        try file.write(bytes)
    }

    /// Appends `line` and a newline.
    func appendLine(_ line: [UInt8]) throws {
        try line.withUnsafeBytes { try append($0) }
        try [UInt8(ascii: "\n")].withUnsafeBytes { try append($0) }
        lines += 1
    }

    var sha256: String { hasher.hexFinalize() }

    /// The spooled bytes from the start.
    func reader() throws -> InputFile { try file.rewindForReading() }
}

