/// Facts about a pipeline file that stages may need.
public struct PipelineInfo: Sendable {
    /// The pipeline's `name`.
    public var name: String
    /// The path of the pipeline file, or `nil` for a pipeline built in code.
    public var path: String?
    /// The folder relative paths resolve against.
    public var directory: String
    /// The pipeline file's text as written.
    public var sourceText: String

    public init(name: String, path: String?, directory: String, sourceText: String) {
        self.name = name
        self.path = path
        self.directory = directory
        self.sourceText = sourceText
    }
}

/// Facts about one run.
public struct RunInfo: Sendable {
    /// `YYYYMMDDTHHMMSSZ` plus six hex digits.
    public var id: String
    /// When the run started, as seconds since 1970 (the `SOURCE_DATE_EPOCH` when it is set).
    public var startedAt: Int
    /// Whether `SOURCE_DATE_EPOCH` fixes every recorded time (reproducible output).
    public var isReproducible: Bool
    public var pipeline: PipelineInfo
    /// Each stage of the run, in order.
    public var stages: [StageSummary]

    public init(id: String, startedAt: Int, isReproducible: Bool, pipeline: PipelineInfo, stages: [StageSummary]) {
        self.id = id
        self.startedAt = startedAt
        self.isReproducible = isReproducible
        self.pipeline = pipeline
        self.stages = stages
    }

    /// The start time as `YYYY-MM-DDTHH:MM:SSZ`.
    public var startedTimestamp: String { Timestamp.iso8601(seconds: startedAt) }
}

/// A stage of a run as bundles record it: id, name, version and resolved options.
public struct StageSummary: Sendable, Equatable {
    public var id: String
    public var use: String
    public var version: String
    public var role: StageRole
    public var options: JSONObject

    public init(id: String, use: String, version: String, role: StageRole, options: JSONObject) {
        self.id = id
        self.use = use
        self.version = version
        self.role = role
        self.options = options
    }
}
