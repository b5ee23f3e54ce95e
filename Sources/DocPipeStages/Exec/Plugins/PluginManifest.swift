public import DocPipe

/// A plugin folder's `docpipe-plugin.yaml`: the stages it adds, each run by a command.
///
/// ```yaml
/// name: text-tools
/// version: 1.2.0
/// stages:
///   - name: keywords
///     summary: Extracts keywords into metadata.keywords.
///     command: [python3, keywords.py]       # runs in the plugin folder
///     options:
///       - {name: top, type: int, min: 1, default: 10, doc: How many keywords to keep.}
///       - {name: language, type: choice, values: [auto, zh, en], default: auto, doc: The text's language.}
/// ```
/// Option types: `string`, `int` (`min`, `max`), `number`, `bool`, `duration`, `size`, `path`
/// (a default resolves against the plugin folder), `choice` (`values`), `list` and `map` (`of`:
/// the element type, default `string`), `json`. `required: true` makes an option mandatory.
public struct PluginManifest: Sendable {
    /// The file name looked for in a plugin folder.
    public static let fileName = "docpipe-plugin.yaml"

    /// One stage the plugin adds.
    public struct StageEntry: Sendable {
        public var name: String
        public var summary: String
        public var command: [String]
        public var options: [OptionSpec]
        /// Where the stage's `name` is written, for messages.
        public var mark: SourceMark
    }

    public var name: String
    public var version: String
    public var stages: [StageEntry]
    /// The absolute path of the plugin folder.
    public var folder: String
    /// The manifest's path.
    public var path: String

    /// Reads `docpipe-plugin.yaml` in `folder`.
    /// - Throws: ``PipelineError`` with every problem, positioned in the manifest.
    public static func read(folder: String) throws(PipelineError) -> PluginManifest {
        let folder = FileSystem.absolute(folder)
        let path = folder + "/" + fileName
        let text = try PipelineError.readSource(path) { "cannot read the plugin manifest: \($0.reason)" }
        return try parse(text, path: path, folder: folder)
    }

    /// Parses a manifest's text; `path` names it in diagnostics, `folder` anchors relative paths.
    public static func parse(_ text: String, path: String, folder: String) throws(PipelineError) -> PluginManifest {
        var parser = ManifestParser(file: path, folder: folder)
        let manifest = parser.parse(text)
        guard parser.diagnostics.isEmpty, let manifest else {
            throw PipelineError(diagnostics: parser.diagnostics, source: text, sources: [path: text])
        }
        return manifest
    }
}

/// Collects every problem of one manifest.
private struct ManifestParser {
    static let topKeys = ["name", "version", "description", "stages"]
    static let stageKeys = ["name", "summary", "command", "options"]
    static let optionKeys = ["name", "type", "default", "doc", "required", "values", "of", "min", "max"]

    let file: String
    let folder: String
    var diagnostics: [Diagnostic] = []

    init(file: String, folder: String) {
        self.file = file
        self.folder = folder
    }

    mutating func report(_ mark: SourceMark, _ message: String) {
        diagnostics.append(Diagnostic(file: file, mark: mark, message: message))
    }

    mutating func parse(_ text: String) -> PluginManifest? {
        let root: YAMLNode
        do {
            root = try YAMLParser.parse(text)
        } catch {
            report(error.mark, error.message)
            return nil
        }
        guard let pairs = root.mapping else {
            report(
                root.mark,
                "a plugin manifest must be a mapping with 'name', 'version' and 'stages', found \(root.kindDescription)"
            )
            return nil
        }
        checkKeys(pairs, allowed: Self.topKeys, what: "manifest key")
        let name = requiredString(root, "name", in: "the manifest") ?? ""
        let version = requiredString(root, "version", in: "the manifest") ?? ""
        var stages: [PluginManifest.StageEntry] = []
        if let list = root["stages"] {
            if let items = list.sequence, !items.isEmpty {
                var seen: [String: SourceMark] = [:]
                for item in items {
                    guard let stage = parseStage(item) else { continue }
                    if let first = seen[stage.name] {
                        report(stage.mark, "stage '\(stage.name)' is declared twice (first at line \(first.line))")
                    }
                    seen[stage.name] = stage.mark
                    stages.append(stage)
                }
            } else {
                report(list.mark, "'stages' must be a non-empty list of stages, found \(list.kindDescription)")
            }
        } else {
            report(root.mark, "missing 'stages:' (the stages this plugin adds)")
        }
        return PluginManifest(name: name, version: version, stages: stages, folder: folder, path: file)
    }

