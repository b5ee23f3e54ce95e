import ArgumentParser
import DocPipe
import DocPipeStages

/// `docpipe exec-check -- COMMAND...`: checks an exec stage against `docpipe-exec/1`.
struct ExecCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-check", abstract: "Check a program against the exec stage protocol (docpipe-exec/1).",
        discussion: """
            Starts the program once per check and sends it only well-formed input: the handshake, seq \
            numbers, several documents in flight, empty text and unknown keys, non-ASCII text, a 5 MB \
            document, and 'end' (it must then exit 0). Prints PASS or FAIL per check; exits 0 only if \
            all pass.
            """)

    @Option(
        help: ArgumentHelp(
            "How long the program may take per document (the large one gets at least 60s).", valueName: "duration"))
    var timeout: String = "10s"

    @Option(help: ArgumentHelp("The program's working directory (default: the current one).", valueName: "folder"))
    var cwd: String?

    @Argument(parsing: .postTerminator, help: "The program and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("give the program to check after --, e.g. docpipe exec-check -- python3 stage.py")
        }
        guard (try? DurationParser.parse(timeout)) != nil else {
            throw ValidationError("--timeout expects a duration such as 10s, found '\(timeout)'")
        }
    }

    func run() async throws {
        let limit = (try? DurationParser.parse(timeout)) ?? .seconds(10)
        let checks = await ExecConformance.run(
            command: command, directory: cwd.map { FileSystem.absolute($0) }, timeout: limit)
        let color = Terminal.isTerminal(.standardOutput)
        var text = ""
        for check in checks {
            let mark =
                check.passed
                ? (color ? "\u{1B}[32mPASS\u{1B}[0m" : "PASS") : (color ? "\u{1B}[31mFAIL\u{1B}[0m" : "FAIL")
            text += "\(mark)  \(check.name)\(check.detail.isEmpty ? "" : ": \(check.detail)")\n"
        }
        let passed = checks.filter(\.passed).count
        text += "exec-check: \(passed) of \(checks.count) checks passed\n"
        Terminal.write(text, to: .standardOutput)
        if passed != checks.count { throw ExitCode(1) }
    }
}
