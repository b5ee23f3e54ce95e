import DocPipe
public import Logging

/// Checks a program against `docpipe-exec/1` by sending it only well-formed input (what
/// `docpipe exec-check -- COMMAND...` runs). Each check starts a fresh process, so one broken
/// behaviour does not hide the others.
public enum ExecConformance {
    /// The outcome of one check.
    public struct Check: Sendable, Equatable {
        public var name: String
        public var passed: Bool
        /// What was seen (on success) or what broke (on failure).
        public var detail: String
    }

    /// Runs every check against `command` (in `directory`, default the current one); each
    /// document must be answered within `timeout`.
    public static func run(
        command: [String], directory: String? = nil, timeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "docpipe.exec-check", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async -> [Check] {
        let directory = directory ?? FileSystem.currentDirectory
        var arguments = command
        guard let program = command.first,
            let resolved = ExecStage.locate(program, in: directory, path: ProcessEnvironment.current["PATH"])
        else {
            return [Check(name: "start", passed: false, detail: "cannot find the program '\(command.first ?? "")'")]
        }
        arguments[0] = resolved
        let runner = CheckRunner(
            configuration: ExecProcess.Configuration(
                arguments: arguments, environment: ProcessEnvironment.current, directory: directory,
                stageID: "exec-check",
                options: ["checking": true], timeout: timeout, handshakeTimeout: max(timeout, .seconds(10)),
                exitGrace: .seconds(5), logger: logger))
        var checks: [Check] = []
        checks.append(
            await runner.check("handshake (hello → ready, protocol 1)") { _, ready in
                guard !ready.name.isEmpty else { throw CheckFailure("'ready' has no 'name'") }
                guard !ready.version.isEmpty else { throw CheckFailure("'ready' has no 'version'") }
                return "\(ready.name) \(ready.version)\(ready.wantsRaw ? ", wants raw bytes" : "")"
            })
        checks.append(
            await runner.check("one document answered with its seq") { process, _ in
                let outputs = try await runner.send([(1, Samples.plain)], to: process)
                return "\(outputs[0].count) output document(s)"
            })
        checks.append(
            await runner.check("seq numbers echoed (7, 8, 1000, one at a time)") { process, _ in
                for seq in [7, 8, 1000] { _ = try await runner.send([(seq, Samples.numbered(seq))], to: process) }
                return "answers carried the right seq"
            })
        checks.append(
            await runner.check("50 documents in flight, answered in order") { process, _ in
                let outputs = try await runner.send((1...50).map { ($0, Samples.numbered($0)) }, to: process)
                let counts = Set(outputs.map(\.count)).sorted()
                return "outputs per input: \(counts.map(String.init).joined(separator: ", "))"
            })
        checks.append(
            await runner.check("empty text and unknown keys") { process, _ in
                _ = try await runner.send([(1, Samples.empty), (2, Samples.rich)], to: process)
                return "answered both"
            })
        checks.append(
            await runner.check("non-ASCII text (CJK, astral characters, RTL, combining marks)") { process, _ in
                let outputs = try await runner.send([(1, Samples.nonASCII)], to: process)
                for output in outputs[0] where output.text.contains("\u{FFFD}") {
                    throw CheckFailure(
                        "output \(output.id) has U+FFFD replacement characters: the text was mis-decoded")
                }
                if let same = outputs[0].first(where: { $0.id == Samples.nonASCII.id }) {
                    if same.text == Samples.nonASCII.text { return "text came back intact" }
                    if same.text.unicodeScalars.allSatisfy(\.isASCII) {
                        throw CheckFailure(
                            "the non-ASCII characters were lost (the output text is ASCII only): is stdout UTF-8?")
                    }
                }
                return "\(outputs[0].count) output document(s), no replacement characters"
            })
        checks.append(
            await runner.check("large document (5 MB of text)", timeout: max(timeout, .seconds(60))) { process, _ in
                let outputs = try await runner.send([(1, Samples.large)], to: process)
                return "\(outputs[0].count) output document(s)"
            })
        checks.append(await runner.check("end of input: exits with status 0", checksExit: true) { _, _ in "" })
        return checks
    }
}

/// A check failed; the message says why.
struct CheckFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs one check in a fresh process.
private struct CheckRunner: Sendable {
    let configuration: ExecProcess.Configuration

