public import DocPipe

/// Turns plugin folders (`plugins:` in a pipeline, `DOCPIPE_PLUGIN_PATH`) into stages.
///
/// Each stage of a folder's ``PluginManifest`` becomes an exec-backed transform registered under
/// its name: its command runs with the plugin folder as working directory, its declared options
/// are validated like a built-in's and passed to the program in the hello message, and it takes
/// the runner keys `timeout`, `concurrency` and `restarts`.
public enum PluginFolders {
    /// The environment variable listing plugin folders, colon-separated.
    public static let environmentVariable = "DOCPIPE_PLUGIN_PATH"

    /// The folders listed in `DOCPIPE_PLUGIN_PATH` (empty entries ignored).
    public static func fromEnvironment(_ environment: [String: String]) -> [String] {
        (environment[environmentVariable] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// Reads plugin folders and returns their stages.
    /// - Parameters:
    ///   - folders: each folder with where a pipeline listed it (`nil` for `DOCPIPE_PLUGIN_PATH`).
    ///   - existing: the stages already registered; a plugin stage with one of their names is an
    ///     error naming both, unless it is the same plugin folder's stage (listed twice).
    /// - Throws: ``PipelineError`` with every problem; diagnostics at a pipeline's marks leave
    ///   `file` empty for the pipeline loader to fill in.
    public static func load(_ folders: [(path: String, mark: SourceMark?)], existing: StageRegistry)
        throws(PipelineError)
        -> StageRegistry
    {
        var registry = StageRegistry()
        var diagnostics: [Diagnostic] = []
        var sources: [String: String] = [:]
        var loaded = Set<String>()
        for (path, mark) in folders {
            let folder = FileSystem.absolute(path)
            guard loaded.insert(folder).inserted else { continue }
            guard FileSystem.kind(of: folder) == .directory else {
                diagnostics.append(missing(folder, mark: mark, "is not a folder"))
                continue
            }
            guard FileSystem.kind(of: folder + "/" + PluginManifest.fileName) == .file else {
                diagnostics.append(missing(folder, mark: mark, "has no \(PluginManifest.fileName)"))
                continue
            }
            let manifest: PluginManifest
            do {
                manifest = try PluginManifest.read(folder: folder)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
                sources.merge(error.sources) { first, _ in first }
                continue
            }
            for stage in manifest.stages {
                let descriptor = descriptor(for: stage, of: manifest)
                if let other = existing[stage.name] ?? registry[stage.name] {
                    if other.origin == descriptor.origin { continue }
                    var pair = StageRegistry()
                    try! pair.register(other)
                    let message: String
                    do {
                        try pair.register(descriptor)
                        message = "stage name '\(stage.name)' is taken twice"
                    } catch {
                        message = error.description  // names both origins
                    }
                    diagnostics.append(Diagnostic(file: manifest.path, mark: stage.mark, message: message))
                    if let text = try? FileSystem.readText(manifest.path) { sources[manifest.path] = text }
                    continue
                }
                try! registry.register(descriptor)  // checked just above
            }
        }
        guard diagnostics.isEmpty else { throw PipelineError(diagnostics: diagnostics, source: nil, sources: sources) }
        return registry
    }

    /// A ``DocPipe/PipelineLoader/PluginResolver`` for the folders a pipeline lists under `plugins:`.
    public static func resolver(existing: StageRegistry) -> PipelineLoader.PluginResolver {
        { folders throws(PipelineError) in
            try load(folders.map { (path: $0.path, mark: $0.mark) }, existing: existing)
        }
    }

    /// The descriptor of one plugin stage.
    static func descriptor(for stage: PluginManifest.StageEntry, of manifest: PluginManifest) -> StageDescriptor {
        let origin = "plugin '\(manifest.name)' (\(manifest.folder))"
        let pluginName = manifest.name
        return StageDescriptor(
            name: stage.name, summary: stage.summary, version: manifest.version, role: .transform,
            options: stage.options,
            origin: origin, acceptsRestarts: true
        ) { options, setup in
            .transform(
                try ExecStage(
                    arguments: stage.command, environment: [], directory: manifest.folder, helloOptions: options.values,
                    environmentOfDocpipe: setup.environment
                ) { message in StageConfigurationError(message: "plugin '\(pluginName)': \(message)") })
        }
    }

    private static func missing(_ folder: String, mark: SourceMark?, _ problem: String) -> Diagnostic {
        if let mark {
            return Diagnostic(file: "", mark: mark, message: "plugin folder '\(folder)' \(problem)")
        }
        return Diagnostic(
            file: environmentVariable, mark: SourceMark(line: 1, column: 1),
            message: "plugin folder '\(folder)' \(problem)")
    }
}
