#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A program started with `posix_spawnp`, its standard input, output and error connected to
/// pipes owned by this value.
///
/// The child gets default handling for SIGINT, SIGTERM, SIGQUIT and SIGPIPE (docpipe ignores some
/// of them), an empty signal mask, and its own process group, so a Ctrl-C at the terminal reaches
/// docpipe, which then ends its stages in order. Every pipe is close-on-exec, so one child never
/// holds another's pipes open.
struct ChildProcess: Sendable {
    let pid: Int32
    /// The write end of the child's standard input.
    let input: Int32
    /// The read end of the child's standard output.
    let output: Int32
    /// The read end of the child's standard error.
    let errorOutput: Int32

    /// Starts `arguments[0]` (searched in `PATH` when it has no `/`) with `arguments`.
    /// - Parameters:
    ///   - environment: the complete environment of the child.
    ///   - directory: the child's working directory (`nil`: docpipe's).
    static func spawn(arguments: [String], environment: [String: String], directory: String?) throws(SpawnError)
        -> ChildProcess
    {
        guard let program = arguments.first, !program.isEmpty else { throw SpawnError("the command is empty") }
        Self.ignoreBrokenPipes()
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard makePipe(&stdinPipe, O_CLOEXEC) == 0 else {
            throw SpawnError("cannot create a pipe: \(Self.errnoText())")
        }
        guard makePipe(&stdoutPipe, O_CLOEXEC) == 0 else {
            Self.close(stdinPipe)
            throw SpawnError("cannot create a pipe: \(Self.errnoText())")
        }
        guard makePipe(&stderrPipe, O_CLOEXEC) == 0 else {
            Self.close(stdinPipe + stdoutPipe)
            throw SpawnError("cannot create a pipe: \(Self.errnoText())")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        if let directory { _ = spawnFileActionsAddChdir(&actions, directory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        Self.close([stdinPipe[0], stdoutPipe[1], stderrPipe[1]])
        guard status == 0 else {
            Self.close([stdinPipe[1], stdoutPipe[0], stderrPipe[0]])
            throw SpawnError("cannot start '\(program)': \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid, input: stdinPipe[1], output: stdoutPipe[0], errorOutput: stderrPipe[0])
    }

    /// Sends `signal` to the child.
    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
    }

    /// Reaps the child if it has exited; `nil` while it runs.
    func poll() -> ExitStatus? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result < 0 ? .unknown : nil }
        return ExitStatus(waitStatus: status)
    }

    /// Waits up to `grace` for the child to exit, then kills it; returns how it ended.
    func reap(grace: Duration) -> ExitStatus {
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if let status = poll() { return status }
            usleep(2_000)
        }
        kill(SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .unknown }
        }
        return ExitStatus(waitStatus: status)
    }

    /// Writes all of `bytes` to the child's input; false when the child no longer reads it.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    static func close(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// A write to a pipe whose reader exited must fail with EPIPE, not kill docpipe.
    private static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}

// glibc declares these only with _GNU_SOURCE, which the Glibc module does not set; both have
// plain C signatures (glibc ≥ 2.29 for addchdir_np, which Debian 12 and every supported
// distribution have). pipe2 creates both ends close-on-exec atomically, so a process spawned
// concurrently by another worker never inherits them.
@_silgen_name("pipe2")
private func makePipe(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnFileActionsAddChdir(
    _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
) -> Int32

/// How a child process ended.
enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    case unknown

    init(waitStatus status: Int32) {
        if status & 0x7f == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(status & 0x7f)
        }
    }

    var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
        case .unknown: "unknown exit status"
        }
    }

    private static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGINT: "SIGINT"
        case SIGPIPE: "SIGPIPE"
        default: nil
        }
    }
}

/// A program could not be started.
struct SpawnError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
