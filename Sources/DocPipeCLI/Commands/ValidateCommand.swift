import ArgumentParser
import DocPipe

/// `docpipe validate PIPELINE...`: reports every error in each file; runs nothing.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check pipeline files and report every error; runs nothing.")

    @Argument(help: "Pipeline files to check.")
    var pipelines: [String]

    @OptionGroup var loading: PipelineLoadingOptions

    func run() async throws {
        let loader = try loading.loader()
        var failed = false
        for path in pipelines {
            do {
                let pipeline = try loader.load(path: path)
                Terminal.write("\(path): ok (\(pipeline.stages.count) stages: \(pipeline.stages.map(\.id).joined(separator: " → ")))\n", to: .standardOutput)
            } catch {
                failed = true
                Terminal.write(error.rendered(color: Terminal.colorOnStandardError) + "\n", to: .standardError)
            }
        }
        if failed { throw ExitCode(2) }
    }
}
