import DocPipe
import DocPipeStages
import Testing

@Suite("exec-check conformance")
struct ExecCheckTests {
    static func run(_ program: String) async -> [ExecConformance.Check] {
        await ExecConformance.run(
            command: ["python3", program], directory: ExecFixtures.directory, timeout: .seconds(5))
    }

    @Test("a well-behaved stage passes every check")
    func goodStage() async {
        let checks = await Self.run("passthrough.py")
        #expect(checks.count == 8)
        let failures = checks.filter { !$0.passed }
        #expect(failures.isEmpty, "\(failures)")
        #expect(checks.first?.detail == "passthrough 1.0")
    }

    @Test(
        "broken stages fail the checks that catch them",
        arguments: [
            ("broken_protocol.py", "handshake (hello → ready, protocol 1)", "speaks protocol 2"),
            (
                "broken_seq.py", "seq numbers echoed (7, 8, 1000, one at a time)",
                "answered seq 1 while seq 7 was in flight"
            ),
            ("broken_exit.py", "end of input: exits with status 0", "exit status 3"),
            (
                "broken_latin1.py", "non-ASCII text (CJK, astral characters, RTL, combining marks)",
                "non-ASCII characters were lost"
            ),
            ("broken_buffer.py", "large document (5 MB of text)", "exited mid-stream"),
        ])
    func brokenStages(program: String, check: String, reason: String) async throws {
        let checks = await Self.run(program)
        let failed = try #require(checks.first { $0.name == check })
        #expect(!failed.passed)
        #expect(failed.detail.contains(reason), "\(failed.detail)")
        #expect(checks.contains { !$0.passed })
    }

    @Test("a program that cannot be found fails at once")
    func missingProgram() async {
        let checks = await ExecConformance.run(command: ["no-such-program-docpipe"])
        #expect(checks.count == 1)
        #expect(checks.first?.passed == false)
    }
}
