import DocPipe
@testable import DocPipeStages
import Foundation
import Testing

/// The seed page (UTF-8 and GBK) and the seed letter must all give seed-page.expected.json.
@Suite("Clean: seed golden tests")
struct CleanSeedTests {
    struct Expected {
        var title: String
        var paragraphs: [String]
        var metadata: [(String, String)]
        var mustNotContain: [String]
    }

    static func expected() throws -> Expected {
        let json = try JSONParser.parse(FileSystem.readText(TestPaths.fixture("seed-page.expected.json")))
        let metadata = json["metadata"]?.objectValue.map { object in
            object.map { ($0.key, $0.value.stringValue ?? "") }
        } ?? []
        return Expected(
            title: json["title"]?.stringValue ?? "",
            paragraphs: json["body_paragraphs"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            metadata: metadata,
            mustNotContain: json["must_not_contain"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    static func cleaned(_ name: String) throws -> Document {
        let document = try FetchedDocument.load(path: TestPaths.fixture(name), fetchedAt: 0)
        return try CleanStage().clean(document)
    }

    @Test("paragraphs, title, metadata and no chrome", arguments: ["seed-page.utf8.html", "seed-page.gbk.html", "seed-000.txt"])
    func seed(name: String) throws {
        let expected = try Self.expected()
        let document = try Self.cleaned(name)
        #expect(document.title == expected.title)
        #expect(document.text.split(separator: "\n").map(String.init) == expected.paragraphs)
        for (key, value) in expected.metadata {
            #expect(document.metadata[key]?.stringValue == value, "metadata.\(key)")
        }
        #expect(document.metadata.count == expected.metadata.count)
        for forbidden in expected.mustNotContain {
            #expect(!document.text.contains(forbidden), "text contains \(forbidden)")
            #expect(!(document.title ?? "").contains(forbidden), "title contains \(forbidden)")
        }
    }

    @Test("metadata keys come in the documented order")
    func metadataOrder() throws {
        let document = try Self.cleaned("seed-page.utf8.html")
        #expect(document.metadata.keys == [
            "site", "published", "source", "doc_number", "addressee", "issuer", "signed", "spam_injection",
        ])
    }

    @Test("the whole cleaned seed page matches the checked-in golden document")
    func golden() throws {
        var document = try Self.cleaned("seed-page.utf8.html")
        // Where the checkout lives must not matter: the id and source are fixed.
        document.source = DocumentSource(uri: "seed-page.utf8.html")
        document.id = Document.defaultID(for: document.source.uri)
        document.raw = nil
        let actual = JSONWriter(pretty: true).string(document.json) + "\n"
        let path = TestPaths.repository.appendingPathComponent("Tests/DocPipeStagesTests/Fixtures/clean-seed-page.golden.json").path
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let golden = try FileSystem.readText(path)
        #expect(actual == golden)
    }
}