    mutating func parseStage(_ node: YAMLNode) -> PluginManifest.StageEntry? {
        guard let pairs = node.mapping else {
            report(
                node.mark,
                "a stage must be a mapping with 'name', 'summary' and 'command', found \(node.kindDescription)")
            return nil
        }
        checkKeys(pairs, allowed: Self.stageKeys, what: "stage key")
        let name = requiredString(node, "name", in: "a stage")
        if let name, let mark = node["name"]?.mark, !Self.isValidName(name) {
            report(mark, "a stage name may only contain lower-case letters, digits, '-' and '_', found '\(name)'")
        }
        let summary = requiredString(node, "summary", in: "stage '\(name ?? "?")'")
        var command: [String] = []
        if let commandNode = node["command"] {
            if let items = commandNode.sequence {
                for item in items {
                    if let word = item.scalar {
                        command.append(word)
                    } else {
                        report(item.mark, "command words must be strings")
                    }
                }
                if items.isEmpty { report(commandNode.mark, "'command' is empty; give the program and its arguments") }
            } else if let word = commandNode.scalar, !word.isEmpty {
                command = [word]
            } else {
                report(
                    commandNode.mark,
                    "'command' must be a list such as [python3, stage.py], found \(commandNode.kindDescription)")
            }
        } else {
            report(node.mark, "stage '\(name ?? "?")' has no 'command'")
        }
        if let program = command.first, program.contains("/") {
            command[0] = FileSystem.absolute(program, relativeTo: folder)
        }
        var options: [OptionSpec] = []
        if let optionsNode = node["options"], !optionsNode.isNull {
            if let items = optionsNode.sequence {
                var seen = Set<String>()
                for item in items {
                    guard let option = parseOption(item) else { continue }
                    if !seen.insert(option.name).inserted, let mark = item["name"]?.mark {
                        report(mark, "option '\(option.name)' is declared twice")
                    }
                    options.append(option)
                }
            } else {
                report(
                    optionsNode.mark,
                    "'options' must be a list of option declarations, found \(optionsNode.kindDescription)")
            }
        }
        guard let name, let summary, let mark = node["name"]?.mark else { return nil }
        return PluginManifest.StageEntry(name: name, summary: summary, command: command, options: options, mark: mark)
    }

    mutating func parseOption(_ node: YAMLNode) -> OptionSpec? {
        guard let pairs = node.mapping else {
            report(
                node.mark, "an option must be a mapping with 'name', 'type' and 'doc', found \(node.kindDescription)")
            return nil
        }
        checkKeys(pairs, allowed: Self.optionKeys, what: "option key")
        guard let name = requiredString(node, "name", in: "an option") else { return nil }
        let doc = requiredString(node, "doc", in: "option '\(name)'") ?? ""
        guard let type = optionType(node, option: name) else { return nil }
        var required = false
        if let flag = node["required"] {
            guard let value = flag.json.boolValue else {
                report(flag.mark, "'required' must be true or false")
                return nil
            }
            required = value
        }
        var defaultValue: JSONValue?
        if let node = node["default"], !node.isNull {
            guard let value = resolve(node, as: type, option: name) else { return nil }
            defaultValue = value
        }
        return OptionSpec(name, type, default: defaultValue, required: required, doc: doc)
    }

