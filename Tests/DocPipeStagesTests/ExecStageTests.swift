import DocPipe
import DocPipeStages
import DocPipeTesting
import Testing

@Suite("exec stage")
struct ExecStageTests {
    @Test("documents pass through a Python stage in order, with hello options, at concurrency 2")
    func passThrough() async throws {
        let texts = (0..<300).map { "文档 \($0) — 𠀀𝄞 emoji 😀 and \"quotes\"\n\ttabs" }
        let pipeline = try ExecFixtures.pipeline(
            "faulty.py", documents: ExecFixtures.documents(texts), runnerKeys: ["concurrency: 2"], options: "{level: 3}"
        )
        let result = try await pipeline.runCollecting()
        #expect(result.quarantined.isEmpty)
        #expect(result.documents.map(\.text) == texts)
        #expect(result.documents.allSatisfy { $0.metadata["seen_by"] == "faulty" })
        #expect(result.documents.first?.metadata["hello"] == ["level": 3])
        #expect(result.documents.first?.lineage.last?.stage == "exec")
        #expect(result.report.stages[1].out == 300)
    }

    @Test("a stage may answer an input with no document or with several")
    func zeroAndManyOutputs() async throws {
        let pipeline = try ExecFixtures.pipeline(
            "faulty.py", documents: ExecFixtures.documents(["one", "DROP me", "SPLIT:3 please", "two"]))
        let result = try await pipeline.runCollecting()
        #expect(result.documents.map(\.text) == ["one", "part 1", "part 2", "part 3", "two"])
        let splitID = Document.defaultID(for: "test:exec/2")
        #expect(result.documents[1...3].map(\.id) == ["\(splitID)-1", "\(splitID)-2", "\(splitID)-3"])
        #expect(result.quarantined.isEmpty)
    }

    @Test("an error answer quarantines the document with the stage's message; the process stays")
    func errorAnswer() async throws {
        let pipeline = try ExecFixtures.pipeline(
            "faulty.py", documents: ExecFixtures.documents(["a", "ERROR here", "b"]), runnerKeys: ["restarts: 0"])
        let result = try await pipeline.runCollecting()
        #expect(result.documents.map(\.text) == ["a", "b"])
        #expect(result.quarantined.count == 1)
        #expect(result.quarantined.first?.error == "refused: \(Document.defaultID(for: "test:exec/1"))")
    }

    @Test(
        "a broken process costs the document in flight, is replaced, and later documents go on",
        arguments: [
            ("CRASH", "exited mid-stream (exit status 1)"),
            ("HANG", "timed out after 1500ms; the process was killed"),
            ("BADJSON", "invalid JSON"),
            ("WRONGSEQ", "answered seq"),
            ("EXIT", "exited mid-stream (exit status 0)"),
        ])
    func faults(marker: String, reason: String) async throws {
        let texts = ["first", "second", "\(marker) now", "fourth", "fifth"]
        let pipeline = try ExecFixtures.pipeline(
            "faulty.py", documents: ExecFixtures.documents(texts), runnerKeys: ["timeout: 1500ms", "restarts: 1"])
        let result = try await pipeline.runCollecting()
        #expect(result.documents.map(\.text) == ["first", "second", "fourth", "fifth"])
        #expect(result.quarantined.count == 1)
        let record = try #require(result.quarantined.first)
        #expect(record.document.text == "\(marker) now")
        #expect(record.stageID == "exec")
        #expect(record.error.hasPrefix("the stage process broke: "), "\(record.error)")
        #expect(record.error.contains(reason), "\(record.error)")
    }

    @Test("faults at concurrency 2 each cost only their own document")
    func faultsConcurrently() async throws {
        var texts = (0..<200).map { "doc \($0)" }
        texts[17] = "CRASH"
        texts[90] = "BADJSON"
        texts[150] = "WRONGSEQ"
        let pipeline = try ExecFixtures.pipeline(
            "faulty.py", documents: ExecFixtures.documents(texts), runnerKeys: ["concurrency: 2"])
        let result = try await pipeline.runCollecting()
        #expect(Set(result.quarantined.map(\.document.text)) == ["CRASH", "BADJSON", "WRONGSEQ"])
        #expect(result.documents.map(\.text) == texts.filter { !["CRASH", "BADJSON", "WRONGSEQ"].contains($0) })
    }

    @Test("more breaks than 'restarts' allows fail the run with a clear message")
    func restartsExhausted() async throws {
        let texts = ["a", "CRASH 1", "b", "CRASH 2", "c", "CRASH 3", "d"]
        let pipeline = try ExecFixtures.pipeline(
            "faulty.py", documents: ExecFixtures.documents(texts), runnerKeys: ["restarts: 2"])
        do {
            _ = try await pipeline.runCollecting()
            Issue.record("the run should have failed")
        } catch let failure as RunFailure {
            #expect(failure.stageID == "exec")
            #expect(failure.message.contains("broke 3 times, more than 'restarts: 2' allows"), "\(failure.message)")
            #expect(failure.message.contains("exited mid-stream"), "\(failure.message)")
            #expect(failure.documentID == Document.defaultID(for: "test:exec/5"))
        }
    }

    @Test("raw bytes travel as base64 only to a stage that asks for them, and come back")
    func rawBytes() async throws {
        var document = Document.testDocument("text", uri: "test:raw")
        document.raw = Array("原始字节 \u{0}\u{FF}".utf8)
        let pipeline = try ExecFixtures.pipeline("rawcheck.py", documents: [document])
        let result = try await pipeline.runCollecting()
        let output = try #require(result.documents.first)
        #expect(output.metadata["raw_bytes"] == .int(document.raw!.count))
        #expect(output.metadata["raw_text"] == .string("原始字节 \u{0}\u{FF}"))
        #expect(output.raw == document.raw! + [UInt8(ascii: "!")])

        var plain = Document.testDocument("kept", uri: "test:plain")
        plain.raw = [1, 2, 3]
        let through = try await ExecFixtures.pipeline("passthrough.py", documents: [plain]).runCollecting()
        #expect(through.documents.first?.raw == [1, 2, 3])
    }

    @Test("a program that is not there is a positioned configuration error")
    func missingProgram() throws {
        let yaml = """
            docpipe: 1
            stages:
              - use: generate
              - use: exec
                with:
                  command: [no-such-program-docpipe]
            """
        #expect {
            _ = try PipelineLoader(registry: .builtIn).load(
                text: yaml, file: "p.yaml", directory: ExecFixtures.directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains("p.yaml:6:") && text.contains("'no-such-program-docpipe' is not in PATH")
        }
    }

    @Test("a single document through process(_:context:) with the test kit")
    func stageTester() async throws {
        let stage = try StageTester.make(
            ExecStage.self, options: ["command": ["python3", .string(ExecFixtures.path("passthrough.py"))]])
        let context = StageTester.context(for: "exec")
        let output = try await stage.process(Document.testDocument("hello 世界"), context: context)
        #expect(output.map(\.text) == ["hello 世界"])
        try await stage.finish(context: context)
    }
}
