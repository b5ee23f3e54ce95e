/// A validated pipeline: its stages built and ready to run.
public struct Pipeline: Sendable {
    public var info: PipelineInfo
    public var description: String?
    public var stages: [PipelineStage]

    public init(info: PipelineInfo, description: String? = nil, stages: [PipelineStage]) {
        self.info = info
        self.description = description
        self.stages = stages
    }
}

/// What to do with a document a stage fails on.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Abort the run.
    case fail
    /// Drop the document and count it.
    case skip
    /// Keep the failing input, stage id and error for the archive (the default).
    case quarantine
}

/// One stage of a validated pipeline, with its runner settings.
public struct PipelineStage: Sendable {
    public var id: String
    public var descriptor: StageDescriptor
    public var options: StageOptions
    public var instance: StageInstance
    public var onError: ErrorPolicy
    /// How many documents the stage processes at once (transforms only).
    public var concurrency: Int
    /// Whether output keeps input order when `concurrency` > 1.
    public var ordered: Bool
    /// The longest a stage may spend on one document.
    public var timeout: Duration?
    /// How many times a broken stage process may be replaced (exec stages).
    public var restarts: Int
    /// Where the stage is declared.
    public var mark: SourceMark

    public init(
        id: String, descriptor: StageDescriptor, options: StageOptions, instance: StageInstance,
        onError: ErrorPolicy = .quarantine, concurrency: Int = 1, ordered: Bool = true, timeout: Duration? = nil,
        restarts: Int = 3, mark: SourceMark = SourceMark(line: 0, column: 0)
    ) {
        self.id = id
        self.descriptor = descriptor
        self.options = options
        self.instance = instance
        self.onError = onError
        self.concurrency = concurrency
        self.ordered = ordered
        self.timeout = timeout
        self.restarts = restarts
        self.mark = mark
    }

    /// The stage as bundles and reports record it.
    public var summary: StageSummary {
        StageSummary(
            id: id, use: descriptor.name, version: descriptor.version, role: descriptor.role, options: options.values)
    }
}
