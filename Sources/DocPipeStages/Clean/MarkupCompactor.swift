#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shrinks prefiltered page bytes, in place, without changing what the SAX builder receives:
/// attributes the builder never reads (`href`, `src`, `srcset`, `data-*`, `onclick`, …) are cut
/// out of start tags, and each run of HTML blanks in text becomes one byte.
///
/// libxml2's HTML parser pays per character for attribute values and text, and unread attributes
/// are a third of a typical page after ``MarkupPrefilter``. The scan follows the HTML tokenizer of
/// libxml2 2.9.14 (the one linked; checked event for event against it) exactly where it acts: a start tag is `<` and an ASCII letter; its name and attribute
/// names are runs of letters, digits, `:`, `-`, `_`, `.` (at most 100 bytes per name, as libxml2
/// reads them); an attribute value is quoted (to the matching quote) or unquoted (to a blank or `>`);
/// other bytes in a tag are skipped to the next blank the way libxml2 skips them; an end tag runs to
/// the first `>`. Every cut removes exactly what libxml2 would consume for one attribute it then
/// hands over and the builder ignores, so the parser's state after the cut is the one it would have
/// reached. A run of blanks in text becomes a tab if it holds one, else a space if it holds one,
/// else its first byte (LF or CR): the renderer and the measures read any run as one space, and
/// the title's normalization (``TextNormalizer/rewrite(_:)``) reads a run with a tab as a tab, one
/// with a space as a space and drops line ends, so both read the same text. What this scan does not mirror
/// exactly it leaves alone: on any other markup (`<!`, `<?`, `</` or `<` not followed by a letter, a
/// `<script>` or `<style>` start tag, whose content libxml2 reads as raw text) it copies the rest of
/// the page unchanged. `<meta>` tags keep all their attributes (libxml2 reads them for the charset).
enum MarkupCompactor {
    /// Compacts `bytes` in place (it only ever gets shorter).
    static func compact(_ bytes: inout [UInt8]) {
        let count = bytes.withUnsafeMutableBufferPointer { buffer in compact(buffer) }
        bytes.removeLast(bytes.count - count)
    }

    /// Compacts `buffer` in place and returns the new length.
    private static func compact(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let n = buffer.count
        var read = 0
        var write = 0
        while read < n {
            // Text up to the next '<'.
            let next: Int
            if let found = memchr(base + read, 0x3C, n - read) {
                next = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                next = n
            }
            // Text: bytes move in stretches; only runs of two or more blanks are rewritten.
            var index = read
            var stretch = read
            while index < next {
                let byte = base[index]
                guard byte <= 0x20, isBlank(byte), index + 1 < next, isBlank(base[index + 1]) else {
                    index += 1
                    continue
                }
                move(base, from: stretch, to: index, write: &write)
                var hasTab = false
                var hasSpace = false
                var end = index
                while end < next, isBlank(base[end]) {
                    let other = base[end]
                    if other == 0x09 { hasTab = true } else if other == 0x20 { hasSpace = true }
                    end += 1
                }
                base[write] = hasTab ? 0x09 : (hasSpace ? 0x20 : byte)
                write += 1
                index = end
                stretch = end
            }
            move(base, from: stretch, to: next, write: &write)
            read = next
            guard read < n else { break }
            guard read + 1 < n else {
                move(base, from: read, to: n, write: &write)
                read = n
                break
            }
            let second = base[read + 1]
            if isLetter(second) {
                guard let end = startTag(base, n, at: read, write: &write) else {
                    move(base, from: read, to: n, write: &write)  // <script>, <style>: libxml2 reads raw text from here
                    read = n
                    break
                }
                read = end
            } else if second == 0x2F, read + 2 < n, isLetter(base[read + 2]) {
                // An end tag: libxml2 reads its name and skips to the first '>'.
                let end: Int
                if let found = memchr(base + read + 2, 0x3E, n - read - 2) {
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                } else {
                    end = n
                }
                move(base, from: read, to: end, write: &write)
                read = end
            } else {
                move(base, from: read, to: n, write: &write)
                read = n
                break
            }
        }
        return write
    }

