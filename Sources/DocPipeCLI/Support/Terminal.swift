#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the standard streams, and what they are connected to.
enum Terminal {
    enum Stream {
        case standardOutput
        case standardError

        var descriptor: Int32 { self == .standardOutput ? 1 : 2 }
    }

    /// Writes `text` unbuffered (so progress and summaries interleave correctly).
    static func write(_ text: String, to stream: Stream) {
        var text = text
        text.withUTF8 { write($0, to: stream) }
    }

    /// Writes UTF-8 `bytes` unbuffered, as they are.
    static func write(bytes: [UInt8], to stream: Stream) {
        bytes.withUnsafeBufferPointer { write($0, to: stream) }
    }

    private static func write(_ buffer: UnsafeBufferPointer<UInt8>, to stream: Stream) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(stream.descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Whether `stream` is a terminal.
    static func isTerminal(_ stream: Stream) -> Bool {
        isatty(stream.descriptor) == 1
    }

    /// The terminal's width in columns (80 when unknown).
    static var columns: Int {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Whether to use colour on stderr: only on a terminal, and not when NO_COLOR is set.
    static var colorOnStandardError: Bool {
        isTerminal(.standardError) && getenv("NO_COLOR") == nil && String(cString: getenv("TERM") ?? strdup("")) != "dumb"
    }
}
