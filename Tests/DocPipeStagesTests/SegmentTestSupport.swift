import DocPipe
import DocPipeStages
import Foundation

/// Helpers shared by the segment tests.
enum SegmentTestSupport {
    /// The repository root, from this file's path.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shared folder beside the repository.
    static let shared: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// This test target's fixtures.
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The seed expectations (`shared/fixtures/seed-page.expected.json`).
    static func seedExpectations() throws -> JSONValue {
        try JSONParser.parse(
            FileSystem.readFile(shared.appendingPathComponent("fixtures/seed-page.expected.json").path))
    }

    /// The seed's cleaned body: its `body_paragraphs` joined with newlines.
    static func seedText() throws -> String {
        let expected = try seedExpectations()
        let paragraphs = expected["body_paragraphs"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return paragraphs.joined(separator: "\n")
    }

    /// The text of a code point span.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String {
        let scalars = Array(text.unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    /// The texts of the segments of one kind.
    static func texts(_ segments: [Segment], _ kind: SegmentKind, in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return segments.filter { $0.kind == kind }.map { segment in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[segment.start..<segment.end])
            return String(view)
        }
    }

    /// The segments as JSON, each with its `text` for review.
    static func json(_ segments: [Segment], text: String) -> JSONValue {
        let scalars = Array(text.unicodeScalars)
        return .array(
            segments.map { segment in
                var object: JSONObject = [
                    "id": .string(segment.id), "kind": .string(segment.kind.rawValue), "start": .int(segment.start),
                    "end": .int(segment.end),
                ]
                if let parent = segment.parent { object["parent"] = .string(parent) }
                if let heading = segment.heading { object["heading"] = .string(heading) }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[segment.start..<segment.end])
                object["text"] = .string(String(view))
                return .object(object)
            })
    }
}
