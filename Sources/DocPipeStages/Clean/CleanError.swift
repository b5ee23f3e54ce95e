/// Why `clean` rejected a document. The runner applies the stage's `on_error` to it.
public struct CleanError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case tooShort(count: Int, minimum: Int)
        case binary
        case tooLarge(bytes: Int)
    }

    let code: Code

    public var description: String {
        switch code {
        case .tooShort(let count, let minimum):
            "clean: the main text has \(count) characters, fewer than min_chars (\(minimum))"
        case .binary:
            "clean: the input looks like binary data, not text or HTML"
        case .tooLarge(let bytes):
            "clean: the input has \(bytes) bytes, more than the 2 GB libxml2 can parse"
        }
    }
}
