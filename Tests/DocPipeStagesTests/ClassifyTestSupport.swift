import DocPipe
import DocPipeStages
import Foundation
import Testing

/// Paths and builders shared by the classify tests.
enum ClassifyFixtures {
    /// The repository root (this file is Tests/DocPipeStagesTests/ClassifyTestSupport.swift).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// `shared/` beside the repository.
    static let shared = URL(fileURLWithPath: repoRoot).deletingLastPathComponent().appendingPathComponent("shared").path
    static let aseanTaxonomy = repoRoot + "/pipelines/taxonomies/asean-talent.yaml"
    static let fixtures = repoRoot + "/Tests/Fixtures/classify"

    /// A classifier compiled from taxonomy YAML text.
    static func classifier(_ yaml: String) throws -> Classifier {
        Classifier(taxonomy: try Taxonomy.parse(yaml, file: "test.yaml"))
    }

    /// The asean-talent classifier.
    static func asean() throws -> Classifier {
        Classifier(taxonomy: try Taxonomy.load(path: aseanTaxonomy))
    }

    /// The seed page's body (paragraphs joined by newlines) and its four section themes.
    static func seed() throws -> (text: String, sections: [(heading: String, theme: String)]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: shared + "/fixtures/seed-page.expected.json"))
        let value = try JSONParser.parse(Array(data))
        let paragraphs = value["body_paragraphs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let sections = (value["sections"]?.arrayValue ?? []).compactMap { item -> (String, String)? in
            guard let heading = item["heading"]?.stringValue, let theme = item["theme"]?.stringValue else { return nil }
            return (heading, theme)
        }
        return (paragraphs.joined(separator: "\n"), sections)
    }

    /// The substring of `text` at code point offsets `start..<end`.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
