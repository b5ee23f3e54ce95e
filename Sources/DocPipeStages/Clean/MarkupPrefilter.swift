#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes what the extractor never reads — `<script>`, `<style>`, `<noscript>`, `<svg>`, `<template>`
/// elements, comments, `<!DOCTYPE>` and `<?…?>` declarations — from the page bytes before libxml2 parses them.
/// A `<noscript>` of at least 1,000 bytes with paragraphs is the article for readers without
/// script (blogs that render posts from a template): its content stays.
///
/// On typical pages this is half of the bytes, and libxml2's HTML parser is the largest cost of
/// cleaning; a byte scan is an order of magnitude cheaper. The bodies of `application/ld+json`
/// scripts are kept aside (they hold dates and authors). The scan mirrors the HTML raw-text rules:
/// a script ends at the first `</script`, whatever it contains; an unterminated element or
/// comment runs to the end of the input. NUL bytes become spaces. (A declaration in the middle of a body, such as an inline SVG
/// file's `<!DOCTYPE svg …>`, can make libxml2 swallow the closing tags after it.)
struct MarkupPrefilter {
    /// The filtered bytes.
    var bytes: [UInt8] = []
    /// Bodies of JSON-LD scripts.
    var jsonLD: [String] = []

    init(_ input: UnsafeBufferPointer<UInt8>) {
        let n = input.count
        bytes.reserveCapacity(n)
        var copyFrom = 0
        var i = 0
        while i < n {
            guard let open = Self.next(0x3C, in: input, from: i) else { break }  // <
            i = open
            guard i + 3 < n else { break }
            let next = input[i + 1]
            if next == 0x21 && input[i + 2] == 0x2D && input[i + 3] == 0x2D {  // <!--
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[copyFrom..<i]))
                let end = Self.find(input, Self.commentEnd, from: i + 4) ?? n
                i = min(n, end + 3)
                copyFrom = i
                continue
            }
            if next == 0x21 || next == 0x3F {  // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>: declarations, not content
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[copyFrom..<i]))
                var end = i + 2
                while end < n && input[end] != 0x3E { end += 1 }
                i = min(n, end + 1)
                copyFrom = i
                continue
            }
            guard let name = Self.rawElement(input, at: i + 1) else {
                i += 1
                continue
            }
            // End of the opening tag.
            var tagEnd = i + 1 + name.count
            while tagEnd < n && input[tagEnd] != 0x3E { tagEnd += 1 }
            let contentStart = min(n, tagEnd + 1)
            let close = Self.findClose(input, name: name, from: contentStart) ?? n
            if name == Self.noscript, close - contentStart >= 1000, Self.holdsParagraph(input, in: contentStart..<close) {
                // The article itself, for readers without script: its markup is read like the rest.
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[copyFrom..<i]))
                i = contentStart
                copyFrom = i
                continue
            }
            if name == Self.script, Self.contains(input, Self.ldJSON, in: (i + 1)..<tagEnd) {
                jsonLD.append(String(decoding: UnsafeBufferPointer(rebasing: input[contentStart..<close]), as: UTF8.self))
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[copyFrom..<i]))
            var after = close
            while after < n && input[after] != 0x3E { after += 1 }
            i = min(n, after + 1)
            copyFrom = i
        }
        if copyFrom < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[copyFrom..<n])) }
        // libxml2 stops at a NUL byte: a page with stray NULs would lose everything after them.
        bytes.withUnsafeMutableBufferPointer { buffer in
            var index = 0
            while let found = Self.next(0, in: UnsafeBufferPointer(buffer), from: index) {
                buffer[found] = 0x20
                index = found + 1
            }
        }
    }

    private static let commentEnd = Array("-->".utf8)
    private static let ldJSON = Array("ld+json".utf8)
    private static let script = Array("script".utf8)
    private static let noscript = Array("noscript".utf8)
    private static let names = ["script", "style", "noscript", "svg", "template"].map { Array($0.utf8) }

    /// The raw element name starting at `index` (case-insensitive), followed by a space, `>` or `/`.
    private static func rawElement(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> [UInt8]? {
        let first = input[index] | 0x20
        guard first == 0x73 || first == 0x6E || first == 0x74 else { return nil }  // s n t
        for name in names where name[0] == first && index + name.count < input.count {
            var k = 1
            while k < name.count && (input[index + k] | 0x20) == name[k] { k += 1 }
            guard k == name.count else { continue }
            let after = input[index + k]
            if after == 0x3E || after == 0x20 || after == 0x2F || after == 0x0A || after == 0x09 || after == 0x0D {
                return name
            }
        }
        return nil
    }

    /// Index of `</name` (case-insensitive) at or after `from`.
    private static func findClose(_ input: UnsafeBufferPointer<UInt8>, name: [UInt8], from: Int) -> Int? {
        let n = input.count
        var i = from
        while let open = next(0x3C, in: input, from: i), open + 1 + name.count < n {
            i = open
            if input[i + 1] == 0x2F {
                var k = 0
                while k < name.count && (input[i + 2 + k] | 0x20) == name[k] { k += 1 }
                if k == name.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The index of the first `byte` at or after `from` (memchr: many bytes per step).
    @inline(__always)
    private static func next(_ byte: UInt8, in input: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < input.count, let base = input.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(byte), input.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private static func find(_ input: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        let n = input.count
        var i = from
        while i + needle.count <= n {
            if input[i] == needle[0] {
                var k = 1
                while k < needle.count && input[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether `range` holds a `<p>` start tag (`<p>` or `<p ` in any case).
    private static func holdsParagraph(_ input: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while let open = next(0x3C, in: input, from: i), open + 2 < range.upperBound {
            let after = input[open + 2]
            if input[open + 1] | 0x20 == 0x70 && (after == 0x3E || after == 0x20 || after == 0x09 || after == 0x0A || after == 0x0D) {
                return true
            }
            i = open + 1
        }
        return false
    }

    private static func contains(_ input: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], in range: Range<Int>) -> Bool {
        guard range.count >= needle.count else { return false }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            var k = 0
            while k < needle.count && (input[i + k] | 0x20) == needle[k] { k += 1 }
            if k == needle.count { return true }
            i += 1
        }
        return false
    }
}
