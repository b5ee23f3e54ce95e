/// The declaration of one stage option: its name, type, default and a one-line doc.
///
/// A stage declares its options once; the declaration drives validation, defaults,
/// `docpipe stages NAME` and the generated documentation.
public struct OptionSpec: Sendable, Equatable {
    public var name: String
    public var type: OptionType
    /// The value used when the pipeline does not set the option (already in resolved form).
    public var defaultValue: JSONValue?
    /// Whether the pipeline must set the option.
    public var isRequired: Bool
    /// One line saying what the option does.
    public var doc: String

    public init(_ name: String, _ type: OptionType, default defaultValue: JSONValue? = nil, required: Bool = false, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.doc = doc
    }
}

/// The type of a stage option.
public indirect enum OptionType: Sendable, Equatable, CustomStringConvertible {
    case string
    case int(min: Int? = nil, max: Int? = nil)
    case double
    case bool
    /// A duration string such as `500ms`, `10s`, `2m`; resolved to the canonical string.
    case duration
    /// Bytes as an integer or a string with `KB`/`MB`/`GB` or `KiB`/`MiB`/`GiB`; resolved to an integer.
    case size
    /// A file path; relative paths resolve against the pipeline file's folder.
    case path
    /// One of a fixed set of strings.
    case choice([String])
    /// A list; a single value is accepted as a list of one.
    case list(OptionType)
    /// A mapping from strings to values of one type.
    case map(OptionType)
    /// Any JSON value, passed through unchecked (for exec stages that validate their own).
    case json

    /// An integer with no bounds.
    public static var int: OptionType { .int() }

    public var description: String {
        switch self {
        case .string: "string"
        case .int(let min, let max):
            switch (min, max) {
            case (nil, nil): "integer"
            case (let min?, nil): "integer ≥ \(min)"
            case (nil, let max?): "integer ≤ \(max)"
            case (let min?, let max?): "integer \(min)–\(max)"
            }
        case .double: "number"
        case .bool: "boolean"
        case .duration: "duration"
        case .size: "size"
        case .path: "path"
        case .choice(let values): values.joined(separator: "|")
        case .list(let element): "list of \(element)"
        case .map(let element): "map of \(element)"
        case .json: "any"
        }
    }
}
