import ArgumentParser
import DocPipe
import DocPipeStages

/// The runner's registry plus the stages of the plugin folders in `DOCPIPE_PLUGIN_PATH` (and
/// any given on the command line).
enum PluginRegistry {
    /// `base` with the plugin stages added; a broken plugin folder prints its diagnostics and
    /// exits with 2.
    static func registry(base: StageRegistry, environment: [String: String], folders extra: [String] = []) throws
        -> StageRegistry
    {
        let folders = PluginFolders.fromEnvironment(environment) + extra
        guard !folders.isEmpty else { return base }
        do {
            return try base.merging(PluginFolders.load(folders.map { (path: $0, mark: nil) }, existing: base))
        } catch let error as PipelineError {
            Terminal.write(error.rendered(color: Terminal.colorOnStandardError) + "\n", to: .standardError)
            throw ExitCode(2)
        }
    }
}