    mutating func optionType(_ node: YAMLNode, option: String) -> OptionType? {
        guard let typeNode = node["type"] else {
            report(
                node.mark,
                "option '\(option)' has no 'type' (string, int, number, bool, duration, size, path, choice, list, map, json)"
            )
            return nil
        }
        guard let name = typeNode.scalar else {
            report(typeNode.mark, "'type' must be a type name")
            return nil
        }
        switch name {
        case "list", "map":
            var element = OptionType.string
            if let of = node["of"] {
                guard let inner = of.scalar, let type = Self.simpleType(inner) else {
                    report(of.mark, "'of' must be one of string, int, number, bool, duration, size, path, json")
                    return nil
                }
                element = type
            }
            return name == "list" ? .list(element) : .map(element)
        case "choice":
            guard let values = node["values"]?.sequence?.compactMap(\.scalar), !values.isEmpty else {
                report(node["values"]?.mark ?? typeNode.mark, "a choice needs 'values', a list of the allowed strings")
                return nil
            }
            return .choice(values)
        case "int", "integer":
            var bounds: [Int?] = []
            for key in ["min", "max"] {
                guard let bound = node[key] else {
                    bounds.append(nil)
                    continue
                }
                guard let value = bound.json.intValue else {
                    report(bound.mark, "'\(key)' must be an integer")
                    return nil
                }
                bounds.append(value)
            }
            return .int(min: bounds[0], max: bounds[1])
        default:
            guard let type = Self.simpleType(name) else {
                report(
                    typeNode.mark,
                    "unknown option type '\(name)'\(Suggestion.didYouMean(name, in: ["string", "int", "number", "bool", "duration", "size", "path", "choice", "list", "map", "json"]))"
                )
                return nil
            }
            return type
        }
    }

    static func simpleType(_ name: String) -> OptionType? {
        switch name {
        case "string": .string
        case "int", "integer": .int
        case "number", "double": .double
        case "bool", "boolean": .bool
        case "duration": .duration
        case "size": .size
        case "path": .path
        case "json", "any": .json
        default: nil
        }
    }

    /// A default value in the resolved form the option type has after validation.
    mutating func resolve(_ node: YAMLNode, as type: OptionType, option: String) -> JSONValue? {
        let value = node.json
        func fail(_ expected: String) -> JSONValue? {
            report(
                node.mark, "the default of option '\(option)' must be \(expected), found \(JSONWriter().string(value))")
            return nil
        }
        switch type {
        case .string:
            return node.scalar.map(JSONValue.string) ?? fail("a string")
        case .int(let min, let max):
            guard let number = value.intValue, case .int = value else { return fail("an integer") }
            if let min, number < min { return fail("at least \(min)") }
            if let max, number > max { return fail("at most \(max)") }
            return .int(number)
        case .double:
            return value.doubleValue.map(JSONValue.double) ?? fail("a number")
        case .bool:
            guard case .bool = value else { return fail("true or false") }
            return value
        case .duration:
            guard let text = node.scalar, let duration = try? DurationParser.parse(text) else {
                return fail("a duration such as 500ms or 10s")
            }
            return .string(DurationParser.format(duration))
        case .size:
            if case .int = value { return value }
            guard let text = node.scalar, let bytes = try? SizeParser.parse(text) else {
                return fail("a size such as 10MB")
            }
            return .int(bytes)
        case .path:
            guard let text = node.scalar else { return fail("a path") }
            return .string(FileSystem.absolute(text, relativeTo: folder))
        case .choice(let values):
            guard let text = node.scalar, values.contains(text) else {
                return fail("one of \(values.joined(separator: ", "))")
            }
            return .string(text)
        case .list(let element):
            let items = node.sequence ?? [node]
            var result: [JSONValue] = []
            for item in items {
                guard let resolved = resolve(item, as: element, option: option) else { return nil }
                result.append(resolved)
            }
            return .array(result)
        case .map(let element):
            guard let pairs = node.mapping else { return fail("a mapping") }
            var result = JSONObject()
            for pair in pairs {
                guard let key = pair.key.scalar, let resolved = resolve(pair.value, as: element, option: option) else {
                    return nil
                }
                result[key] = resolved
            }
            return .object(result)
        case .json:
            return value
        }
    }

    mutating func requiredString(_ node: YAMLNode, _ key: String, in what: String) -> String? {
        guard let value = node[key] else {
            report(node.mark, "\(what) needs '\(key)'")
            return nil
        }
        guard let text = value.scalar, !value.isNull, !text.isEmpty else {
            report(value.mark, "'\(key)' must be a non-empty string, found \(value.kindDescription)")
            return nil
        }
        return text
    }

    mutating func checkKeys(_ pairs: [YAMLPair], allowed: [String], what: String) {
        var seen = Set<String>()
        for pair in pairs {
            guard let key = pair.key.scalar else {
                report(pair.key.mark, "\(what)s must be strings")
                continue
            }
            if !seen.insert(key).inserted { report(pair.key.mark, "duplicate key '\(key)'") }
            if !allowed.contains(key) {
                report(pair.key.mark, "unknown \(what) '\(key)'\(Suggestion.didYouMean(key, in: allowed))")
            }
        }
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
    }
}
