import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `docpipe` as a real process and captures what it printed, its exit status
/// and its peak memory.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Peak resident set size in KiB (from wait4's rusage).
    var peakKiB: Int
}

enum DocPipeBinary {
    /// The executable built beside the test bundle.
    static var path: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("docpipe").path
    }

    /// Runs `docpipe arguments…` in `directory`; `signal` is sent after `signalAfter` if given.
    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        signal: Int32? = nil, signalAfter: Duration = .zero
    ) throws -> CommandResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout").path
        let err = folder.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        // GNU env's --chdir starts docpipe in `directory` (the same process, so rusage is docpipe's).
        let launcher = directory.map { ["/usr/bin/env", "--chdir=\($0)", path] } ?? [path]
        let argv = (launcher + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, launcher[0], &actions, nil, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        if let signal {
            let (seconds, attoseconds) = signalAfter.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            kill(pid, signal)
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return CommandResult(
            status: code,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
            peakKiB: usage.ru_maxrss)
    }
}

/// A temporary folder with files, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init(files: [String: String] = [:]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, content) in files { try write(name, content) }
    }

    func write(_ name: String, _ content: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