    /// Copies the start tag at `start` (`<` and a letter) to the write position without its unread
    /// attributes, and returns the index after it; `nil` for `<script>` and `<style>` (nothing copied).
    private static func startTag(
        _ base: UnsafeMutablePointer<UInt8>, _ n: Int, at start: Int, write: inout Int
    ) -> Int? {
        var p = start + 1
        while p < n, p - (start + 1) < 100, isNameByte(base[p]) { p += 1 }
        let nameStart = start + 1
        let nameEnd = p
        if equalsLowercased(base, nameStart, nameEnd, script) || equalsLowercased(base, nameStart, nameEnd, style) {
            return nil
        }
        let keepAll = equalsLowercased(base, nameStart, nameEnd, meta)

        /// Start of the bytes not yet copied.
        var pending = start

        while p < n, isBlank(base[p]) { p += 1 }
        while p < n {
            let byte = base[p]
            // libxml2's attribute loop: up to '>' or "/>" (the input holds no NUL).
            guard byte != 0x3E, !(byte == 0x2F && p + 1 < n && base[p + 1] == 0x3E) else { break }
            if isNameStart(byte) {
                let attributeStart = p
                var q = p
                while q < n, q - attributeStart < 100, isNameByte(base[q]) { q += 1 }
                let attributeNameEnd = q
                while q < n, isBlank(base[q]) { q += 1 }
                var attributeEnd = attributeNameEnd
                if q < n, base[q] == 0x3D {  // =
                    q += 1
                    while q < n, isBlank(base[q]) { q += 1 }
                    if q < n, base[q] == 0x22 || base[q] == 0x27 {
                        let quote = base[q]
                        if let found = memchr(base + q + 1, Int32(quote), n - q - 1) {
                            attributeEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                        } else {
                            attributeEnd = n
                        }
                    } else {
                        while q < n, base[q] != 0x3E, !isBlank(base[q]) { q += 1 }
                        attributeEnd = q
                    }
                }
                if !keepAll && !isReadAttribute(base, attributeStart, attributeNameEnd) {
                    move(base, from: pending, to: attributeStart, write: &write)
                    pending = attributeEnd
                }
                p = attributeEnd
            } else {
                // A bogus attribute: libxml2 skips it up to a blank or the end of the tag.
                while p < n {
                    let byte = base[p]
                    if isBlank(byte) || byte == 0x3E || (byte == 0x2F && p + 1 < n && base[p + 1] == 0x3E) {
                        break
                    }
                    p += 1
                }
            }
            while p < n, isBlank(base[p]) { p += 1 }
        }
        var end = p
        if p < n, base[p] == 0x3E {
            end = p + 1
        } else if p + 1 < n, base[p] == 0x2F, base[p + 1] == 0x3E {
            end = p + 2
        }
        move(base, from: pending, to: end, write: &write)
        return end
    }

    /// Moves `base[from..<to]` to `write` (never after `from`) and advances `write`.
    @inline(__always)
    private static func move(_ base: UnsafeMutablePointer<UInt8>, from: Int, to: Int, write: inout Int) {
        let length = to - from
        guard length > 0 else { return }
        if write != from { memmove(base + write, base + from, length) }
        write += length
    }

    /// Whether the attribute name at `start..<end` is one ``Attributes`` reads.
    private static func isReadAttribute(_ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length <= longestReadAttribute else { return false }
        for name in readAttributes where name.count == length {
            if equalsLowercased(base, start, end, name) { return true }
        }
        return false
    }

    /// Attribute names ``Attributes/read(_:cache:)`` looks at: every ``AttributeKind`` but `other`.
    private static let readAttributes: [[UInt8]] = AttributeKind.allCases.filter { $0 != .other }.map {
        Array($0.rawValue.utf8)
    }
    private static let longestReadAttribute = readAttributes.map(\.count).max() ?? 0
    private static let script = Array("script".utf8)
    private static let style = Array("style".utf8)
    private static let meta = Array("meta".utf8)

    @inline(__always)
    private static func equalsLowercased(
        _ base: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int, _ word: [UInt8]
    ) -> Bool {
        guard end - start == word.count else { return false }
        var index = 0
        while index < word.count {
            let byte = base[start + index]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if lower != word[index] { return false }
            index += 1
        }
        return true
    }

    /// libxml2's IS_BLANK_CH: space, tab, LF, CR.
    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A
    }

    /// First byte of an HTML name (htmlParseHTMLName): a letter, `_`, `:` or `.`.
    @inline(__always)
    private static func isNameStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2E
    }

    /// A byte of an HTML name: a letter, a digit, `:`, `-`, `_` or `.`.
    @inline(__always)
    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x3A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }
}
