import ArgumentParser
import DocPipe
import DocPipeStages
import Logging

/// `--var`, `--log-level`: shared by commands that load pipelines.
struct PipelineLoadingOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Set a pipeline variable (repeatable).", valueName: "name=value"))
    var variables: [String] = []

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: LogLevel = .warning

    /// The `--var` values as a dictionary; a malformed entry is a usage error.
    func overrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in variables {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--var expects name=value, found '\(entry)'")
            }
            result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return result
    }

    /// A logger writing to stderr at the chosen level.
    func logger() -> Logger {
        var logger = Logger(label: "docpipe") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = logLevel.level
        return logger
    }

    /// A loader for pipeline files with the runner's registry, the plugin folders of
    /// `DOCPIPE_PLUGIN_PATH`, and those a pipeline lists under `plugins:`.
    func loader() throws -> PipelineLoader {
        let environment = ProcessEnvironment.current
        let registry = try PluginRegistry.registry(base: CLIEnvironment.registry, environment: environment)
        return PipelineLoader(
            registry: registry, overrides: try overrides(), environment: environment, logger: logger(),
            pluginResolver: PluginFolders.resolver(existing: registry))
    }
}

/// A `--log-level` value.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .warning }
}
