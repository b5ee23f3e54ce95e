/// One member of a tar archive, as the reader resolved it (pax and GNU long names applied).
public struct TarEntry: Sendable, Equatable {
    /// The kind of a member.
    public enum Kind: Sendable, Equatable {
        case file, directory, symbolicLink, hardLink, characterDevice, blockDevice, fifo
        /// A type flag this reader does not know.
        case other(UInt8)
    }

    /// The member's path as stored (a trailing `/` removed for directories).
    public var path: String
    public var kind: Kind
    public var size: Int64
    public var mode: Int
    public var mtime: Int
    /// The target of a link.
    public var linkTarget: String
    /// Where the member's header starts in the uncompressed tar stream.
    public var offset: Int64
}

/// Reads a tar stream member by member, checking each header's checksum and the structure, and
/// saying precisely where a truncated archive ends.
final class TarReader {
    private let input: any ByteInput
    private let name: String
    private var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
    /// Bytes of tar stream consumed so far.
    private(set) var offset: Int64 = 0
    private var current: TarEntry?
    private var remaining: Int64 = 0
    private var padding: Int64 = 0
    private var ended = false
    private var previousPath: String?

    /// - Parameter name: the archive's name, for messages.
    init(input: any ByteInput, name: String) {
        self.input = input
        self.name = name
    }

    /// The next member, or `nil` after the end-of-archive marker. Skips unread data of the previous member.
    func next() throws -> TarEntry? {
        if ended { return nil }
        try skipRest()
        var paxPath: String?
        var paxLink: String?
        var paxSize: Int64?
        var longName: String?
        var longLink: String?
        while true {
            let headerOffset = offset
            let count = try readBlock()
            if count == 0 {
                throw BundleError(
                    .tar, "\(name): archive truncated: no end-of-archive marker after \(describePrevious) (at byte \(offset))")
            }
            guard count == TarHeader.blockSize else {
                throw BundleError(
                    .tar, "\(name): archive truncated inside a header at byte \(headerOffset) (\(count) of 512 bytes)")
            }
            let isZero = block.withUnsafeBytes { TarHeader.isZero($0) }
            if isZero {
                ended = true
                // A second zero block normally follows; a lone one at the end is tolerated.
                _ = try readBlock()
                return nil
            }
            let header = try block.withUnsafeBytes { (raw) throws in try TarHeader(decoding: raw, offset: headerOffset) }
            let size = paxSize ?? header.size
            switch header.typeFlag {
            case TarHeader.EntryType.paxExtended.rawValue, TarHeader.EntryType.paxGlobal.rawValue:
                let data = try readSmallData(size, what: "pax header", at: headerOffset)
                if header.typeFlag == TarHeader.EntryType.paxExtended.rawValue {
                    let records = try Self.parsePax(data, at: headerOffset, archive: name)
                    paxPath = records["path"] ?? paxPath
                    paxLink = records["linkpath"] ?? paxLink
                    if let text = records["size"] {
                        guard let value = Int64(text), value >= 0 else {
                            throw BundleError(.tar, "\(name): pax header at byte \(headerOffset): invalid size '\(text)'")
                        }
                        paxSize = value
                    }
                }
                continue
            case TarHeader.EntryType.gnuLongName.rawValue, TarHeader.EntryType.gnuLongLink.rawValue:
                let data = try readSmallData(size, what: "GNU long name", at: headerOffset)
                let text = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                if header.typeFlag == TarHeader.EntryType.gnuLongName.rawValue { longName = text } else { longLink = text }
                continue
            default:
                break
            }
            var path = paxPath ?? longName ?? String(decoding: header.path, as: UTF8.self)
            let kind = Self.kind(header.typeFlag, path: path)
            if kind == .directory, path.hasSuffix("/") { path.removeLast() }
            let entry = TarEntry(
                path: path, kind: kind, size: Self.hasData(kind) ? size : 0, mode: header.mode, mtime: header.mtime,
                linkTarget: paxLink ?? longLink ?? String(decoding: header.linkName, as: UTF8.self), offset: headerOffset)
            current = entry
            remaining = entry.size
            padding = (Int64(TarHeader.blockSize) - entry.size % Int64(TarHeader.blockSize)) % Int64(TarHeader.blockSize)
            previousPath = path
            return entry
        }
    }

