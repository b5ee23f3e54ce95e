#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something bytes are written to, in order.
protocol ByteOutput: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Something bytes are read from, in order.
protocol ByteInput: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteOutput {
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (buffer) throws in try write(buffer) }
    }
}

extension ByteInput {
    /// Fills `buffer` completely unless the input ends first; returns how many bytes were read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        return filled
    }
}

enum POSIX {
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Creates `path` and its missing parents (mode 0755).
    static func makeDirectories(_ path: String) throws {
        if path.isEmpty || path == "/" { return }
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw BundleError(.io, "\(path): not a directory") }
            return
        }
        let parent = directory(of: path)
        if parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw BundleError(.io, "\(path): \(errorText())") }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// A buffered file written through a POSIX descriptor.
final class OutputFile: ByteOutput {
    let path: String
    private(set) var descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    /// Bytes written so far (buffered ones included).
    private(set) var count: Int64 = 0

    /// Creates (truncates) `path`; `unlinkAfterOpen` makes an anonymous spool file that leaves
    /// nothing behind however the process ends.
    init(creating path: String, unlinkAfterOpen: Bool = false, bufferSize: Int = 256 * 1024) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BundleError(.io, "\(path): \(POSIX.errorText())") }
        if unlinkAfterOpen { unlink(path) }
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    /// Takes over an open descriptor.
    init(adopting descriptor: Int32, path: String, bufferSize: Int = 256 * 1024) {
        self.path = path
        self.descriptor = descriptor
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
        buffer.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += Int64(bytes.count)
        if used + bytes.count > buffer.count { try flush() }
        if bytes.count >= buffer.count {
            try writeOut(bytes)
        } else if bytes.count > 0 {
            UnsafeMutableRawBufferPointer(rebasing: buffer[used..<used + bytes.count]).copyMemory(from: bytes)
            used += bytes.count
        }
    }

    func flush() throws {
        guard used > 0 else { return }
        let pending = UnsafeRawBufferPointer(rebasing: buffer[0..<used])
        used = 0
        try writeOut(pending)
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw BundleError(.io, "\(path): \(POSIX.errorText())")
            }
            offset += written
        }
    }

    /// Flushes and rewinds to the start, for reading back (spool files).
    func rewindForReading() throws -> InputFile {
        try flush()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw BundleError(.io, "\(path): \(POSIX.errorText())") }
        let input = InputFile(descriptor: descriptor, path: path)
        descriptor = -1
        return input
    }

    /// Flushes and closes.
    func close() throws {
        try flush()
        guard descriptor >= 0 else { return }
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 { throw BundleError(.io, "\(path): \(POSIX.errorText())") }
    }
}

/// A file read through a POSIX descriptor.
final class InputFile: ByteInput {
    let path: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BundleError(.io, "\(path): \(POSIX.errorText())") }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(descriptor)
            descriptor = -1
            throw BundleError(.io, "\(path): is a directory")
        }
    }

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw BundleError(.io, "\(path): \(POSIX.errorText())") }
        }
    }
}
