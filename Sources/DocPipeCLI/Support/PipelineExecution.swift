import DocPipe
import Logging

/// Runs a loaded pipeline the way the command line does: SIGINT handling, live progress, the
/// summary, and the exit code of DESIGN §8. `run` and `replay` share it.
struct PipelineExecution {
    var display: RunDisplayOptions
    var logger: Logger

    /// Runs `pipeline` and returns the exit code: 0, 3 (some documents failed), 1 (aborted) or 130.
    func run(_ pipeline: Pipeline, shard: Shard? = nil) async -> Int32 {
        let environment = ProcessEnvironment.current
        let runner = Runner(
            pipeline: pipeline,
            options: RunOptions(
                shard: shard, sourceDateEpoch: RunOptions.sourceDateEpoch(in: environment), logger: logger))
        let progress = display.showsProgress ? ProgressDisplay(statistics: runner.statistics) : nil
        let task = Task { try await runner.run() }
        let interrupts = InterruptHandler { task.cancel() }
        let progressTask = progress.map { display in Task { await display.run() } }
        let result = await task.result
        progressTask?.cancel()
        _ = await progressTask?.value
        progress?.clear()
        interrupts.stop()

        switch result {
        case .success(let report):
            if !display.quiet {
                Terminal.write(RunSummary(report: report).text(color: Terminal.isTerminal(.standardOutput)), to: .standardOutput)
            }
            return report.hasFailures ? 3 : 0
        case .failure(let error) where error is CancellationError:
            Terminal.write("interrupted: no output was left at the target paths\n", to: .standardError)
            return 130
        case .failure(let error):
            Terminal.write("error: \(error)\nthe run aborted; no output was left at the target paths\n", to: .standardError)
            return 1
        }
    }
}
