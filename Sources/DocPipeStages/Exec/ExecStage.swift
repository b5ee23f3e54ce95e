public import DocPipe
#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The `exec` stage: runs an external program as a transform, speaking `docpipe-exec/1` (JSON
/// Lines on its standard input and output; DESIGN §6).
///
/// ```yaml
/// - use: exec
///   concurrency: 2        # processes
///   timeout: 5s           # per document; the process is killed and replaced past it
///   restarts: 3           # broken processes replaced before the stage fails the run
///   with:
///     command: [python3, stages/upper.py]
///     env: { LANG: C.UTF-8 }
/// ```
/// One long-lived process per worker; each gets a unit of documents at a time, written in one
/// buffered write and answered in order (see ``ExecProcess`` for the pipelining rule). A process
/// that crashes, hangs past `timeout`, writes invalid JSON, answers the wrong `seq` or exits
/// mid-stream costs the document in flight (it fails with the reason, so `on_error` applies)
/// and is replaced; the `restarts + 1`-th break fails the run. At the end of the run every
/// process gets `end` and must exit 0.
public struct ExecStage: BatchTransformStage {
    public static let name = "exec"
    public static let summary = "Runs an external program as a stage (docpipe-exec/1: JSON Lines on stdin/stdout)."
    public static let options: [OptionSpec] = [
        OptionSpec(
            "command", .list(.string), required: true,
            doc: "The program and its arguments; the program is searched in PATH unless it contains a '/'."),
        OptionSpec("env", .map(.string), doc: "Environment variables added to docpipe's for the program."),
        OptionSpec("cwd", .path, doc: "The program's working directory (default: the pipeline file's folder)."),
        OptionSpec("options", .json, doc: "A value passed to the program as the 'options' of the hello message."),
    ]

    /// The descriptor that registers `exec` (it takes the `restarts` runner key).
    public static var descriptor: StageDescriptor {
        StageDescriptor(
            name: name, summary: summary, version: version, role: .transform, options: options, acceptsRestarts: true
        ) { options, setup in .transform(try ExecStage(options: options, context: setup)) }
    }

    let pool: ExecPool

    public init(options: StageOptions, context: StageSetup) throws {
        let command = options.strings("command")
        guard let program = command.first, !program.isEmpty else {
            throw options.invalid("command", "needs at least the program to run, e.g. [python3, stage.py]")
        }
        let directory = options.string("cwd") ?? context.pipeline.directory
        var helloOptions = JSONObject()
        if let value = options["options"] {
            guard let object = value.objectValue else {
                throw options.invalid("options", "must be a mapping (it becomes the 'options' of the hello message)")
            }
            helloOptions = object
        }
        try self.init(
            arguments: command, environment: options.stringMap("env"), directory: directory, helloOptions: helloOptions,
            environmentOfDocpipe: context.environment
        ) { message in options.invalid("command", message) }
    }

    /// An exec stage for a plugin's command: `arguments` run in `directory` with `helloOptions`.
    init(
        arguments: [String], environment: [(key: String, value: String)], directory: String, helloOptions: JSONObject,
        environmentOfDocpipe: [String: String], invalid: (String) -> StageConfigurationError
    ) throws {
        var environment = Dictionary(environment.map { ($0.key, $0.value) }) { _, last in last }
        let inherited = ProcessEnvironment.current
        environment.merge(inherited) { own, _ in own }
        guard FileSystem.kind(of: directory) == .directory else {
            throw invalid("the working directory '\(directory)' does not exist")
        }
        let program = arguments[0]
        guard
            let resolved = Self.locate(
                program, in: directory, path: environment["PATH"] ?? environmentOfDocpipe["PATH"] ?? inherited["PATH"])
        else {
            throw invalid(
                program.contains("/")
                    ? "the program '\(program)' does not exist or is not executable (relative to \(directory))"
                    : "the program '\(program)' is not in PATH")
        }
        var arguments = arguments
        arguments[0] = resolved
        pool = ExecPool(
            command: ExecPool.Command(
                arguments: arguments, environment: environment, directory: directory, options: helloOptions))
    }

    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        let outcome = try await pool.process([document], context: context)[0]
        return try outcome.result.get()
    }

    public func process(batch documents: [Document], context: StageContext) async throws -> [TransformOutcome] {
        try await pool.process(documents, context: context)
    }

    public func finish(context: StageContext) async throws {
        await pool.shutdown(context: context)
    }

    public func abort(context: StageContext) async {
        pool.abort()
    }

    /// The executable `program` names: a path (relative to `directory`) or a name in `path`.
    static func locate(_ program: String, in directory: String, path: String?) -> String? {
        if program.contains("/") {
            let absolute = FileSystem.absolute(program, relativeTo: directory)
            return access(absolute, X_OK) == 0 ? absolute : nil
        }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/" + program
            if FileSystem.kind(of: candidate) == .file && access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
