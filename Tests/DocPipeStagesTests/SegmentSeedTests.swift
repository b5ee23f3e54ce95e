import DocPipe
import DocPipeStages
import Foundation
import Testing

@Suite("Segment: the seed letter")
struct SegmentSeedTests {
    @Test("four top-level sections with the expected headings")
    func sections() throws {
        let text = try SegmentTestSupport.seedText()
        let expected = try SegmentTestSupport.seedExpectations()
        let headings = expected["sections"]?.arrayValue?.compactMap { $0["heading"]?.stringValue } ?? []
        #expect(headings.count == 4)
        let segments = Segmenter(levels: .all).segments(of: text)
        let sections = segments.filter { $0.kind == .section }
        #expect(sections.map(\.heading) == headings)
        #expect(sections.allSatisfy { $0.parent == nil })
        // Headings are not paragraphs.
        let paragraphs = SegmentTestSupport.texts(segments, .paragraph, in: text)
        for heading in headings { #expect(!paragraphs.contains(heading)) }
        #expect(paragraphs.count == 14 - 4)
    }

    @Test("sentence and clause counts of the eight body paragraphs")
    func sentenceAndClauseCounts() throws {
        let text = try SegmentTestSupport.seedText()
        let expected = try SegmentTestSupport.seedExpectations()
        let targets = expected["sentence_paragraphs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let sentenceCounts = expected["sentences_per_paragraph"]?.arrayValue?.compactMap(\.intValue) ?? []
        let clauseCounts = expected["clauses_per_paragraph"]?.arrayValue?.compactMap(\.intValue) ?? []
        #expect(targets.count == 8)
        #expect(sentenceCounts.reduce(0, +) == 15)
        #expect(clauseCounts.reduce(0, +) == 20)

        let segments = Segmenter(levels: .all).segments(of: text)
        let paragraphs = segments.filter { $0.kind == .paragraph }
        var sentences: [Int] = []
        var clauses: [Int] = []
        for target in targets {
            let paragraph = try #require(
                paragraphs.first { SegmentTestSupport.slice(text, $0.start, $0.end) == target })
            let paragraphSentences = segments.filter { $0.kind == .sentence && $0.parent == paragraph.id }
            sentences.append(paragraphSentences.count)
            let ids = Set(paragraphSentences.map(\.id))
            clauses.append(segments.filter { $0.kind == .clause && ids.contains($0.parent ?? "") }.count)
        }
        #expect(sentences == sentenceCounts)
        #expect(clauses == clauseCounts)
    }

    @Test("exact segments match the checked-in golden file")
    func golden() throws {
        let text = try SegmentTestSupport.seedText()
        let segments = Segmenter(levels: .all).segments(of: text)
        let actual = JSONWriter(pretty: true).string(SegmentTestSupport.json(segments, text: text)) + "\n"
        let goldenURL = SegmentTestSupport.fixtures.appendingPathComponent("segment-seed.golden.json")
        if ProcessInfo.processInfo.environment["DOCPIPE_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(actual == golden)
    }

    @Test("the stage with default options on the seed document")
    func stageDefaults() async throws {
        let text = try SegmentTestSupport.seedText()
        let stage = try SegmentStage(options: StageOptions(), context: SegmentStageTests.setup())
        var document = Document(uri: "file:///seed.txt", text: text)
        document.segments = [Segment(id: "x1", kind: "custom", start: 0, end: 2)]
        let output = try await stage.process(document, context: SegmentStageTests.context())
        let segments = try #require(output.first).segments
        #expect(segments.first?.kind == "custom")
        #expect(segments.filter { $0.kind == .section }.count == 4)
        #expect(segments.filter { $0.kind == .paragraph }.count == 10)
        #expect(segments.filter { $0.kind == .clause }.isEmpty)
    }
}
