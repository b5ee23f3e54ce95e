/// A YAML syntax error, with the position libyaml reported.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. "found character that cannot start any token".
    public var message: String
    /// Where the problem is.
    public var mark: SourceMark
    /// libyaml's context, e.g. "while scanning a quoted scalar", and where that started.
    public var context: String?
    public var contextMark: SourceMark?

    public init(message: String, mark: SourceMark, context: String? = nil, contextMark: SourceMark? = nil) {
        self.message = message
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }

    public var description: String {
        var text = "\(mark): \(message)"
        if let context {
            text += " (\(context)"
            if let contextMark { text += " at \(contextMark)" }
            text += ")"
        }
        return text
    }
}
