public import DocPipe
import DocPipeBundle
import Logging

/// The source of `docpipe replay`: the raw inputs stored in a bundle, as the fetch stage
/// produced them — same ids, `source` metadata and (through the stage it replaces) the same fetch
/// lineage entry; `text` decoded again from the raw bytes with the recorded `source.charset`.
/// No network, no file system beyond the bundle.
///
/// Inputs, in the order of the `raw/` members (the original run order): each raw member whose
/// id is the default id of a document's `source.uri` in documents.jsonl or quarantine.jsonl
/// (parts of a split document, ids like `<id>-1`, lead back to one input: the first occurrence
/// wins). Then the inputs the original source could not produce (quarantine records of the
/// source stage without raw bytes) are reported again as failures with their recorded reason.
public struct BundleReplaySource: SourceStage {
    public static let name = "replay"
    public static let summary = "Replays the raw inputs stored in a bundle (used by docpipe replay)."
    public static let options = [OptionSpec("bundle", .path, required: true, doc: "The bundle to replay.")]

    /// The bundle file.
    public let bundlePath: String

    public init(options: StageOptions, context: StageSetup) throws {
        guard let path = options.string("bundle") else { throw options.invalid("bundle", "a bundle path is required") }
        bundlePath = path
    }

    public init(bundlePath: String) {
        self.bundlePath = bundlePath
    }

    /// What the bundle says about its inputs.
    struct Inputs {
        /// Raw id → the recorded source, first occurrence.
        var sources: [String: DocumentSource] = [:]
        /// Inputs the source stage could not produce: uri and reason, in record order.
        var failures: [(uri: String, reason: String)] = []
    }

    static func inputs(in reader: BundleReader, sourceStageIDs: Set<String>) throws -> Inputs {
        var inputs = Inputs()
        try reader.forEachDocument { document in
            let rawID = Document.defaultID(for: document.source.uri)
            if inputs.sources[rawID] == nil { inputs.sources[rawID] = document.source }
        }
        let hasQuarantine = try reader.members().contains { $0.path == "quarantine.jsonl" }
        guard hasQuarantine else { return inputs }
        var pending: [(uri: String, reason: String, rawID: String)] = []
        try reader.forEachLine(of: "quarantine.jsonl") { line in
            let record = try JSONParser.parse(line)
            guard let documentJSON = record["document"], let document = try? Document(json: documentJSON) else { return }
            let rawID = Document.defaultID(for: document.source.uri)
            if let stage = record["stage"]?.stringValue, sourceStageIDs.contains(stage) {
                pending.append((document.source.uri, record["error"]?.stringValue ?? "failed", rawID))
            } else if inputs.sources[rawID] == nil {
                inputs.sources[rawID] = document.source
            }
        }
        var rawIDs = Set<String>()
        try reader.forEachRawID { rawIDs.insert($0) }
        for failure in pending where !rawIDs.contains(failure.rawID) {
            inputs.failures.append((failure.uri, failure.reason))
        }
        return inputs
    }

    /// The document the fetch stage made from `raw` with `source`.
    public static func document(id: String, source: DocumentSource, raw: [UInt8]) -> Document {
        var metadata = JSONObject()
        var text = ""
        if let charset = source.charset {
            let decoded = CharsetDetector.decode(raw[...], as: charset)
            text = decoded.text
            if decoded.errors > 0 { metadata["decode_errors"] = .int(decoded.errors) }
        }
        return Document(id: id, source: source, text: text, metadata: metadata, raw: raw)
    }

    public func run(into output: SourceOutput, context: StageContext) async throws {
        let reader = BundleReader(path: bundlePath)
        // The source's id in this pipeline, and in the one that wrote the bundle (they differ with --pipeline).
        var sourceStageIDs: Set<String> = [context.stageID]
        if let original = try reader.manifest().stages.first?.id { sourceStageIDs.insert(original) }
        let inputs = try Self.inputs(in: reader, sourceStageIDs: sourceStageIDs)
        var replayed = 0
        try await reader.forEachRawAsync { id, raw in
            guard let source = inputs.sources[id] else {
                context.logger.warning("raw/\(id) belongs to no recorded document; not replayed")
                return
            }
            replayed += 1
            try await output.emit(Self.document(id: id, source: source, raw: raw))
        }
        if replayed == 0 && !inputs.sources.isEmpty {
            throw DocumentError("\(bundlePath) holds no raw inputs (was it written with include_raw: false?)")
        }
        for failure in inputs.failures {
            try await output.fail(uri: failure.uri, reason: failure.reason)
        }
    }
}
