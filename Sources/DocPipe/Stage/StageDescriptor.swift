/// A registered stage: what it is called, what it does, its options and how to build it.
///
/// Swift stages get a descriptor from their type (``init(_:)``); stages discovered at run time
/// (plugin folders) build one directly.
public struct StageDescriptor: Sendable {
    public var name: String
    public var summary: String
    public var version: String
    public var role: StageRole
    public var options: [OptionSpec]
    /// Where the stage comes from, for messages: "built-in", or a plugin folder.
    public var origin: String
    /// Whether the stage takes the `restarts` runner key (stages that run processes).
    public var acceptsRestarts: Bool
    /// Builds an instance from validated options.
    public var make: @Sendable (StageOptions, StageSetup) throws -> StageInstance

    public init(
        name: String, summary: String, version: String, role: StageRole, options: [OptionSpec],
        origin: String = "built-in", acceptsRestarts: Bool = false,
        make: @escaping @Sendable (StageOptions, StageSetup) throws -> StageInstance
    ) {
        self.name = name
        self.summary = summary
        self.version = version
        self.role = role
        self.options = options
        self.origin = origin
        self.acceptsRestarts = acceptsRestarts
        self.make = make
    }

    /// The descriptor of a source stage type.
    public init<S: SourceStage>(_ type: S.Type, origin: String = "built-in") {
        self.init(name: S.name, summary: S.summary, version: S.version, role: .source, options: S.options, origin: origin) {
            .source(try S(options: $0, context: $1))
        }
    }

    /// The descriptor of a transform stage type.
    public init<S: TransformStage>(_ type: S.Type, origin: String = "built-in") {
        self.init(name: S.name, summary: S.summary, version: S.version, role: .transform, options: S.options, origin: origin) {
            .transform(try S(options: $0, context: $1))
        }
    }

    /// The descriptor of a sink stage type.
    public init<S: SinkStage>(_ type: S.Type, origin: String = "built-in") {
        self.init(name: S.name, summary: S.summary, version: S.version, role: .sink, options: S.options, origin: origin) {
            .sink(try S(options: $0, context: $1))
        }
    }
}

/// A built stage, by role.
public enum StageInstance: Sendable {
    case source(any SourceStage)
    case transform(any TransformStage)
    case sink(any SinkStage)
}
