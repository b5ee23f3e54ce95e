import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory new-stage NAME`: scaffolds a transform
/// stage that compiles — `Sources/DocPipeStages/<Name>/<Name>Stage.swift`, a test in
/// `Tests/DocPipeStagesTests/<Name>StageTests.swift` and a doc stub `docs/stages/<name>.md` —
/// and says which line registers it. NAME may be `word-count`, `word_count` or `WordCount`.
@main
struct NewStage: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        guard let raw = arguments.first(where: { !$0.hasPrefix("-") }) else {
            throw ScaffoldError("usage: swift package --allow-writing-to-package-directory new-stage NAME")
        }
        let words = Self.words(raw)
        guard !words.isEmpty, words.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }),
            words[0].first?.isLetter == true
        else {
            throw ScaffoldError("'\(raw)' is not a usable stage name: use letters and digits, e.g. word-count")
        }
        let typeName = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        let stageName = words.joined(separator: "-")
        let root = context.package.directoryURL
        let files: [(String, String)] = [
            ("Sources/DocPipeStages/\(typeName)/\(typeName)Stage.swift", Self.stageSource(typeName, stageName)),
            ("Tests/DocPipeStagesTests/\(typeName)StageTests.swift", Self.testSource(typeName, stageName)),
            ("docs/stages/\(stageName).md", Self.docStub(typeName, stageName)),
        ]
        for (path, _) in files where FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
            throw ScaffoldError("\(path) already exists; nothing was written")
        }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            print("created \(path)")
        }
        print(
            """
            Register it: add `StageDescriptor(\(typeName)Stage.self),` to builtInDescriptors in \
            Sources/DocPipeStages/BuiltInStages.swift (or register it in your own runner's registry).
            """)
    }

    /// `word-count`, `word_count`, `WordCount` → ["word", "count"].
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in name {
            if character == "-" || character == "_" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase && !current.isEmpty && !(current.last?.isUppercase ?? false) {
                words.append(current)
                current = String(character).lowercased()
            } else {
                current += String(character).lowercased()
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func stageSource(_ type: String, _ name: String) -> String {
        """
        public import DocPipe

        /// The `\(name)` stage: TODO say in one line what it does to a document.
        public struct \(type)Stage: TransformStage {
            public static let name = "\(name)"
            public static let summary = "TODO: what \(name) does, in one line."
            public static let options: [OptionSpec] = [
                OptionSpec("enabled", .bool, default: true, doc: "Whether the stage changes documents.")
            ]

            let enabled: Bool

            public init(options: StageOptions, context: StageSetup) throws {
                enabled = options.bool("enabled") ?? true
            }

            public func process(_ document: Document, context: StageContext) async throws -> [Document] {
                guard enabled else { return [document] }
                // TODO: transform the document (text, metadata, segments, labels); keep offsets valid.
                return [document]
            }
        }

        """
    }

    static func testSource(_ type: String, _ name: String) -> String {
        """
        import DocPipe
        import DocPipeStages
        import DocPipeTesting
        import Testing

        @Suite("\(name) stage")
        struct \(type)StageTests {
            @Test("a document comes through with consistent offsets")
            func processesADocument() async throws {
                let stage = try StageTester.make(\(type)Stage.self)
                let output = try await StageTester.process(stage, [Document.testDocument("一、标题\\n正文。")])
                #expect(output.count == 1)
                #expect(output.allSatisfy { $0.spanProblems().isEmpty })
            }

            @Test("options are declared and validated")
            func options() throws {
                #expect(throws: (any Error).self) {
                    _ = try StageTester.make(\(type)Stage.self, options: ["enabled": "sometimes"])
                }
            }
        }

        """
    }

    static func docStub(_ type: String, _ name: String) -> String {
        """
        # \(name)

        TODO: what the stage does, for pipeline authors.

        ```yaml
        - use: \(name)
          with:
            enabled: true
        ```

        | option | type | default | meaning |
        |---|---|---|---|
        | `enabled` | boolean | `true` | Whether the stage changes documents. |

        Source: `Sources/DocPipeStages/\(type)/\(type)Stage.swift`; tests:
        `Tests/DocPipeStagesTests/\(type)StageTests.swift`. `docpipe stages \(name)` prints the options.

        """
    }
}

struct ScaffoldError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
