/// The stages a runner knows, by name.
///
/// A value, passed to the pipeline loader and the CLI — there is no global registry. Start from
/// the built-in stages (`StageRegistry.builtIn` in DocPipeStages) and add your own:
/// ```swift
/// var registry = StageRegistry.builtIn
/// try registry.register(Redact.self)
/// ```
public struct StageRegistry: Sendable {
    private var descriptors: [String: StageDescriptor] = [:]

    /// An empty registry.
    public init() {}

    /// The stage registered as `name`.
    public subscript(name: String) -> StageDescriptor? { descriptors[name] }

    /// All registered stages, sorted by name.
    public var all: [StageDescriptor] { descriptors.values.sorted { $0.name < $1.name } }

    /// All registered names.
    public var names: [String] { descriptors.keys.sorted() }

    /// Registers a stage; a name already taken is an error naming both.
    public mutating func register(_ descriptor: StageDescriptor) throws(StageRegistrationError) {
        if let existing = descriptors[descriptor.name] {
            throw StageRegistrationError(name: descriptor.name, existing: existing.origin, new: descriptor.origin)
        }
        descriptors[descriptor.name] = descriptor
    }

    /// Registers a source stage type.
    public mutating func register<S: SourceStage>(_ type: S.Type) throws(StageRegistrationError) {
        try register(StageDescriptor(type))
    }

    /// Registers a transform stage type.
    public mutating func register<S: TransformStage>(_ type: S.Type) throws(StageRegistrationError) {
        try register(StageDescriptor(type))
    }

    /// Registers a sink stage type.
    public mutating func register<S: SinkStage>(_ type: S.Type) throws(StageRegistrationError) {
        try register(StageDescriptor(type))
    }

    /// This registry with `other`'s stages added.
    public func merging(_ other: StageRegistry) throws(StageRegistrationError) -> StageRegistry {
        var result = self
        for descriptor in other.all { try result.register(descriptor) }
        return result
    }
}

/// Two stages were registered under one name.
public struct StageRegistrationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var existing: String
    public var new: String

    public var description: String {
        "stage name '\(name)' is taken twice: by \(existing) and by \(new); rename one of them"
    }
}
