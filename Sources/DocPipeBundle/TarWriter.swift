/// Writes a POSIX tar stream (ustar headers, pax extended headers for long or non-ASCII names
/// and very large sizes) to an output, one member at a time.
///
/// Every member gets uid/gid 0, user and group `root`, the given mode and mtime, so the same
/// members always give the same bytes. Sizes must be known before a member's data is written.
final class TarWriter {
    private let output: any ByteOutput
    private var pending: (path: String, size: Int64, written: Int64)?
    /// Bytes of tar stream written so far.
    private(set) var offset: Int64 = 0
    private static let zeros = [UInt8](repeating: 0, count: 10240)

    init(output: any ByteOutput) {
        self.output = output
    }

    /// Writes the header of a regular file; its `size` bytes of data must follow.
    func beginFile(path: String, size: Int64, mode: Int = 0o644, mtime: Int) throws {
        precondition(pending == nil, "beginFile before endFile")
        try writeHeader(path: path, size: size, mode: mode, mtime: mtime, type: .file)
        pending = (path, size, 0)
    }

    /// Writes the header of a directory (`path` without a trailing slash).
    func addDirectory(path: String, mode: Int = 0o755, mtime: Int) throws {
        precondition(pending == nil, "addDirectory before endFile")
        try writeHeader(path: path + "/", size: 0, mode: mode, mtime: mtime, type: .directory)
    }

    /// Writes data of the current member.
    func writeData(_ bytes: UnsafeRawBufferPointer) throws {
        guard var current = pending else { preconditionFailure("writeData outside a member") }
        current.written += Int64(bytes.count)
        guard current.written <= current.size else {
            throw BundleError(.usage, "member \(current.path) got more than its declared \(current.size) bytes")
        }
        pending = current
        try output.write(bytes)
        offset += Int64(bytes.count)
    }

    func writeData(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (buffer) throws in try writeData(buffer) }
    }

    /// Accounts for `length` bytes of the current member's data that `write` puts into the
    /// output by other means (a spliced compressed chunk).
    func writeSplicedData(length: Int64, _ write: () throws -> Void) throws {
        guard var current = pending else { preconditionFailure("writeSplicedData outside a member") }
        current.written += length
        guard current.written <= current.size else {
            throw BundleError(.usage, "member \(current.path) got more than its declared \(current.size) bytes")
        }
        pending = current
        try write()
        offset += length
    }

    /// Ends the current member, padding its data to a whole block.
    func endFile() throws {
        guard let current = pending else { preconditionFailure("endFile outside a member") }
        guard current.written == current.size else {
            throw BundleError(.usage, "member \(current.path) got \(current.written) of its declared \(current.size) bytes")
        }
        pending = nil
        try pad()
    }

    /// Writes the end-of-archive marker (two zero blocks), padded to a 10 KiB record as GNU tar does.
    func finish() throws {
        precondition(pending == nil, "finish inside a member")
        var length = 2 * TarHeader.blockSize
        let end = offset + Int64(length)
        let record = Int64(Self.zeros.count)
        if end % record != 0 { length += Int(record - end % record) }
        try writeZeros(length)
    }

    private func pad() throws {
        let remainder = Int(offset % Int64(TarHeader.blockSize))
        if remainder != 0 { try writeZeros(TarHeader.blockSize - remainder) }
    }

    private func writeZeros(_ count: Int) throws {
        var left = count
        while left > 0 {
            let step = min(left, Self.zeros.count)
            try Self.zeros.withUnsafeBytes { (buffer) throws in
                try output.write(UnsafeRawBufferPointer(rebasing: buffer[0..<step]))
            }
            offset += Int64(step)
            left -= step
        }
    }

    private func writeHeader(path: String, size: Int64, mode: Int, mtime: Int, type: TarHeader.EntryType) throws {
        let pathBytes = Array(path.utf8)
        let needsPaxPath = pathBytes.count > 100 || pathBytes.contains { $0 >= 0x80 || $0 == 0 }
        let needsPaxSize = size > TarHeader.maximumOctalSize
        if needsPaxPath || needsPaxSize {
            var records: [UInt8] = []
            if needsPaxPath { records += Self.paxRecord("path", pathBytes) }
            if needsPaxSize { records += Self.paxRecord("size", Array(String(size).utf8)) }
            let paxHeader = TarHeader(
                name: Self.asciiFallback(Self.paxName(for: path)), mode: 0o644, size: Int64(records.count), mtime: mtime,
                typeFlag: TarHeader.EntryType.paxExtended.rawValue)
            try writeRaw(paxHeader.encode())
            try writeRaw(records)
            try pad()
        }
        let header = TarHeader(
            name: needsPaxPath ? Self.asciiFallback(path) : pathBytes, mode: mode, size: size, mtime: mtime,
            typeFlag: type.rawValue)
        try writeRaw(header.encode())
    }

    private func writeRaw(_ bytes: [UInt8]) throws {
        try output.write(bytes)
        offset += Int64(bytes.count)
    }

    /// `"%d %s=%s\n"`, where the length counts the whole record, its own digits included.
    static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [0x0a]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length { length = String(length).utf8.count + body.count }
        return Array(String(length).utf8) + body
    }

    /// `dir/PaxHeaders/base`, as GNU tar names extended headers (without its process id, for determinism).
    private static func paxName(for path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        let directory = POSIX.directory(of: trimmed)
        let base = POSIX.baseName(of: trimmed)
        return (directory == "." ? "" : directory + "/") + "PaxHeaders/" + base
    }

    /// An ASCII stand-in for a name that needs a pax header: non-ASCII bytes become `_`, cut to 100 bytes.
    private static func asciiFallback(_ path: String) -> [UInt8] {
        Array(path.utf8.map { $0 >= 0x80 || $0 == 0 ? UInt8(ascii: "_") : $0 }.prefix(100))
    }
}
