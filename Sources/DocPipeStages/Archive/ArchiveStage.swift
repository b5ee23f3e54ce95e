public import DocPipe
import DocPipeBundle
import Logging
import Synchronization

/// The `archive` sink: writes the run as a bundle (`docpipe-bundle/1`, DESIGN §7).
///
/// Raw inputs stream into the compressed archive as documents arrive; documents.jsonl and
/// quarantine.jsonl are spooled to temporary files and added at the end with report.json and
/// manifest.json. The bundle is written beside its target and renamed when the run finishes,
/// so an aborted or interrupted run leaves nothing at the target path. With `SOURCE_DATE_EPOCH`
/// every recorded time is the epoch and measured durations are left out, so two runs over the
/// same inputs give byte-identical bundles.
///
/// ```yaml
/// - use: archive
///   with: { path: "${out}/{name}-{run}.tar.gz", level: 6, include_raw: true }
/// ```
public struct ArchiveStage: SinkStage {
    public static let name = "archive"
    public static let summary = "Writes the run as a verifiable, reproducible .tar.gz bundle."
    public static let options = [
        OptionSpec(
            "path", .path, required: true,
            doc: "Where to write the bundle; {run}, {date} and {name} are replaced by the run id, date and pipeline name."),
        OptionSpec("level", .int(min: 0, max: 9), default: 6, doc: "gzip compression level, 0 (store) to 9 (smallest)."),
        OptionSpec("include_raw", .bool, default: true, doc: "Store each input's bytes as fetched (needed for replay)."),
    ]

    let pathTemplate: String
    let level: Int
    let includeRaw: Bool
    private let state = ArchiveState()

    public init(options: StageOptions, context: StageSetup) throws {
        guard let path = options.string("path"), !path.isEmpty else { throw options.invalid("path", "a bundle path is required") }
        pathTemplate = path
        level = options.int("level") ?? 6
        guard (0...9).contains(level) else { throw options.invalid("level", "level must be 0–9, not \(level)") }
        includeRaw = options.bool("include_raw") ?? true
    }

    /// The bundle path for a run: `{run}`, `{date}` and `{name}` replaced.
    public static func resolvePath(_ template: String, run: RunInfo) -> String {
        let values = ["run": run.id, "date": Timestamp.date(seconds: run.startedAt), "name": run.pipeline.name]
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }

    public func consume(_ document: Document, context: StageContext) async throws {
        let document = Self.recorded(document, run: context.run)
        // Suspend rather than block a cooperative thread while documents.jsonl's compressor catches up.
        while state.isDocumentQueueFull { try await Task.sleep(for: .milliseconds(1)) }
        try state.withWriter(self, context: context) { writer, last in
            if includeRaw { try Self.storeRaw(of: document, in: writer, last: &last) }
            try writer.addDocument(document)
        }
    }

    public func consume(_ record: QuarantineRecord, context: StageContext) async throws {
        var copy = record
        copy.document = Self.recorded(record.document, run: context.run)
        let record = copy
        try state.withWriter(self, context: context) { writer, last in
            if includeRaw { try Self.storeRaw(of: record.document, in: writer, last: &last) }
            try writer.addQuarantine(line: JSONWriter().bytes(record.json))
        }
    }

    public func finish(_ report: RunReport, context: StageContext) async throws -> String? {
        let run = context.run
        let summary = try state.withWriter(self, context: context) { writer, _ in
            var reportBytes = JSONWriter(pretty: true).bytes(report.json(includeTimings: !run.isReproducible))
            reportBytes.append(0x0a)
            let finished = run.isReproducible ? run.startedAt : Timestamp.now()
            let manifest = BundleManifest(
                runID: run.id, started: run.startedTimestamp, finished: Timestamp.iso8601(seconds: finished),
                pipelineName: run.pipeline.name, pipelinePath: run.pipeline.path.map { FileSystem.absolute($0) },
                stages: run.stages.map { .init(id: $0.id, use: $0.use, version: $0.version, options: $0.options) },
                documents: writer.documentCount, quarantined: writer.quarantineCount, skipped: report.skipped)
            return try writer.finish(report: reportBytes, manifest: manifest)
        }
        state.close()
        let seconds = Double(state.busy.components.seconds) + Double(state.busy.components.attoseconds) / 1e18
        context.logger.info(
            "archive wrote \(summary.path) in \((seconds * 1000).rounded() / 1000)s of stage time",
            metadata: ["documents": "\(summary.documents)", "bytes": "\(summary.bytes)"])
        let noun = summary.documents == 1 ? "document" : "documents"
        return "bundle: \(Self.displayPath(summary.path)) (\(summary.documents) \(noun), \(Self.formatSize(summary.bytes)))"
    }

