import DocPipe
import Dispatch
import Logging
import Synchronization
#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// One running stage process speaking `docpipe-exec/1`.
///
/// Blocking I/O never runs on Swift's cooperative thread pool: each process has a serial
/// dispatch queue per pipe (a thread of its own while it blocks) — one writes requests in large
/// buffered writes, one reads standard output, cuts it into lines, parses the messages and hands
/// completed answers to the waiting task, one forwards standard error to the log line by line.
/// The stdout reader also keeps time: it polls with the current deadline and kills the process
/// (its whole process group) when a document or the handshake takes too long.
///
/// Several documents may be in flight at once (pipelining): the host writes a whole batch, each
/// with its own `seq`, and the stage answers them in the order received — the answers for the
/// oldest open `seq` must come first, so any other `seq` is a protocol error. When the process
/// breaks, the oldest open document is the one that cost it ("in flight"); the documents written
/// after it come back as ``Answer/notRun`` to be sent to a fresh process.
final class ExecProcess: Sendable {
    /// How to start and talk to the process.
    struct Configuration: Sendable {
        var arguments: [String]
        var environment: [String: String]
        var directory: String?
        var stageID: String
        /// The `options` of the hello message.
        var options: JSONObject
        /// The longest one document may take (`nil`: no limit).
        var timeout: Duration?
        /// The longest the handshake may take.
        var handshakeTimeout: Duration = .seconds(30)
        /// How long a process may take to exit after `end`.
        var exitGrace: Duration = .seconds(5)
        var logger: Logger
    }

    /// What became of one document.
    enum Answer: Sendable {
        /// The stage answered `done` after these documents.
        case output([Document])
        /// The stage answered `error` with this message.
        case failed(String)
        /// The process broke while this document was in flight.
        case broken(String)
        /// The process broke before it got to this document.
        case notRun
    }

    /// The stage's `ready` message.
    struct Ready: Sendable, Equatable {
        var name: String
        var version: String
        var wantsRaw: Bool
    }

    private enum Phase {
        case handshake, idle, busy, ending, dead
    }

    private struct Pending {
        var seq: Int
        var index: Int
        var inputRaw: [UInt8]?
        var outputs: [Document] = []
    }

    private struct State {
        var phase = Phase.handshake
        var ready: Ready?
        var fault: String?
        var pending: [Pending] = []
        var head = 0
        var headStarted = ContinuousClock.now
        var answers: [(answer: Answer, elapsed: Duration)?] = []
        var deadline: ContinuousClock.Instant?
        var waiter: CheckedContinuation<Void, Never>?
        var exit: ExitStatus?
        var exitWaiter: CheckedContinuation<ExitStatus, Never>?
        /// Whether closing standard input was queued (it must happen once: fds are reused).
        var inputClosed = false
    }

    let configuration: Configuration
    let child: ChildProcess
    private let state = Mutex(State())
    private let writer: DispatchQueue
    private let reader: DispatchQueue
    private let errorReader: DispatchQueue

    /// Starts the process; call ``handshake()`` next.
    init(_ configuration: Configuration) throws(SpawnError) {
        self.configuration = configuration
        child = try ChildProcess.spawn(
            arguments: configuration.arguments, environment: configuration.environment,
            directory: configuration.directory)
        writer = DispatchQueue(label: "docpipe.exec.\(configuration.stageID).\(child.pid).stdin")
        reader = DispatchQueue(label: "docpipe.exec.\(configuration.stageID).\(child.pid).stdout")
        errorReader = DispatchQueue(label: "docpipe.exec.\(configuration.stageID).\(child.pid).stderr")
        reader.async { [self] in readOutput() }
        errorReader.async { [self] in forwardErrors() }
    }

    deinit {
        // A process that was never ended (a stage dropped without finish or abort) must not outlive it.
        if state.withLock({ $0.exit == nil }) { child.kill() }
    }

    var pid: Int32 { child.pid }

    /// Whether the process can take documents.
    var isUsable: Bool { state.withLock { $0.phase == .idle } }

    /// Why the process broke, if it did.
    var fault: String? { state.withLock { $0.fault } }

