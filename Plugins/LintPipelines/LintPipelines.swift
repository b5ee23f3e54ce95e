import Foundation
import PackagePlugin

/// `swift package lint-pipelines [FILES...]`: validates pipeline files with `docpipe validate`
/// (the same diagnostics, file:line:col with a caret); with no files, every `pipelines/*.yaml`.
/// Exits non-zero when a file has errors.
@main
struct LintPipelines: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let root = context.package.directoryURL
        var files = arguments.filter { !$0.hasPrefix("--") }.map { path in
            path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
        }
        if files.isEmpty {
            let folder = root.appendingPathComponent("pipelines")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
                folder.appendingPathComponent($0).path
            }
        }
        guard !files.isEmpty else {
            Diagnostics.warning("no pipeline files to check (pipelines/*.yaml is empty)")
            return
        }
        let tool = try context.tool(named: "docpipe")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["validate"] + files
        process.currentDirectoryURL = root
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("docpipe validate found errors (exit status \(process.terminationStatus))")
            throw LintFailure()
        }
    }
}

struct LintFailure: Error, CustomStringConvertible {
    var description: String { "pipeline validation failed" }
}
