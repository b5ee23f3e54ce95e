import ArgumentParser
import DocPipe
import DocPipeBundle
import DocPipeStages

/// `docpipe replay BUNDLE [--pipeline P]`: re-runs a pipeline on the raw inputs stored in a bundle.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Re-run a bundle's pipeline (or another) on the raw inputs it stores; no network.",
        discussion: """
            The pipeline's source stage is replaced by the bundle's raw inputs: same ids, source metadata and \
            fetch lineage; text is decoded again from the raw bytes with the recorded charset. With the same \
            SOURCE_DATE_EPOCH, replaying a bundle with its own pipeline reproduces its documents.jsonl. \
            Relative paths in the bundle's pipeline resolve against the folder the original pipeline file was \
            in (as the manifest records it), else against the bundle's folder. \
            Exit codes as for run: 0, 3 some documents failed, 2 usage or pipeline errors, 1 aborted, 130 interrupted.
            """)

    @Argument(help: "The bundle (.tar.gz) to replay.") var bundle: String
    @Option(help: ArgumentHelp("Run this pipeline file instead of the bundle's pipeline.yaml.", valueName: "file"))
    var pipeline: String?

    @OptionGroup var loading: PipelineLoadingOptions
    @OptionGroup var display: RunDisplayOptions

    func run() async throws {
        let bundlePath = FileSystem.absolute(bundle)
        let manifest: BundleManifest
        do {
            manifest = try BundleVerifier.verify(path: bundlePath).manifest
        } catch let error as BundleError {
            let message = error.message.hasPrefix(bundlePath) ? error.message : "\(bundle): \(error.message)"
            Terminal.write("error: \(message)\n", to: .standardError)
            throw ExitCode(2)
        }
        var loaded: Pipeline
        do {
            let loader = try loading.loader()
            if let pipeline {
                loaded = try loader.load(path: pipeline)
            } else {
                let text = String(decoding: try BundleReader(path: bundlePath).read(member: "pipeline.yaml"), as: UTF8.self)
                var directory = FileSystem.directory(of: bundlePath)
                if let original = manifest.pipelinePath, FileSystem.kind(of: FileSystem.directory(of: original)) == .directory {
                    directory = FileSystem.directory(of: original)
                }
                loaded = try loader.load(text: text, file: bundle + ":pipeline.yaml", directory: directory)
            }
        } catch let error as PipelineError {
            Terminal.write(error.rendered(color: Terminal.colorOnStandardError) + "\n", to: .standardError)
            throw ExitCode(2)
        }
        guard let first = loaded.stages.first, case .source = first.instance else {
            Terminal.write("error: the pipeline's first stage is not a source\n", to: .standardError)
            throw ExitCode(2)
        }
        // Keep the stage's id, name and version (the lineage entry), swap what it does.
        loaded.stages[0].instance = .source(BundleReplaySource(bundlePath: bundlePath))
        try refuseOverwriting(bundlePath, pipeline: loaded)
        let code = await PipelineExecution(display: display, logger: loading.logger()).run(loaded)
        if code != 0 { throw ExitCode(code) }
    }

    /// An archive stage writing to the bundle being replayed would replace it: refuse (exit 2).
    private func refuseOverwriting(_ bundlePath: String, pipeline: Pipeline) throws {
        let epoch = RunOptions.sourceDateEpoch(in: ProcessEnvironment.current)
        let run = Runner(pipeline: pipeline, options: RunOptions(sourceDateEpoch: epoch)).info
        for stage in pipeline.stages where stage.descriptor.name == ArchiveStage.name {
            guard let template = stage.options.string("path") else { continue }
            if FileSystem.absolute(ArchiveStage.resolvePath(template, run: run)) == bundlePath {
                Terminal.write(
                    "error: stage '\(stage.id)' would write over the bundle being replayed (\(bundle)); "
                        + "give it another path (e.g. with --var) or use --pipeline\n", to: .standardError)
                throw ExitCode(2)
            }
        }
    }
}
