import Foundation
import Testing

/// The CLI's plugin wiring and `exec-check`, end to end with the built `docpipe`:
/// DOCPIPE_PLUGIN_PATH, `plugins:` in a pipeline, `stages --plugin`, exit codes.
@Suite("CLI plugins and exec-check")
struct PluginCommandTests {
    static let fixtures: String = {
        var path = String(#filePath)
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/DocPipeStagesTests/Fixtures"
    }()

    static let pipeline = "docpipe: 1\nstages:\n  - use: generate\n    with: {count: 3}\n  - use: shout\n    with: {suffix: '!'}\n"

    @Test("a stage from DOCPIPE_PLUGIN_PATH validates, runs and is listed; without it the name is unknown")
    func environment() throws {
        let folder = try TemporaryFolder(files: ["p.yaml": Self.pipeline])
        defer { folder.remove() }
        let plugin = Self.fixtures + "/plugins/upper"
        let withPlugin = ["DOCPIPE_PLUGIN_PATH": ":\(plugin)"]
        #expect(try DocPipeBinary.run(["validate", "p.yaml"], in: folder.path, environment: withPlugin).status == 0)
        let run = try DocPipeBinary.run(["run", "p.yaml"], in: folder.path, environment: withPlugin)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("shout"))
        let unknown = try DocPipeBinary.run(["validate", "p.yaml"], in: folder.path, environment: ["DOCPIPE_PLUGIN_PATH": ""])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown stage 'shout'"))
        let broken = try DocPipeBinary.run(
            ["validate", "p.yaml"], in: folder.path, environment: ["DOCPIPE_PLUGIN_PATH": "/nonexistent-docpipe"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("DOCPIPE_PLUGIN_PATH:1:1: error: plugin folder '/nonexistent-docpipe' is not a folder"))
        let stages = try DocPipeBinary.run(["stages"], environment: withPlugin)
        #expect(stages.stdout.contains("Upper-cases the text (test plugin)."))
        let listed = try DocPipeBinary.run(["stages", "--plugin", plugin, "shout"], environment: ["DOCPIPE_PLUGIN_PATH": ""])
        #expect(listed.stdout.contains("plugin 'test-upper'"))
    }

    @Test("plugins: in a pipeline resolve against the pipeline file")
    func pipelinePlugins() throws {
        let result = try DocPipeBinary.run(
            ["run", Self.fixtures + "/plugins/pipeline.yaml"], environment: ["DOCPIPE_PLUGIN_PATH": ""])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("exec-check exits 0 for a good stage, 1 for a broken one, 2 without a command")
    func execCheck() throws {
        let good = try DocPipeBinary.run(["exec-check", "--", "python3", Self.fixtures + "/exec/passthrough.py"])
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains("exec-check: 8 of 8 checks passed"))
        let broken = try DocPipeBinary.run(["exec-check", "--", "python3", Self.fixtures + "/exec/broken_exit.py"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("FAIL  end of input: exits with status 0: after 'end' the process ended with exit status 3"))
        #expect(try DocPipeBinary.run(["exec-check"]).status == 2)
    }
}