    /// Reads data of the current member; returns 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let entry = current, remaining > 0, buffer.count > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        let count = try input.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        offset += Int64(count)
        remaining -= Int64(count)
        if count < want {
            throw BundleError(
                .tar,
                "\(name): archive truncated: member '\(entry.path)' declares \(entry.size) bytes but only"
                    + " \(entry.size - remaining) are present")
        }
        return count
    }

    /// The whole data of the current member, refusing members over `limit` bytes.
    func readAll(limit: Int64 = 1 << 31) throws -> [UInt8] {
        guard let entry = current else { return [] }
        guard remaining <= limit else {
            throw BundleError(.usage, "member '\(entry.path)' is \(entry.size) bytes, over the \(limit)-byte limit for reading it whole")
        }
        var bytes = [UInt8](repeating: 0, count: Int(remaining))
        let count = try bytes.withUnsafeMutableBytes { (buffer) throws in try read(into: buffer) }
        precondition(count == bytes.count)
        return bytes
    }

    private var describePrevious: String {
        previousPath.map { "member '\($0)'" } ?? "the start of the archive"
    }

    private func skipRest() throws {
        guard current != nil else { return }
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while remaining > 0 {
            _ = try scratch.withUnsafeMutableBytes { (buffer) throws in try read(into: buffer) }
        }
        if padding > 0 {
            let want = Int(padding)
            let count = try scratch.withUnsafeMutableBytes { (buffer) throws in
                try input.readFully(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            }
            offset += Int64(count)
            if count < want {
                throw BundleError(
                    .tar, "\(name): archive truncated: padding after member '\(current!.path)' is cut short at byte \(offset)")
            }
        }
        current = nil
        padding = 0
    }

    private func readBlock() throws -> Int {
        let count = try block.withUnsafeMutableBytes { (buffer) throws in try input.readFully(into: buffer) }
        offset += Int64(count)
        return count
    }

    private func readSmallData(_ size: Int64, what: String, at headerOffset: Int64) throws -> [UInt8] {
        guard size <= 1 << 20 else {
            throw BundleError(.tar, "\(name): \(what) at byte \(headerOffset) is implausibly large (\(size) bytes)")
        }
        let padded = Int((size + 511) / 512 * 512)
        var data = [UInt8](repeating: 0, count: padded)
        let count = try data.withUnsafeMutableBytes { (buffer) throws in try input.readFully(into: buffer) }
        offset += Int64(count)
        guard count == padded else {
            throw BundleError(.tar, "\(name): archive truncated inside the \(what) at byte \(headerOffset)")
        }
        return Array(data.prefix(Int(size)))
    }

    static func parsePax(_ data: [UInt8], at headerOffset: Int64, archive: String) throws -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: 0x20),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count, data[index + length - 1] == 0x0a,
                let equals = data[(space + 1)..<(index + length)].firstIndex(of: UInt8(ascii: "="))
            else {
                throw BundleError(.tar, "\(archive): malformed pax record in the header at byte \(headerOffset)")
            }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            let value = String(decoding: data[(equals + 1)..<(index + length - 1)], as: UTF8.self)
            records[key] = value
            index += length
        }
        return records
    }

    private static func kind(_ flag: UInt8, path: String) -> TarEntry.Kind {
        switch flag {
        case 0, TarHeader.EntryType.file.rawValue, TarHeader.EntryType.contiguous.rawValue:
            path.hasSuffix("/") ? .directory : .file
        case TarHeader.EntryType.directory.rawValue: .directory
        case TarHeader.EntryType.symbolicLink.rawValue: .symbolicLink
        case TarHeader.EntryType.hardLink.rawValue: .hardLink
        case TarHeader.EntryType.characterDevice.rawValue: .characterDevice
        case TarHeader.EntryType.blockDevice.rawValue: .blockDevice
        case TarHeader.EntryType.fifo.rawValue: .fifo
        default: .other(flag)
        }
    }

    private static func hasData(_ kind: TarEntry.Kind) -> Bool {
        switch kind {
        case .file, .other: true
        default: false
        }
    }
}
