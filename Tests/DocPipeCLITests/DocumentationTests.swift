import Foundation
import Testing

@Suite("Documentation")
struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("docs/stages.md is what `docpipe stages --markdown` prints (regenerate it when a stage's options change)")
    func stageReferenceIsCurrent() throws {
        let result = try DocPipeBinary.run(["stages", "--markdown"])
        #expect(result.status == 0)
        let file = Self.repository.appendingPathComponent("docs/stages.md").path
        let committed = try String(contentsOfFile: file, encoding: .utf8)
        #expect(committed == result.stdout, "run: swift run docpipe stages --markdown > docs/stages.md")
    }

    @Test("every pipeline in pipelines/ validates")
    func pipelinesValidate() throws {
        let folder = Self.repository.appendingPathComponent("pipelines").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!files.isEmpty)
        let result = try DocPipeBinary.run(["validate"] + files.map { "pipelines/\($0)" }, in: Self.repository.path)
        #expect(result.status == 0, "\(result.stderr)")
    }
}