    func check(
        _ name: String, timeout: Duration? = nil, checksExit: Bool = false,
        _ body: (ExecProcess, ExecProcess.Ready) async throws -> String
    ) async -> ExecConformance.Check {
        var configuration = configuration
        if let timeout { configuration.timeout = timeout }
        let process: ExecProcess
        do {
            process = try ExecProcess(configuration)
        } catch {
            return .init(name: name, passed: false, detail: "cannot start: \(error)")
        }
        let ready: ExecProcess.Ready
        do {
            ready = try await process.handshake()
        } catch {
            _ = await process.end()
            return .init(name: name, passed: false, detail: "handshake failed: \(error)")
        }
        let detail: String
        do {
            detail = try await body(process, ready)
        } catch {
            process.terminate()
            _ = await process.end()
            return .init(name: name, passed: false, detail: "\(error)")
        }
        let status = await process.end()
        if checksExit {
            guard status == .exited(0) else {
                let fault = process.fault.map { " (\($0))" } ?? ""
                return .init(name: name, passed: false, detail: "after 'end' the process ended with \(status)\(fault)")
            }
            return .init(name: name, passed: true, detail: "exit status 0")
        }
        return .init(name: name, passed: true, detail: detail)
    }

    /// Sends documents pipelined and returns each one's outputs; anything but `done` fails.
    func send(_ documents: [(Int, Document)], to process: ExecProcess) async throws -> [[Document]] {
        let answers = await process.run(documents.map { (seq: $0.0, document: $0.1) }, includeRaw: false)
        var outputs: [[Document]] = []
        for (position, (answer, _)) in answers.enumerated() {
            let seq = documents[position].0
            switch answer {
            case .output(let documents): outputs.append(documents)
            case .failed(let message): throw CheckFailure("answered 'error' for seq \(seq): \(message)")
            case .broken(let reason): throw CheckFailure("broke at seq \(seq): \(reason)")
            case .notRun: throw CheckFailure("never answered seq \(seq)")
            }
        }
        return outputs
    }
}

/// Well-formed documents for the checks.
private enum Samples {
    static let plain = document("exec-check:plain", "A plain document. 一份普通的文档。")

    static func numbered(_ number: Int) -> Document {
        document("exec-check:numbered/\(number)", "Document number \(number).")
    }

    static let empty = document("exec-check:empty", "")

    static var rich: Document {
        var document = document("exec-check:rich", "一、标题\n正文第一句。第二句。")
        document.title = "标题"
        document.metadata = ["site": "example.org", "x_future_field": ["nested": [1, 2, 3]]]
        document.segments = [
            Segment(id: "s1", kind: .section, start: 0, end: 13, heading: "一、标题"),
            Segment(id: "p1", kind: .paragraph, start: 5, end: 13, parent: "s1"),
        ]
        document.labels = [
            Label(theme: "test", score: 0.5, segment: "p1", evidence: [Evidence(phrase: "正文", start: 5, end: 7)])
        ]
        return document
    }

    static let nonASCII = document(
        "exec-check:non-ascii",
        "中文：关于深化面向东盟开放合作的提案《一带一路》—— “引号” 𠀀𠀁𪚥 😀👩‍👩‍👧 𝄞 العربية עברית e\u{301} ﬁ \u{200B}zero-width\t\"quotes\" \\ backslash")

    static var large: Document {
        let unit = "第一条 为了加强人才培养合作，制定本办法。Article 1: cooperation on talent training. 😀\n"
        let repeats = 5_000_000 / unit.utf8.count + 1
        return document("exec-check:large", String(repeating: unit, count: repeats))
    }

    static func document(_ uri: String, _ text: String) -> Document {
        var document = Document(uri: uri, text: text)
        document.source.mediaType = "text/plain"
        document.source.fetchedAt = "2024-01-01T00:00:00Z"
        return document
    }
}
