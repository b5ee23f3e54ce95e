import DocPipe
import DocPipeStages
import DocPipeTesting
import Foundation
import Testing

/// Every page of examples/corpus through the real fetch decoding, clean, segment and classify,
/// against its reviewed expectation in examples/corpus/expected.json.
@Suite("Corpus expectations")
struct CorpusExpectationTests {
    static let corpus = TestPaths.repository.appendingPathComponent("examples/corpus").path

    struct Entry: CustomTestStringConvertible, Sendable {
        var file: String
        var title: String
        var docNumber: String?
        var published: String?
        var themes: [String]
        var spamInjection: String?
        var mustNotContain: [String]
        var testDescription: String { file }
    }

    static let entries: [Entry] = {
        guard let text = try? FileSystem.readText(corpus + "/expected.json"),
            let json = try? JSONParser.parse(text), let items = json.arrayValue
        else { return [] }
        return items.map { item in
            Entry(
                file: item["file"]?.stringValue ?? "",
                title: item["title"]?.stringValue ?? "",
                docNumber: item["doc_number"]?.stringValue,
                published: item["published"]?.stringValue,
                themes: item["themes"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                spamInjection: item["spam_injection"]?.stringValue,
                mustNotContain: item["must_not_contain"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }()

    @Test("expected.json lists every page of the corpus")
    func complete() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.corpus)
            .filter { $0.hasSuffix(".html") || $0.hasSuffix(".txt") }
        #expect(Set(pages) == Set(Self.entries.map(\.file)))
        #expect(Self.entries.count == 19)
    }

    static func cleaned(_ entry: Entry) async throws -> Document {
        let document = try FetchedDocument.load(path: corpus + "/" + entry.file, fetchedAt: 0)
        let clean = try StageTester.make(CleanStage.self)
        let output = try await StageTester.process(clean, [document])
        try #require(output.count == 1)
        return output[0]
    }

    @Test("title, doc_number, published, spam_injection and no chrome", arguments: entries)
    func cleanExpectations(entry: Entry) async throws {
        let document = try await Self.cleaned(entry)
        #expect(document.title == entry.title)
        #expect(document.metadata["doc_number"]?.stringValue == entry.docNumber)
        #expect(document.metadata["published"]?.stringValue == entry.published)
        #expect(document.metadata["spam_injection"]?.stringValue == entry.spamInjection)
        for forbidden in entry.mustNotContain {
            #expect(!document.text.contains(forbidden), "text contains \(forbidden)")
            #expect(!(document.title ?? "").contains(forbidden), "title contains \(forbidden)")
        }
    }

    @Test("document-level themes after segment and classify (paragraph level)", arguments: entries)
    func themes(entry: Entry) async throws {
        let document = try await Self.cleaned(entry)
        let segment = try StageTester.make(SegmentStage.self)
        let classify = try StageTester.make(
            ClassifyStage.self,
            options: ["taxonomy": .string(TestPaths.repository.appendingPathComponent("pipelines/taxonomies/asean-talent.yaml").path),
                      "level": "paragraph"])
        let labelled = try await StageTester.process(classify, try await StageTester.process(segment, [document]))
        try #require(labelled.count == 1)
        let themes = Set(labelled[0].labels.filter { $0.segment == nil }.map(\.theme))
        #expect(themes == Set(entry.themes))
    }
}
