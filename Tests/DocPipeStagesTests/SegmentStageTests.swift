import DocPipe
import DocPipeStages
import Testing

@Suite("Segment: the stage")
struct SegmentStageTests {
    static func setup() -> StageSetup {
        StageSetup(
            stageID: "segment", pipeline: PipelineInfo(name: "test", path: nil, directory: "/", sourceText: ""),
            environment: [:], logger: PipelineLoader(registry: StageRegistry()).logger)
    }

    static func context() -> StageContext {
        let pipeline = PipelineInfo(name: "test", path: nil, directory: "/", sourceText: "")
        return StageContext(
            stageID: "segment",
            run: RunInfo(id: "r", startedAt: 0, isReproducible: true, pipeline: pipeline, stages: []),
            logger: PipelineLoader(registry: StageRegistry()).logger)
    }

    /// A source stage that produces nothing, so that a pipeline file can be loaded.
    struct NullSource: SourceStage {
        static let name = "null"
        static let summary = "Produces nothing."
        init(options: StageOptions, context: StageSetup) throws {}
        func run(into output: SourceOutput, context: StageContext) async throws {}
    }

    static func load(_ with: String) throws(PipelineError) -> Pipeline {
        var registry = StageRegistry.builtIn
        try! registry.register(StageDescriptor(NullSource.self))
        let text = "docpipe: 1\nname: t\nstages:\n  - use: null\n  - use: segment\n    with: \(with)\n"
        return try PipelineLoader(registry: registry).load(text: text, file: "p.yaml", directory: "/")
    }

    @Test("is registered as a built-in transform with its options declared")
    func registered() throws {
        let descriptor = try #require(StageRegistry.builtIn["segment"])
        #expect(descriptor.role == .transform)
        #expect(descriptor.options.map(\.name) == ["levels", "min_chars"])
        #expect(descriptor.options[0].defaultValue == ["section", "paragraph", "sentence"])
        #expect(descriptor.options[1].defaultValue == 0)
    }

    @Test("options from a pipeline file build the segmenter")
    func optionsFromPipeline() throws {
        let pipeline = try Self.load("{ levels: [paragraph, clause], min_chars: 3 }")
        guard case .transform(let instance) = pipeline.stages[1].instance, let stage = instance as? SegmentStage else {
            Issue.record("segment is not a SegmentStage")
            return
        }
        #expect(stage.segmenter.levels == [.paragraph, .clause])
        #expect(stage.segmenter.minChars == 3)
    }

    @Test("a single level is a list of one")
    func singleLevel() throws {
        let pipeline = try Self.load("{ levels: clause }")
        guard case .transform(let instance) = pipeline.stages[1].instance, let stage = instance as? SegmentStage else {
            Issue.record("segment is not a SegmentStage")
            return
        }
        #expect(stage.segmenter.levels == [.clause])
        let direct = try SegmentStage(options: StageOptions(values: ["levels": "sentence"]), context: Self.setup())
        #expect(direct.segmenter.levels == [.sentence])
    }

    @Test(
        "bad options are errors at the option",
        arguments: [
            "{ levels: [sentence, word] }", "{ min_chars: -1 }", "{ levels: [] }", "{ level: [sentence] }",
        ])
    func badOptions(_ with: String) throws {
        #expect(throws: PipelineError.self) { try Self.load(with) }
    }

    @Test("empty or unknown levels are rejected by the stage itself")
    func badLevelsDirect() {
        #expect(throws: StageConfigurationError.self) {
            try SegmentStage(options: StageOptions(values: ["levels": .array([])]), context: Self.setup())
        }
        #expect(throws: StageConfigurationError.self) {
            try SegmentStage(options: StageOptions(values: ["levels": ["word"]]), context: Self.setup())
        }
    }

    @Test("replaces segments of the kinds it produces and keeps the others")
    func replaces() async throws {
        let stage = SegmentStage(segmenter: Segmenter(levels: [.sentence]))
        var document = Document(uri: "file:///a.txt", text: "第一句。第二句。\n下一段")
        document.segments = [
            Segment(id: "old", kind: .sentence, start: 0, end: 1),
            Segment(id: "p9", kind: .paragraph, start: 0, end: 8),
        ]
        let output = try await stage.process(document, context: Self.context())
        let segments = try #require(output.first).segments
        #expect(segments.map(\.id) == ["p9", "p1.s1", "p1.s2", "p2.s1"])
        #expect(segments.filter { $0.kind == .sentence }.allSatisfy { $0.parent == nil })
    }
}
