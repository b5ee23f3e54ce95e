import DocPipe
import Logging
import Synchronization

/// The processes of one exec stage: one per worker, each used by one batch at a time, started
/// on first use, replaced when they break — up to `restarts` replacements, after which the stage
/// fails the run — and ended with `end` when the stage finishes.
final class ExecPool: Sendable {
    /// How to start the stage's processes.
    struct Command: Sendable {
        var arguments: [String]
        var environment: [String: String]
        var directory: String?
        /// The `options` of the hello message.
        var options: JSONObject
    }

    private struct Worker: Sendable {
        var process: ExecProcess
        var ready: ExecProcess.Ready
    }

    private struct State {
        var idle: [Worker] = []
        var live: [ExecProcess] = []
        var replacements = 0
        var failure: RunFailure?
        var closed = false
        var nextSeq = 1
    }

    let command: Command
    private let state = Mutex(State())

    init(command: Command) {
        self.command = command
    }

    /// Runs `documents` through the stage's processes, in order, pipelined on one process;
    /// documents a broken process never got to go to its replacement.
    /// - Throws: ``RunFailure`` when the processes broke more often than `restarts` allows or
    ///   cannot be started; `CancellationError` when the run is cancelled.
    func process(_ documents: [Document], context: StageContext) async throws -> [TransformOutcome] {
        var outcomes = [TransformOutcome?](repeating: nil, count: documents.count)
        var todo = Array(documents.indices)
        while !todo.isEmpty {
            try Task.checkCancellation()
            let worker = try await lease(context)
            let first = state.withLock { state in
                defer { state.nextSeq += todo.count }
                return state.nextSeq
            }
            let batch = todo.enumerated().map { (seq: first + $0.offset, document: documents[$0.element]) }
            let answers = await worker.process.run(batch, includeRaw: worker.ready.wantsRaw)
            if Task.isCancelled {
                worker.process.terminate()
                throw CancellationError()
            }
            var next: [Int] = []
            var broken: (reason: String, document: Document)?
            for (position, index) in todo.enumerated() {
                let (answer, elapsed) = answers[position]
                switch answer {
                case .output(let output):
                    outcomes[index] = TransformOutcome(.success(output), elapsed: elapsed)
                case .failed(let message):
                    outcomes[index] = TransformOutcome(.failure(DocumentError(message)), elapsed: elapsed)
                case .broken(let reason):
                    broken = (reason, documents[index])
                    outcomes[index] = TransformOutcome(
                        .failure(DocumentError("the stage process broke: \(reason)")), elapsed: elapsed)
                case .notRun:
                    next.append(index)
                }
            }
            if worker.process.isUsable {
                release(worker)
            } else {
                try replace(
                    worker.process, reason: broken?.reason ?? worker.process.fault ?? "the process stopped",
                    document: broken?.document, context: context)
            }
            todo = next
        }
        return outcomes.map { $0! }
    }

    /// Ends every process with `end` and waits for them to exit.
    func shutdown(context: StageContext) async {
        let processes = state.withLock { state in
            state.closed = true
            state.idle = []
            defer { state.live = [] }
            return state.live
        }
        await withTaskGroup(of: Void.self) { group in
            for process in processes {
                group.addTask {
                    let status = await process.end()
                    if status != .exited(0) {
                        context.logger.warning(
                            "stage process \(process.pid) ended with \(status) after 'end' (expected exit status 0)")
                    }
                }
            }
        }
    }

    /// Kills every process (the run aborts).
    func abort() {
        let processes = state.withLock { state in
            state.closed = true
            state.idle = []
            defer { state.live = [] }
            return state.live
        }
        for process in processes { process.terminate() }
    }

    private enum LeaseStep {
        case use(Worker)
        case start
        case fail(RunFailure)
    }

    private func lease(_ context: StageContext) async throws -> Worker {
        while true {
            let step = state.withLock { state -> LeaseStep in
                if let failure = state.failure { return .fail(failure) }
                if state.closed {
                    return .fail(
                        RunFailure(stageID: context.stageID, message: "the stage was asked for work after it finished"))
                }
                if let worker = state.idle.popLast() { return .use(worker) }
                return .start
            }
            switch step {
            case .fail(let failure):
                throw failure
            case .use(let worker):
                if worker.process.isUsable { return worker }
                try replace(
                    worker.process, reason: worker.process.fault ?? "the process exited", document: nil,
                    context: context)
            case .start:
                let process: ExecProcess
                do {
                    process = try ExecProcess(
                        ExecProcess.Configuration(
                            arguments: command.arguments, environment: command.environment,
                            directory: command.directory,
                            stageID: context.stageID, options: command.options, timeout: context.timeout,
                            handshakeTimeout: max(.seconds(30), context.timeout ?? .zero), logger: context.logger))
                } catch {
                    let failure = RunFailure(
                        stageID: context.stageID, message: "cannot start the stage process: \(error)")
                    state.withLock { if $0.failure == nil { $0.failure = failure } }
                    throw failure
                }
                state.withLock { $0.live.append(process) }
                do {
                    let ready = try await process.handshake()
                    context.logger.debug(
                        "stage process \(process.pid) ready: \(ready.name) \(ready.version)\(ready.wantsRaw ? ", wants raw bytes" : "")"
                    )
                    return Worker(process: process, ready: ready)
                } catch {
                    if Task.isCancelled {
                        process.terminate()
                        throw CancellationError()
                    }
                    try replace(process, reason: "handshake failed: \(error)", document: nil, context: context)
                }
            }
        }
    }

    private func release(_ worker: Worker) {
        let keep = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.idle.append(worker)
            return true
        }
        if !keep { worker.process.terminate() }
    }

    /// Drops a broken process; the next lease starts a new one unless `restarts` is used up, in
    /// which case this throws the stage's ``RunFailure``.
    private func replace(_ process: ExecProcess, reason: String, document: Document?, context: StageContext) throws {
        process.terminate()
        let (count, failure) = state.withLock { state -> (Int, RunFailure?) in
            state.live.removeAll { $0 === process }
            state.replacements += 1
            if state.replacements > context.restarts && state.failure == nil {
                state.failure = RunFailure(
                    stageID: context.stageID, documentID: document?.id, uri: document?.source.uri,
                    message: "the stage process broke \(state.replacements) time\(state.replacements == 1 ? "" : "s"), "
                        + "more than 'restarts: \(context.restarts)' allows; the last time: \(reason)")
            }
            return (state.replacements, state.failure)
        }
        if let failure { throw failure }
        context.logger.warning(
            "stage process \(process.pid) broke (\(reason)); starting a new one (restart \(count) of \(context.restarts))"
        )
    }
}
