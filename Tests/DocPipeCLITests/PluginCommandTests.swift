import DocPipe
@testable import DocPipeCLI
import DocPipeStages
import Foundation
import Testing

/// The CLI's plugin wiring: DOCPIPE_PLUGIN_PATH, `plugins:` and `exec-check`, through
/// `DocPipeCLI.run(arguments:)` (exit codes; output goes to the terminal).
@Suite("CLI plugins and exec-check", .serialized)
struct PluginCommandTests {
    static let fixtures: String = {
        var path = String(#filePath)
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/DocPipeStagesTests/Fixtures"
    }()

    static func writePipeline(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "docpipe-cli-plugin-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func run(_ arguments: [String], pluginPath: String?) async -> Int32 {
        if let pluginPath { setenv("DOCPIPE_PLUGIN_PATH", pluginPath, 1) } else { unsetenv("DOCPIPE_PLUGIN_PATH") }
        defer { unsetenv("DOCPIPE_PLUGIN_PATH") }
        return await CLIEnvironment.$registry.withValue(.builtIn) { await DocPipeCLI.run(arguments: arguments) }
    }

    @Test("a stage from DOCPIPE_PLUGIN_PATH validates and runs; without it the name is unknown")
    func environment() async throws {
        let pipeline = try Self.writePipeline(
            "docpipe: 1\nstages:\n  - use: generate\n    with: {count: 3}\n  - use: shout\n    with: {suffix: '!'}\n")
        defer { try? FileManager.default.removeItem(atPath: pipeline) }
        let folder = Self.fixtures + "/plugins/upper"
        #expect(await Self.run(["validate", pipeline], pluginPath: folder) == 0)
        #expect(await Self.run(["run", "--quiet", pipeline], pluginPath: "/nonexistent-a:" + folder) == 2)
        #expect(await Self.run(["run", "--quiet", pipeline], pluginPath: folder) == 0)
        #expect(await Self.run(["validate", pipeline], pluginPath: nil) == 2)
        #expect(await Self.run(["stages", "shout"], pluginPath: folder) == 0)
    }

    @Test("plugins: in the pipeline, relative to the pipeline file")
    func pipelinePlugins() async throws {
        let pipeline = Self.fixtures + "/plugins/pipeline.yaml"
        #expect(await Self.run(["run", "--quiet", pipeline], pluginPath: nil) == 0)
    }

    @Test("exec-check exits 0 for a good stage and 1 for a broken one")
    func execCheck() async {
        let good = Self.fixtures + "/exec/passthrough.py"
        let broken = Self.fixtures + "/exec/broken_exit.py"
        #expect(await Self.run(["exec-check", "--timeout", "5s", "--", "python3", good], pluginPath: nil) == 0)
        #expect(await Self.run(["exec-check", "--timeout", "5s", "--", "python3", broken], pluginPath: nil) == 1)
        #expect(await Self.run(["exec-check"], pluginPath: nil) == 2)
    }
}
