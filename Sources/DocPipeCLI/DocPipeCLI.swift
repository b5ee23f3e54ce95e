public import DocPipe
import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The docpipe command line as a library, so a custom runner with its own stages is three lines:
/// ```swift
/// import DocPipeCLI
/// import DocPipeStages
/// var registry = StageRegistry.builtIn
/// try registry.register(Redact.self)
/// await DocPipeCLI.main(registry: registry)
/// ```
public enum DocPipeCLI {
    /// Parses the process arguments, runs the command with `registry`, and exits with its code.
    public static func main(registry: StageRegistry, arguments: [String]? = nil) async -> Never {
        let code = await CLIEnvironment.$registry.withValue(registry) {
            await run(arguments: arguments ?? Array(CommandLine.arguments.dropFirst()))
        }
        fflush(nil)
        exit(code)
    }

    /// Runs one command line and returns its exit code (usage errors are 2, as DESIGN §8 says).
    static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try DocPipeCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let code = DocPipeCommand.exitCode(for: error)
            let message = DocPipeCommand.fullMessage(for: error)
            if !message.isEmpty {
                Terminal.write(message + "\n", to: code == .success ? .standardOutput : .standardError)
            }
            // ArgumentParser uses EX_USAGE (64) for usage errors; docpipe's contract is 2.
            return code.rawValue == 64 ? 2 : code.rawValue
        }
    }
}

/// Values the commands read from the runner that started them.
enum CLIEnvironment {
    @TaskLocal static var registry = StageRegistry()
}