    public func abort(context: StageContext) async {
        state.abort()
    }

    /// Stores `document`'s raw bytes as `raw/<id>`, once per input: parts of a split document
    /// share their input's bytes. The fetch stage hashed those bytes already (`source.sha256`,
    /// for `source.bytes` bytes); that digest is reused rather than computed a second time, and
    /// `bundle verify` checks it against the stored bytes like every other member's.
    static func storeRaw(of document: Document, in writer: BundleWriter, last: inout ArchiveState.Last) throws {
        guard let raw = document.raw else { return }
        let rawID = Document.defaultID(for: document.source.uri)
        guard last.rawID != rawID else { return }
        let fetched = document.source.bytes == raw.count ? document.source.sha256 : nil
        try writer.addRaw(id: rawID, bytes: raw, sha256: fetched)
        last.rawID = rawID
    }

    /// The document as the bundle records it: with `SOURCE_DATE_EPOCH`, no measured durations and
    /// the epoch as the fetch time.
    static func recorded(_ document: Document, run: RunInfo) -> Document {
        guard run.isReproducible else { return document }
        var document = document
        for index in document.lineage.indices { document.lineage[index].micros = nil }
        if document.source.fetchedAt != nil { document.source.fetchedAt = run.startedTimestamp }
        return document
    }

    static func formatSize(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value >= 1e9 { return "\(((value / 1e8).rounded()) / 10) GB" }
        if value >= 1e6 { return "\(((value / 1e5).rounded()) / 10) MB" }
        if value >= 1e3 { return "\(((value / 1e2).rounded()) / 10) KB" }
        return "\(bytes) bytes"
    }

    /// `path` relative to the current folder when it lies below it.
    static func displayPath(_ path: String) -> String {
        let current = FileSystem.currentDirectory
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// The archive's mutable state: the open writer, behind a mutex so the stage stays `Sendable`.
final class ArchiveState: Sendable {
    struct Last {
        var rawID: String?
    }

    private struct Guarded {
        var writer: BundleWriter?
        var last = Last()
        var closed = false
        var busy: Duration = .zero
    }

    /// Time spent writing so far (every consume and the finish).
    var busy: Duration { guarded.withLock { $0.busy } }

    private let guarded = Mutex(Guarded())

    /// Runs `body` with the writer, opening it (and writing pipeline.yaml) on first use.
    func withWriter<Result: Sendable>(
        _ stage: ArchiveStage, context: StageContext, _ body: @Sendable (BundleWriter, inout Last) throws -> Result
    ) throws -> Result {
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            guarded.withLock { $0.busy += elapsed }
        }
        return try guarded.withLock { state throws -> Result in
            if state.closed { throw BundleError(.usage, "the archive stage already finished") }
            let writer: BundleWriter
            if let open = state.writer {
                writer = open
            } else {
                let path = ArchiveStage.resolvePath(stage.pathTemplate, run: context.run)
                writer = try BundleWriter(
                    path: path, name: BundleMerger.bundleName(for: path), pipeline: Array(context.run.pipeline.sourceText.utf8),
                    options: .init(level: stage.level, mtime: context.run.startedAt))
                state.writer = writer
            }
            return try body(writer, &state.last)
        }
    }

    /// Whether the open writer's document queue is full.
    var isDocumentQueueFull: Bool { guarded.withLock { $0.writer?.isDocumentQueueFull ?? false } }

    /// Forgets the finished writer.
    func close() {
        guarded.withLock { state in
            state.writer = nil
            state.closed = true
        }
    }

    /// Removes the temporary file of an unfinished bundle.
    func abort() {
        guarded.withLock { state in
            state.writer?.abort()
            state.writer = nil
            state.closed = true
        }
    }
}
