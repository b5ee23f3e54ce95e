/// Expands `${name}`, `${name:-default}`, `${name:?message}` and `$$` in pipeline scalars.
///
/// Lookup order: `--var` values, then the environment, then the pipeline's `vars:`.
public struct Variables: Sendable {
    public var overrides: [String: String]
    public var environment: [String: String]
    public var defaults: [String: String]

    public init(overrides: [String: String] = [:], environment: [String: String] = [:], defaults: [String: String] = [:]) {
        self.overrides = overrides
        self.environment = environment
        self.defaults = defaults
    }

    /// The value of `name`, if set anywhere.
    public func value(of name: String) -> String? {
        overrides[name] ?? environment[name] ?? defaults[name]
    }

    /// A failed expansion: the message and the character offset of the `${` in the text.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
        public var offset: Int
    }

    /// `text` with every reference expanded.
    public func expand(_ text: String) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                result.append(character)
                index += 1
                continue
            }
            if characters[index + 1] == "$" {
                result.append("$")
                index += 2
                continue
            }
            guard characters[index + 1] == "{" else {
                result.append(character)
                index += 1
                continue
            }
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                throw Failure(message: "unterminated variable reference '${'; write '$$' for a literal '$'", offset: index)
            }
            let body = String(characters[(index + 2)..<close])
            result += try resolve(body, offset: index)
            index = close + 1
        }
        return result
    }

    private func resolve(_ body: String, offset: Int) throws(Failure) -> String {
        var name = body
        var fallback: String?
        var requiredMessage: String?
        if let colon = body.firstIndex(of: ":") {
            let rest = body[body.index(after: colon)...]
            if rest.first == "-" {
                name = String(body[..<colon])
                fallback = String(rest.dropFirst())
            } else if rest.first == "?" {
                name = String(body[..<colon])
                requiredMessage = String(rest.dropFirst())
            }
        }
        guard Self.isValidName(name) else {
            throw Failure(message: "invalid variable name '\(name)' in '${\(body)}'", offset: offset)
        }
        if let value = value(of: name), !(fallback != nil && value.isEmpty) { return value }
        if let fallback { return fallback }
        if let requiredMessage, !requiredMessage.isEmpty {
            throw Failure(message: "variable '\(name)' is not set: \(requiredMessage)", offset: offset)
        }
        throw Failure(
            message: "variable '\(name)' is not set; pass --var \(name)=VALUE, set it in the environment or under 'vars:'",
            offset: offset)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic && first.isASCII
        else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
