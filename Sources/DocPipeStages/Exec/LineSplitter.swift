/// Cuts a byte stream into lines (without the `\n`, and without a `\r` before it).
struct LineSplitter {
    /// The longest line accepted: a stage that writes more without a newline is broken.
    static let maximumLineLength = 1 << 30

    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0

    /// Bytes of an unfinished line.
    var pendingCount: Int { buffer.count - start }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && start * 2 >= buffer.count {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete line, or `nil` until more bytes arrive.
    mutating func next() -> [UInt8]? {
        guard let newline = buffer[scanned...].firstIndex(of: 0x0A) else {
            scanned = buffer.count
            return nil
        }
        var end = newline
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let line = Array(buffer[start..<end])
        start = newline + 1
        scanned = start
        return line
    }

    /// What is left after the last newline.
    var remainder: [UInt8] { Array(buffer[start...]) }
}
