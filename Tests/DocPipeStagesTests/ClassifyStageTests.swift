import DocPipe
import DocPipeStages
import DocPipeTesting
import Foundation
import Testing

@Suite("Classify: stage, seed golden, pipeline errors")
struct ClassifyStageTests {
    static let levels = ["section", "paragraph", "sentence"]

    /// The seed body with section, paragraph and sentence segments, labelled at `level`.
    func labelledSeed(level: String) async throws -> (document: Document, sections: [(heading: String, theme: String)])
    {
        let seed = try ClassifyFixtures.seed()
        let document = Document.testDocument(seed.text, uri: "test:seed", segments: Segmenter().segments(of: seed.text))
        let stage = try StageTester.make(
            ClassifyStage.self, options: ["taxonomy": .string(ClassifyFixtures.aseanTaxonomy), "level": .string(level)])
        let output = try await StageTester.process(stage, [document])
        try #require(output.count == 1)
        return (output[0], seed.sections)
    }

    @Test(arguments: levels)
    func seedSectionsGetTheirThemeFirst(level: String) async throws {
        let (document, sections) = try await labelledSeed(level: level)
        try #require(sections.count == 4)
        for (heading, theme) in sections {
            // The section, its body paragraph (the first after the heading) and that paragraph's sentences;
            // the closing 下一步 paragraph, which also falls in section 四, mixes themes on purpose.
            let section = try #require(document.segments.first { $0.kind == .section && $0.heading == heading })
            let body = try #require(document.segments.first { $0.kind == .paragraph && $0.parent == section.id })
            let units: [Segment] =
                switch level {
                case "section": [section]
                case "paragraph": [body]
                default: document.segments.filter { $0.kind == .sentence && $0.parent == body.id }
                }
            #expect(!units.isEmpty, "no \(level) in section \(heading)")
            for unit in units {
                let first = document.labels.first { $0.segment == unit.id }
                #expect(first?.theme == theme, "\(level) \(unit.id) of \(heading): \(document.text(of: unit))")
            }
        }
        // Evidence spans point at the phrase in the original text.
        for label in document.labels {
            #expect(!label.evidence.isEmpty)
            for evidence in label.evidence {
                #expect(document.text(from: evidence.start, to: evidence.end) == evidence.phrase)
            }
        }
        // The document-level aggregate has all four themes.
        let aggregate = document.labels.filter { $0.segment == nil }
        #expect(Set(aggregate.map(\.theme)) == ["training", "language", "platforms", "exchange"])
    }

