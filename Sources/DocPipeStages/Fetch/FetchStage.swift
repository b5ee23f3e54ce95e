public import DocPipe
import Logging

/// The `fetch` source: reads local files, folders and globs, decodes them, and records where
/// each came from.
public struct FetchStage: SourceStage {
    public static let name = "fetch"
    public static let summary = "Reads documents from files, folders and globs (with **), decoding their charset."
    public static let options: [OptionSpec] = [
        OptionSpec(
            "paths", .list(.string), default: [],
            doc: "Files, folders (read recursively) and globs such as corpus/**/*.html, relative to the pipeline file."),
        OptionSpec(
            "max_bytes", .size, default: .int(50_000_000),
            doc: "Larger inputs are quarantined as too large (bytes, or e.g. 50MB)."),
    ]

    let walker: LocalFileWalker
    let maximumBytes: Int

    public init(options: StageOptions, context: StageSetup) throws {
        let paths = options.strings("paths")
        guard !paths.isEmpty else {
            throw options.invalid("paths", "fetch needs at least one entry in 'paths'")
        }
        walker = LocalFileWalker(paths: paths, baseDirectory: options.baseDirectory)
        maximumBytes = options.int("max_bytes") ?? 50_000_000
    }

    public func run(into output: SourceOutput, context: StageContext) async throws {
        let fetchedAt = context.run.isReproducible ? context.run.startedAt : Timestamp.now()
        var matched = 0
        try await walker.walk { found in
            switch found {
            case .file(let path):
                matched += 1
                let started = ContinuousClock.now
                do {
                    let document = try FetchedDocument.load(path: path, fetchedAt: fetchedAt, maximumBytes: maximumBytes)
                    let elapsed = (ContinuousClock.now - started).components
                    try await output.emit(document, micros: Int(elapsed.seconds) * 1_000_000 + Int(elapsed.attoseconds / 1_000_000_000_000))
                } catch let error as FileSystem.Failure {
                    try await output.fail(uri: FileURL.from(path: path), reason: error.reason)
                } catch let error as DocumentError {
                    try await output.fail(uri: FileURL.from(path: path), reason: error.message)
                }
            case .failure(let path, let reason):
                try await output.fail(uri: FileURL.from(path: path), reason: reason)
            }
        }
        if matched == 0 {
            context.logger.warning("fetch: no files matched \(walker.patternsDescription)")
        }
    }
}

extension LocalFileWalker {
    var patternsDescription: String {
        entries.map { entry in
            switch entry {
            case .file(let path), .directory(let path), .missing(let path): path
            case .glob(_, let original): original
            }
        }.joined(separator: ", ")
    }
}