    /// Sends `hello` and waits for `ready`.
    /// - Throws: ``ExecProtocolError`` when the process breaks or answers anything else.
    func handshake() async throws(ExecProtocolError) -> Ready {
        let bytes = ExecRequest.hello(stageID: configuration.stageID, options: configuration.options)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.phase == .handshake else { return true }
                    state.deadline = .now + configuration.handshakeTimeout
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
                write(bytes)
            }
        } onCancel: {
            breakProcess("the run was cancelled")
        }
        let (ready, fault) = state.withLock { ($0.ready, $0.fault) }
        guard let ready else { throw ExecProtocolError(fault ?? "no 'ready' message") }
        return ready
    }

    /// Sends `documents` with the given sequence numbers (pipelined) and waits for every answer.
    func run(_ documents: [(seq: Int, document: Document)], includeRaw: Bool) async -> [(
        answer: Answer, elapsed: Duration
    )] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(documents.count * 512)
        for (seq, document) in documents {
            ExecRequest.document(document, seq: seq, includeRaw: includeRaw, into: &buffer)
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let accepted = state.withLock { state -> Bool in
                    guard state.phase == .idle else { return false }
                    state.phase = .busy
                    state.pending = documents.enumerated().map {
                        Pending(seq: $0.element.seq, index: $0.offset, inputRaw: $0.element.document.raw)
                    }
                    state.head = 0
                    state.answers = Array(repeating: nil, count: documents.count)
                    state.headStarted = .now
                    state.deadline = configuration.timeout.map { .now + $0 }
                    state.waiter = continuation
                    return true
                }
                if accepted {
                    write(buffer)
                } else {
                    continuation.resume()
                }
            }
            return state.withLock { state in
                let answers = state.answers.map { $0 ?? (.notRun, .zero) }
                state.answers = []
                state.pending = []
                return answers.count == documents.count ? answers : documents.map { _ in (.notRun, .zero) }
            }
        } onCancel: {
            breakProcess("the run was cancelled")
        }
    }

    /// Sends `end` and waits for the process to exit (killing it after the grace period).
    func end() async -> ExitStatus {
        let sendEnd = state.withLock { state -> Bool in
            guard state.phase == .idle || state.phase == .handshake else { return false }
            state.phase = .ending
            state.deadline = .now + configuration.exitGrace
            return true
        }
        if sendEnd {
            write(ExecRequest.end)
        } else {
            breakProcess(nil)
        }
        closeInput()
        return await withCheckedContinuation { continuation in
            let status = state.withLock { state -> ExitStatus? in
                if let exit = state.exit { return exit }
                state.exitWaiter = continuation
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Kills the process at once (the run aborts); in-flight documents come back broken.
    func terminate() {
        breakProcess("the run was aborted")
        closeInput()
    }

    // MARK: Writing

    private func write(_ bytes: [UInt8]) {
        let input = child.input
        writer.async { [self] in
            guard state.withLock({ $0.exit == nil && $0.phase != .dead }) else { return }
            // A failed write means the process stopped reading; the stdout reader reports how it ended.
            _ = ChildProcess.writeAll(input, bytes)
        }
    }

    private func closeInput() {
        guard
            state.withLock({ state in
                defer { state.inputClosed = true }
                return !state.inputClosed
            })
        else { return }
        let input = child.input
        writer.async { ChildProcess.close([input]) }
    }

    // MARK: Reading

    private func readOutput() {
        let fd = child.output
        var splitter = LineSplitter()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let wait = state.withLock { state -> Int32 in
                guard let deadline = state.deadline else { return 200 }
                let left = deadline - .now
                return Int32(max(0, min(200, Self.milliseconds(left) + 1)))
            }
            let ready = Glibc.poll(&descriptor, 1, wait)
            if ready == 0 || (ready < 0 && errno == EINTR) {
                checkDeadline()
                continue
            }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                breakProcess("cannot read the stage's output: \(ChildProcess.errnoText())")
                break
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { splitter.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            while let line = splitter.next() {
                if line.isEmpty { continue }
                handle(line)
            }
            if splitter.pendingCount > LineSplitter.maximumLineLength {
                breakProcess("the stage wrote a line longer than \(LineSplitter.maximumLineLength) bytes")
            }
        }
        ChildProcess.close([fd])
        if splitter.pendingCount > 0 && state.withLock({ $0.phase != .dead }) {
            breakProcess(
                "the stage's output ended inside a line (no newline after: \(ExecMessage.excerpt(splitter.remainder)))")
        }
        finishOutput()
    }

    /// Standard output ended: reap the process and settle everything still waiting.
    private func finishOutput() {
        let phase = state.withLock { $0.phase }
        let status = child.reap(grace: phase == .ending ? configuration.exitGrace : .seconds(1))
        // Record the exit first: a reaped pid must never be signalled again.
        let waiter = state.withLock { state -> CheckedContinuation<ExitStatus, Never>? in
            state.exit = status
            defer { state.exitWaiter = nil }
            return state.exitWaiter
        }
        if phase == .ending {
            state.withLock { $0.phase = .dead }
        } else if phase != .dead {
            breakProcess("the process \(phase == .busy ? "exited mid-stream" : "exited") (\(status))")
        }
        waiter?.resume(returning: status)
    }

    private func handle(_ line: [UInt8]) {
        let message: ExecMessage
        do {
            message = try ExecMessage.parse(line)
        } catch {
            breakProcess(error.message)
            return
        }
        var brokenReason: String?
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            switch state.phase {
            case .dead:
                return nil
            case .handshake:
                guard case .ready(let name, let version, let wantsRaw) = message else {
                    brokenReason = "expected 'ready' in answer to 'hello', got \(Self.describe(message))"
                    return nil
                }
                state.ready = Ready(name: name, version: version, wantsRaw: wantsRaw)
                state.phase = .idle
                state.deadline = nil
                defer { state.waiter = nil }
                return state.waiter
            case .idle, .ending:
                brokenReason = "unexpected \(Self.describe(message)) with no document in flight"
                return nil
            case .busy:
                let head = state.pending[state.head]
                switch message {
                case .document(let seq, var document) where seq == head.seq:
                    if document.raw == nil { document.raw = head.inputRaw }
                    state.pending[state.head].outputs.append(document)
                    return nil
                case .done(let seq) where seq == head.seq:
                    return Self.complete(&state, .output(head.outputs), timeout: configuration.timeout)
                case .error(let seq, let text) where seq == head.seq:
                    return Self.complete(&state, .failed(text), timeout: configuration.timeout)
                case .document(let seq, _), .done(let seq), .error(let seq, _):
                    brokenReason = "answered seq \(seq) while seq \(head.seq) was in flight"
                    return nil
                case .ready:
                    brokenReason = "unexpected 'ready' while seq \(head.seq) was in flight"
                    return nil
                }
            }
        }
        waiter?.resume()
        if let brokenReason { breakProcess(brokenReason) }
    }

    /// Records the head document's answer and moves on; returns the waiter when the batch is done.
    private static func complete(_ state: inout State, _ answer: Answer, timeout: Duration?)
        -> CheckedContinuation<Void, Never>?
    {
        let now = ContinuousClock.now
        state.answers[state.pending[state.head].index] = (answer, now - state.headStarted)
        state.pending[state.head].outputs = []
        state.head += 1
        state.headStarted = now
        guard state.head == state.pending.count else {
            state.deadline = timeout.map { now + $0 }
            return nil
        }
        state.phase = .idle
        state.deadline = nil
        defer { state.waiter = nil }
        return state.waiter
    }

    private func checkDeadline() {
        let reason = state.withLock { state -> String? in
            guard let deadline = state.deadline, ContinuousClock.now >= deadline else { return nil }
            switch state.phase {
            case .handshake:
                return "no 'ready' within \(DurationParser.format(configuration.handshakeTimeout)) of 'hello'"
            case .busy:
                return
                    "timed out after \(DurationParser.format(configuration.timeout ?? .zero)); the process was killed"
            case .ending:
                state.deadline = nil
                return ""
            case .idle, .dead:
                return nil
            }
        }
        guard let reason else { return }
        if reason.isEmpty {
            configuration.logger.warning(
                "the stage process did not exit within \(DurationParser.format(configuration.exitGrace)) of 'end'; killed it"
            )
            killGroup()
        } else {
            breakProcess(reason)
        }
    }

    /// Marks the process broken (the first reason wins), settles the waiting batch and kills it.
    /// `nil`: just stop it, without a reason of its own.
    private func breakProcess(_ reason: String?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.phase != .dead else { return nil }
            let wasBusy = state.phase == .busy
            state.phase = .dead
            state.fault = reason ?? "stopped"
            state.deadline = nil
            if wasBusy {
                let elapsed = ContinuousClock.now - state.headStarted
                for position in state.head..<state.pending.count {
                    let answer: Answer = position == state.head ? .broken(reason ?? "stopped") : .notRun
                    state.answers[state.pending[position].index] = (answer, position == state.head ? elapsed : .zero)
                }
            }
            defer { state.waiter = nil }
            return state.waiter
        }
        if state.withLock({ $0.exit == nil }) { killGroup() }
        waiter?.resume()
    }

    private func killGroup() {
        _ = Glibc.kill(-child.pid, SIGKILL)
        child.kill(SIGKILL)
    }

    private func forwardErrors() {
        let fd = child.errorOutput
        var splitter = LineSplitter()
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        let logger = configuration.logger
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            chunk.withUnsafeBytes { splitter.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            while let line = splitter.next() {
                logger.warning("\(String(decoding: line, as: UTF8.self))", metadata: ["pid": "\(child.pid)"])
            }
        }
        if splitter.pendingCount > 0 {
            logger.warning("\(String(decoding: splitter.remainder, as: UTF8.self))", metadata: ["pid": "\(child.pid)"])
        }
        ChildProcess.close([fd])
    }

    private static func describe(_ message: ExecMessage) -> String {
        switch message {
        case .ready: "'ready'"
        case .document(let seq, _): "'document' for seq \(seq)"
        case .done(let seq): "'done' for seq \(seq)"
        case .error(let seq, _): "'error' for seq \(seq)"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
