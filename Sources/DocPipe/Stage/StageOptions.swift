/// A stage's validated options: every declared option with its value or default, in resolved
/// form (paths absolute, sizes in bytes, durations canonical).
public struct StageOptions: Sendable, Equatable {
    /// The resolved values, in declaration order; options without value or default are absent.
    public var values: JSONObject
    /// Where each option was set in the pipeline file.
    public var marks: [String: SourceMark]
    /// The folder relative paths were resolved against.
    public var baseDirectory: String

    public init(values: JSONObject = JSONObject(), marks: [String: SourceMark] = [:], baseDirectory: String = ".") {
        self.values = values
        self.marks = marks
        self.baseDirectory = baseDirectory
    }

    /// The raw resolved value of `name`.
    public subscript(name: String) -> JSONValue? {
        guard let value = values[name], value != .null else { return nil }
        return value
    }

    public func string(_ name: String) -> String? { self[name]?.stringValue }
    public func int(_ name: String) -> Int? { self[name]?.intValue }
    public func double(_ name: String) -> Double? { self[name]?.doubleValue }
    public func bool(_ name: String) -> Bool? { self[name]?.boolValue }

    /// A list of strings (an absent option is an empty list).
    public func strings(_ name: String) -> [String] {
        self[name]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A map of strings, in file order.
    public func stringMap(_ name: String) -> [(key: String, value: String)] {
        guard let object = self[name]?.objectValue else { return [] }
        return object.compactMap { member in member.value.stringValue.map { (key: member.key, value: $0) } }
    }

    /// A duration option.
    public func duration(_ name: String) -> Duration? {
        string(name).flatMap { try? DurationParser.parse($0) }
    }

    /// An error about option `name`, positioned where the pipeline set it.
    public func invalid(_ name: String, _ message: String) -> StageConfigurationError {
        StageConfigurationError(option: name, message: message)
    }
}

/// A stage rejected its options; the runner positions the message at the option's mark.
public struct StageConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The option at fault, or `nil` for the stage as a whole.
    public var option: String?
    public var message: String

    public init(option: String? = nil, message: String) {
        self.option = option
        self.message = message
    }

    public var description: String { message }
}
