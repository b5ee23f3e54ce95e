public import DocPipe

/// The `generate` source: synthetic documents, for trying pipelines and measuring them
/// (like Benthos' `generate` input or Vector's `demo_logs`).
public struct GenerateStage: SourceStage {
    public static let name = "generate"
    public static let summary = "Produces synthetic documents (for trying out and benchmarking pipelines)."
    public static let options: [OptionSpec] = [
        OptionSpec("count", .int(min: 0), default: 1000, doc: "How many documents to produce."),
        OptionSpec(
            "text", .string, default: "Document {n}.",
            doc: "The text of each document; {n} is replaced by the document's number (from 1)."),
        OptionSpec("interval", .duration, doc: "A pause between documents, e.g. 10ms (none by default)."),
    ]

    let count: Int
    let template: String
    let interval: Duration?

    public init(options: StageOptions, context: StageSetup) throws {
        count = options.int("count") ?? 1000
        template = options.string("text") ?? "Document {n}."
        interval = options.duration("interval")
    }

    public func run(into output: SourceOutput, context: StageContext) async throws {
        let fetchedAt = Timestamp.iso8601(seconds: context.run.isReproducible ? context.run.startedAt : Timestamp.now())
        let parts = template.split(separator: "{n}", omittingEmptySubsequences: false).map(String.init)
        for number in 1...max(count, 1) where count > 0 {
            if let interval { try await Task.sleep(for: interval) }
            try Task.checkCancellation()
            let uri = "generate:\(context.stageID)/\(number)"
            var document = Document(uri: uri, text: parts.joined(separator: String(number)))
            document.source.fetchedAt = fetchedAt
            document.source.mediaType = "text/plain"
            try await output.emit(document)
        }
    }
}

/// The `noop` transform: passes documents through unchanged (for measuring the runner).
public struct NoopStage: TransformStage {
    public static let name = "noop"
    public static let summary = "Passes documents through unchanged (for measuring the runner)."

    public init(options: StageOptions, context: StageSetup) throws {}

    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        [document]
    }
}
