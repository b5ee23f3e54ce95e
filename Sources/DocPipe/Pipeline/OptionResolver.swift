/// Checks one YAML value against an ``OptionType`` and turns it into its resolved JSON form.
struct OptionResolver {
    var baseDirectory: String
    var variables: Variables

    struct Problem: Error {
        var mark: SourceMark
        var message: String
    }

    /// The expanded text of a scalar node, with variable errors positioned inside the scalar.
    func text(of node: YAMLNode) throws(Problem) -> String? {
        guard case .scalar(let raw, let isPlain) = node.content else { return nil }
        do {
            return try variables.expand(raw)
        } catch {
            let offset = raw.contains("\n") ? 0 : error.offset + (isPlain ? 0 : 1)
            throw Problem(mark: SourceMark(line: node.mark.line, column: node.mark.column + offset), message: error.message)
        }
    }

    func resolve(_ node: YAMLNode, as type: OptionType) throws(Problem) -> JSONValue {
        switch type {
        case .list(let element):
            let items = node.sequence ?? [node]
            var values: [JSONValue] = []
            for item in items { values.append(try resolve(item, as: element)) }
            return .array(values)
        case .map(let element):
            guard let pairs = node.mapping else {
                throw Problem(mark: node.mark, message: "expected a mapping of \(element), found \(node.kindDescription)")
            }
            var object = JSONObject()
            for pair in pairs {
                guard let key = try text(of: pair.key) else {
                    throw Problem(mark: pair.key.mark, message: "expected a string key")
                }
                object[key] = try resolve(pair.value, as: element)
            }
            return .object(object)
        case .json:
            return try expandedJSON(node)
        default:
            guard let value = try text(of: node) else {
                throw Problem(mark: node.mark, message: "expected \(Self.article(type)), found \(node.kindDescription)")
            }
            return try scalar(value, as: type, mark: node.mark)
        }
    }

    private func scalar(_ value: String, as type: OptionType, mark: SourceMark) throws(Problem) -> JSONValue {
        switch type {
        case .string:
            return .string(value)
        case .path:
            guard !value.isEmpty else { throw Problem(mark: mark, message: "expected a path, found an empty string") }
            return .string(FileSystem.absolute(value, relativeTo: baseDirectory))
        case .int(let min, let max):
            guard let number = Int(value.trimmingSpaces()) else {
                throw Problem(mark: mark, message: "expected \(Self.article(type)), found '\(value)'")
            }
            if let min, number < min { throw Problem(mark: mark, message: "expected \(Self.article(type)), found \(number)") }
            if let max, number > max { throw Problem(mark: mark, message: "expected \(Self.article(type)), found \(number)") }
            return .int(number)
        case .double:
            guard let number = Double(value.trimmingSpaces()), number.isFinite else {
                throw Problem(mark: mark, message: "expected a number, found '\(value)'")
            }
            return .double(number)
        case .bool:
            switch value {
            case "true", "True", "TRUE", "yes", "on": return .bool(true)
            case "false", "False", "FALSE", "no", "off": return .bool(false)
            default: throw Problem(mark: mark, message: "expected a boolean (true or false), found '\(value)'")
            }
        case .duration:
            do {
                return .string(DurationParser.format(try DurationParser.parse(value)))
            } catch {
                throw Problem(mark: mark, message: error.message)
            }
        case .size:
            do {
                return .int(try SizeParser.parse(value))
            } catch {
                throw Problem(mark: mark, message: error.message)
            }
        case .choice(let choices):
            guard choices.contains(value) else {
                let list = choices.map { "'\($0)'" }.joined(separator: ", ")
                throw Problem(
                    mark: mark,
                    message: "expected one of \(list), found '\(value)'\(Suggestion.didYouMean(value, in: choices))")
            }
            return .string(value)
        case .list, .map, .json:
            return .string(value)
        }
    }

    private func expandedJSON(_ node: YAMLNode) throws(Problem) -> JSONValue {
        switch node.content {
        case .scalar(_, let isPlain):
            let expanded = try text(of: node) ?? ""
            return YAMLNode(.scalar(expanded, isPlain: isPlain), mark: node.mark, tag: node.tag).json
        case .sequence(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try expandedJSON(item)) }
            return .array(values)
        case .mapping(let pairs):
            var object = JSONObject()
            for pair in pairs { object[pair.key.scalar ?? ""] = try expandedJSON(pair.value) }
            return .object(object)
        }
    }

    static func article(_ type: OptionType) -> String {
        switch type {
        case .int: "an \(type)"
        case .string: "a string"
        case .path: "a path"
        case .double: "a number"
        case .bool: "a boolean"
        case .duration: "a duration"
        case .size: "a size"
        default: "\(type)"
        }
    }
}
