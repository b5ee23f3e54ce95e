#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lossy decoding through iconv: invalid bytes become U+FFFD and are counted, so a damaged
/// page is never lost.
enum IconvDecoder {
    static func decode(_ bytes: ArraySlice<UInt8>, from encoding: String) -> (text: String, errors: Int) {
        let converter = iconv_open("UTF-8", encoding)
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            let text = String(decoding: bytes, as: UTF8.self)
            return (text, text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) })
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 3 / 2 + 64)
        var written = 0
        var errors = 0
        var input = Array(bytes)
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBuffer.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                if output.count - written < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let result: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBuffer.baseAddress! + written)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count - written
                    let before = outLeft
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    written += before - outLeft
                    return result == -1 ? Int(errno) : 0
                }
                switch result {
                case 0:
                    continue
                case Int(E2BIG):
                    output.append(contentsOf: repeatElement(0, count: output.count))
                case Int(EINVAL):
                    // An incomplete sequence at the end.
                    errors += 1
                    appendReplacement(&output, &written)
                    inLeft = 0
                default:
                    // EILSEQ: skip one byte.
                    errors += 1
                    appendReplacement(&output, &written)
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                    iconv(converter, nil, nil, nil, nil)
                }
            }
        }
        return (String(decoding: output[0..<written], as: UTF8.self), errors)
    }

    private static func appendReplacement(_ output: inout [UInt8], _ written: inout Int) {
        if output.count - written < 3 { output.append(contentsOf: repeatElement(0, count: 64)) }
        output[written] = 0xEF
        output[written + 1] = 0xBF
        output[written + 2] = 0xBD
        written += 3
    }
}