    @Test func seedLabelsMatchTheGoldenFile() async throws {
        var golden = JSONObject()
        for level in Self.levels {
            let (document, _) = try await labelledSeed(level: level)
            golden[level] = document.json["labels"] ?? .null
        }
        let path = ClassifyFixtures.fixtures + "/seed-labels.json"
        let actual = JSONWriter(pretty: true).string(.object(golden)) + "\n"
        if ProcessInfo.processInfo.environment["DOCPIPE_UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "labels differ from \(path); rerun with DOCPIPE_UPDATE_GOLDEN=1 after checking")
    }

    /// With the real `segment` stage in front: each section's paragraphs and sentences (up to the
    /// closing 下一步 paragraph) get the section's theme first.
    @Test(arguments: ["paragraph", "sentence"])
    func afterTheSegmentStage(level: String) async throws {
        let seed = try ClassifyFixtures.seed()
        let segment = try StageTester.make(SegmentStage.self)
        let classify = try StageTester.make(
            ClassifyStage.self, options: ["taxonomy": .string(ClassifyFixtures.aseanTaxonomy), "level": .string(level)])
        let segmented = try await StageTester.process(segment, [Document.testDocument(seed.text)])
        let document = try #require(try await StageTester.process(classify, segmented).first)
        let sections = document.segments.filter { $0.kind == .section }
        #expect(sections.count == 4)
        for (heading, theme) in seed.sections {
            let section = try #require(
                sections.first { document.text(of: $0).hasPrefix(heading) || $0.heading == heading })
            let units = document.segments.filter {
                $0.kind.rawValue == level && $0.start >= section.start && $0.end <= section.end
                    && !document.text(of: $0).hasPrefix("下一步") && !document.text(of: $0).hasPrefix(heading)
            }
            let firstParagraphEnd = units.first.map { unit in
                document.segments.first { $0.kind == .paragraph && $0.start <= unit.start && unit.end <= $0.end }?.end
                    ?? unit.end
            }
            #expect(!units.isEmpty, "no \(level) in \(heading)")
            for unit in units where unit.end <= (firstParagraphEnd ?? .max) {
                #expect(
                    document.labels.first { $0.segment == unit.id }?.theme == theme,
                    "\(unit.id): \(document.text(of: unit))")
            }
        }
    }

    @Test func withoutSegmentsTheDocumentIsOneUnit() async throws {
        let stage = try StageTester.make(
            ClassifyStage.self, options: ["taxonomy": .string(ClassifyFixtures.aseanTaxonomy)])
        let text = "举办职业技能大赛，推进技工院校建设。\n天气晴朗。"
        let existing = Label(theme: "earlier", score: 1)
        var document = Document.testDocument(text)
        document.labels = [existing]
        let output = try await StageTester.process(stage, [document])
        #expect(output[0].labels.first == existing)
        let labels = output[0].labels.dropFirst()
        #expect(labels.map(\.theme) == ["training"])
        #expect(labels.allSatisfy { $0.segment == nil })
        #expect(labels.first?.evidence.map(\.phrase) == ["职业技能大赛", "技工院校"])
    }

    @Test func unitsWithoutThemeGetNoLabel() async throws {
        let stage = ClassifyStage(classifier: try ClassifyFixtures.asean(), level: .paragraph)
        let text = "今天天气晴朗。\n举办人才招聘会，提供岗位3000个。"
        let document = stage.label(Document.testDocument(text, segments: Segmenter().segments(of: text)))
        #expect(document.labels.map(\.segment) == ["p2", nil])
        #expect(document.labels.map(\.theme) == ["exchange", "exchange"])
        #expect(document.labels[0].score == document.labels[1].score)
    }

    @Test func documentLevelLabelsTheWholeText() async throws {
        let stage = try StageTester.make(
            ClassifyStage.self,
            options: ["taxonomy": .string(ClassifyFixtures.aseanTaxonomy), "level": "document", "top": 1])
        let seed = try ClassifyFixtures.seed()
        let output = try await StageTester.process(
            stage, [Document.testDocument(seed.text, segments: Segmenter().segments(of: seed.text))])
        #expect(output[0].labels.count == 1)
        #expect(output[0].labels[0].segment == nil)
    }

    @Test func aMissingTaxonomyIsAnOptionError() throws {
        #expect(throws: StageConfigurationError.self) {
            _ = try StageTester.make(ClassifyStage.self, options: ["taxonomy": "/nonexistent/t.yaml"])
        }
        #expect(throws: (any Error).self) {
            _ = try StageTester.make(ClassifyStage.self, options: ["level": "sentence"])
        }
    }

    @Test func taxonomyErrorsArePositionedInTheTaxonomyFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("classify-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "version: 1\nthemes:\n  a:\n    phrase: {3: [x]}\n".write(
            toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        let pipeline = """
            docpipe: 1
            stages:
              - use: generate
              - use: classify
                with: {taxonomy: bad.yaml}
              - use: classify
                id: second
                with: {taxonomy: missing.yaml}
            """
        do {
            _ = try PipelineLoader(registry: .builtIn).load(text: pipeline, file: "p.yaml", directory: directory)
            Issue.record("expected the pipeline to be rejected")
        } catch {
            let rendered = error.diagnostics.map(\.description)
            #expect(
                rendered.contains {
                    $0.hasSuffix(
                        "bad.yaml:4:5: error: unknown key 'phrase' in theme 'a'; did you mean 'phrases'?; expected one of label, description, phrases, requires_any, exclude"
                    )
                })
            #expect(rendered.contains { $0.hasPrefix("p.yaml:8:") && $0.contains("missing.yaml' does not exist") })
        }
    }
}
