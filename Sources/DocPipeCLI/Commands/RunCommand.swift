import ArgumentParser
import DocPipe

/// `docpipe run PIPELINE`: runs a pipeline with live progress and a summary.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a pipeline file.",
        discussion: "Exit codes: 0 all documents succeeded; 3 some were skipped or quarantined; 2 pipeline-file errors; 1 aborted; 130 interrupted.")

    @Argument(help: "The pipeline file.")
    var pipeline: String

    @OptionGroup var loading: PipelineLoadingOptions
    @OptionGroup var display: RunDisplayOptions

    @Option(help: ArgumentHelp("Process only the documents of shard K of N (0 ≤ K < N).", valueName: "K/N"))
    var shard: String?

    func validate() throws {
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard expects K/N with 0 ≤ K < N, found '\(shard)'")
        }
    }

    func run() async throws {
        let loaded: Pipeline
        do {
            loaded = try loading.loader().load(path: pipeline)
        } catch let error as PipelineError {
            Terminal.write(error.rendered(color: Terminal.colorOnStandardError) + "\n", to: .standardError)
            throw ExitCode(2)
        }
        let code = await PipelineExecution(display: display, logger: loading.logger())
            .run(loaded, shard: shard.flatMap(Shard.init(parsing:)))
        if code != 0 { throw ExitCode(code) }
    }
}

/// `--progress`, `--quiet`: how a run shows itself.
struct RunDisplayOptions: ParsableArguments {
    enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Live progress on stderr: auto (when stderr is a terminal), always or never.")
    var progress: ProgressMode = .auto

    @Flag(name: .shortAndLong, help: "No progress and no summary; only errors.")
    var quiet = false

    var showsProgress: Bool {
        guard !quiet else { return false }
        switch progress {
        case .auto: return Terminal.isTerminal(.standardError)
        case .always: return true
        case .never: return false
        }
    }
}
