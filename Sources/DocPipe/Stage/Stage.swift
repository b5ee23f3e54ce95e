public import Logging

/// What a stage does in a pipeline.
public enum StageRole: String, Sendable, CustomStringConvertible {
    /// Produces documents (fetch, replay); must be the first stage.
    case source
    /// One document in, zero or more out (clean, segment, classify, exec).
    case transform
    /// Sees every document and quarantine record, finishes at the end (archive).
    case sink

    public var description: String { rawValue }
}

/// A stage type: its name, summary, version and declared options, and how to build it.
///
/// Conform to one of ``SourceStage``, ``TransformStage`` or ``SinkStage``, then register the
/// type with ``StageRegistry/register(_:)``:
/// ```swift
/// struct Shout: TransformStage {
///     static let name = "shout"
///     static let summary = "Upper-cases the text."
///     static let options = [OptionSpec("exclaim", .bool, default: false, doc: "Append an exclamation mark.")]
///     let exclaim: Bool
///     init(options: StageOptions, context: StageSetup) throws { exclaim = options.bool("exclaim") ?? false }
///     func process(_ document: Document, context: StageContext) async throws -> [Document] {
///         var document = document
///         document.text = document.text.uppercased() + (exclaim ? "!" : "")
///         return [document]
///     }
/// }
/// ```
public protocol Stage: Sendable {
    /// The name pipelines `use`.
    static var name: String { get }
    /// One line saying what the stage does.
    static var summary: String { get }
    /// The stage's version, recorded in lineage and bundles.
    static var version: String { get }
    /// The options the stage accepts.
    static var options: [OptionSpec] { get }
    /// Builds the stage from validated options; throw ``StageConfigurationError`` to reject them.
    init(options: StageOptions, context: StageSetup) throws
}

extension Stage {
    public static var version: String { DocPipeVersion.current }
    public static var options: [OptionSpec] { [] }
}

/// A stage that produces documents.
public protocol SourceStage: Stage {
    /// Emits documents (and records of inputs it could not produce) into `output`.
    func run(into output: SourceOutput, context: StageContext) async throws
}

/// A stage that turns each document into zero or more documents.
public protocol TransformStage: Stage {
    /// Processes one document. Throwing applies the stage's `on_error` policy to this document;
    /// throwing ``RunFailure`` aborts the run whatever the policy.
    func process(_ document: Document, context: StageContext) async throws -> [Document]
    /// Called once after the stage's last document, when its input has ended: release what the
    /// stage holds (an exec stage ends its processes). Throwing aborts the run.
    func finish(context: StageContext) async throws
    /// Called instead of ``finish(context:)`` when the run aborts or is interrupted.
    func abort(context: StageContext) async
}

extension TransformStage {
    public func finish(context: StageContext) async throws {}
    public func abort(context: StageContext) async {}
}

/// A transform that takes several documents at once, to keep an external process busy (exec
/// stages pipeline them). The runner hands it each unit of work in one call and does not apply
/// `timeout` around it: the stage enforces ``StageContext/timeout`` per document itself.
public protocol BatchTransformStage: TransformStage {
    /// Processes `documents` and returns one outcome per document, in the same order.
    /// Throwing applies `on_error` to every document of the batch (``RunFailure`` aborts the run).
    func process(batch documents: [Document], context: StageContext) async throws -> [TransformOutcome]
}

/// What became of one document of a batch: its output or its error, and the time it took.
public struct TransformOutcome: Sendable {
    public var result: Result<[Document], any Error>
    /// The time spent on this document, for lineage and latency figures.
    public var elapsed: Duration

    public init(_ result: Result<[Document], any Error>, elapsed: Duration) {
        self.result = result
        self.elapsed = elapsed
    }
}

/// A stage that sees every document and quarantine record, and finishes at the end of the run.
public protocol SinkStage: Stage {
    /// Receives each document, in run order.
    func consume(_ document: Document, context: StageContext) async throws
    /// Receives each quarantine record, in run order.
    func consume(_ record: QuarantineRecord, context: StageContext) async throws
    /// Called once after the last document when the run completes; returns what to tell the user
    /// (e.g. where a bundle was written), if anything.
    func finish(_ report: RunReport, context: StageContext) async throws -> String?
    /// Called instead of ``finish(_:context:)`` when the run aborts or is interrupted: remove
    /// partial output.
    func abort(context: StageContext) async
}

extension SinkStage {
    public func consume(_ record: QuarantineRecord, context: StageContext) async throws {}
    public func finish(_ report: RunReport, context: StageContext) async throws -> String? { nil }
    public func abort(context: StageContext) async {}
}

/// What a stage gets when it is built (at validation and before a run).
public struct StageSetup: Sendable {
    /// The stage's id in the pipeline.
    public var stageID: String
    /// The pipeline being built.
    public var pipeline: PipelineInfo
    /// The environment variables of the process.
    public var environment: [String: String]
    public var logger: Logger

    public init(stageID: String, pipeline: PipelineInfo, environment: [String: String], logger: Logger) {
        self.stageID = stageID
        self.pipeline = pipeline
        self.environment = environment
        self.logger = logger
    }
}

/// What a stage gets while the pipeline runs.
public struct StageContext: Sendable {
    /// The stage's id in the pipeline.
    public var stageID: String
    /// The run this is part of.
    public var run: RunInfo
    /// A logger whose metadata names the stage.
    public var logger: Logger
    /// The runner key `timeout`: the longest the stage may spend on one document.
    public var timeout: Duration?
    /// The runner key `concurrency`: how many documents the stage gets at once.
    public var concurrency: Int
    /// The runner key `restarts`: how many times a broken stage process may be replaced.
    public var restarts: Int

    public init(
        stageID: String, run: RunInfo, logger: Logger, timeout: Duration? = nil, concurrency: Int = 1, restarts: Int = 3
    ) {
        self.stageID = stageID
        self.run = run
        self.logger = logger
        self.timeout = timeout
        self.concurrency = concurrency
        self.restarts = restarts
    }
}

/// The version of docpipe.
public enum DocPipeVersion {
    public static let current = "0.1.0"
}
