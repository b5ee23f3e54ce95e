import ArgumentParser
import DocPipe
import DocPipeStages
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `docpipe extract FILE|URL|-... [--json|--jsonl]`: fetch and clean, print the main text, the
/// document JSON, or one JSON line per input in input order.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Fetch and clean documents; print the main text, the document JSON, or JSON lines.",
        discussion: """
            Each input is a file, an http(s) URL, or - for standard input. Inputs are processed in one \
            process, in order. With --jsonl an input that fails prints {"source": {"uri": …}, "error": …} \
            in its place. Exit code 3 when some input failed.
            """)

    @Argument(help: "Files, URLs, or - for standard input.")
    var inputs: [String]

    @Flag(help: "Print the whole document as JSON.")
    var json = false

    @Flag(help: "Print one document JSON line per input, in input order.")
    var jsonl = false

    @Option(help: "Input kind: auto, html or text.")
    var mode: String = "auto"

    func validate() throws {
        if json && jsonl { throw ValidationError("--json and --jsonl exclude each other") }
        if CleanStage.Mode(rawValue: mode) == nil { throw ValidationError("--mode must be auto, html or text") }
    }

    func run() async throws {
        let stage = CleanStage(mode: CleanStage.Mode(rawValue: mode) ?? .auto)
        let fetchedAt = Self.fetchedAt()
        let directory = FileManager.default.currentDirectoryPath
        var output = OutputBuffer()
        var failures = 0
        for input in inputs {
            let uri = Self.uri(for: input, directory: directory)
            do {
                let document = try await Self.load(input, directory: directory, fetchedAt: fetchedAt)
                let cleaned = try stage.clean(document)
                if jsonl {
                    output.append(cleaned.jsonLine())
                    output.append([10])
                } else if json {
                    output.append(Array(JSONWriter(pretty: true).string(cleaned.json).utf8))
                    output.append([10])
                } else {
                    if inputs.count > 1, let title = cleaned.title { output.append(Array("# \(title)\n".utf8)) }
                    output.append(Array(cleaned.text.utf8))
                    output.append(inputs.count > 1 ? [10, 10] : [10])
                }
            } catch {
                failures += 1
                let message = "\(error)"
                if jsonl {
                    let line: JSONValue = .object(["source": .object(["uri": .string(uri)]), "error": .string(message)])
                    output.append(JSONWriter().bytes(line))
                    output.append([10])
                } else {
                    output.flush()
                    Terminal.write("error: \(input): \(message)\n", to: .standardError)
                }
            }
            output.flushIfLarge()
        }
        output.flush()
        if failures > 0 { throw ExitCode(3) }
    }

    /// The `source.uri` an input gets (for error lines).
    static func uri(for input: String, directory: String) -> String {
        if input == "-" { return "stdin:" }
        if input.hasPrefix("http://") || input.hasPrefix("https://") { return input }
        return FileURL.from(path: FileSystem.absolute(input, relativeTo: directory))
    }

    /// Reads and decodes one input with the fetch stage's charset detection.
    static func load(_ input: String, directory: String, fetchedAt: Int) async throws -> Document {
        if input == "-" {
            let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            return FetchedDocument.make(uri: "stdin:", bytes: bytes, mediaType: sniffMediaType(bytes), fetchedAt: fetchedAt)
        }
        if input.hasPrefix("http://") || input.hasPrefix("https://") {
            guard let url = URL(string: input) else { throw DocumentError("not a URL: \(input)") }
            let (data, response) = try await URLSession.shared.data(from: url)
            let http = response as? HTTPURLResponse
            let status = http?.statusCode ?? 200
            guard (200..<300).contains(status) else { throw DocumentError("HTTP \(status)") }
            let contentType = http?.value(forHTTPHeaderField: "Content-Type") ?? ""
            let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let bytes = [UInt8](data)
            let mediaType = parts.first.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 } ?? sniffMediaType(bytes)
            let charset = parts.dropFirst().first { $0.lowercased().hasPrefix("charset=") }.map { String($0.dropFirst(8)) }
            return FetchedDocument.make(
                uri: input, bytes: bytes, mediaType: mediaType, headerCharset: charset, fetchedAt: fetchedAt,
                status: status, finalURI: response.url?.absoluteString)
        }
        return try FetchedDocument.load(path: FileSystem.absolute(input, relativeTo: directory), fetchedAt: fetchedAt)
    }

    private static func sniffMediaType(_ bytes: [UInt8]) -> String {
        let head = bytes.prefix(512).drop { $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 || $0 >= 0xEF }
        return head.first == UInt8(ascii: "<") ? "text/html" : "text/plain"
    }

    private static func fetchedAt() -> Int {
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Int(epoch) { return value }
        return Int(Date().timeIntervalSince1970)
    }
}

/// Standard output in large writes.
private struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    mutating func flushIfLarge() { if bytes.count >= 1 << 16 { flush() } }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        Terminal.write(bytes: bytes, to: .standardOutput)  // UTF-8 already: JSON and text written from Strings
        bytes.removeAll(keepingCapacity: true)
    }
}
