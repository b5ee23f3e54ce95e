public import Logging

/// Reads, checks and builds pipeline files (`docpipe: 1`).
///
/// Every problem is collected — syntax, unknown keys and stages (with "did you mean"), wrong
/// types, unresolved variables, duplicate ids, an empty stage list or a missing source — and
/// reported at once as a ``PipelineError``. Nothing is built when any check fails.
public struct PipelineLoader: Sendable {
    /// Folders listed under `plugins:` (absolute paths, with where they were listed) turned into
    /// extra stages; `nil` means plugins are not available in this runner. A thrown
    /// ``PipelineError`` may leave `file` empty in diagnostics positioned in the pipeline file
    /// (the loader fills it in) and carries other files' texts in `sources`.
    public typealias PluginResolver = @Sendable ([(path: String, mark: SourceMark)]) throws(PipelineError) -> StageRegistry

    public var registry: StageRegistry
    /// `--var name=value` overrides.
    public var overrides: [String: String]
    public var environment: [String: String]
    public var logger: Logger
    public var pluginResolver: PluginResolver?
    /// The default concurrency of transforms.
    public var defaultConcurrency: Int

    public init(
        registry: StageRegistry, overrides: [String: String] = [:], environment: [String: String] = [:],
        logger: Logger = Logger(label: "docpipe", factory: { _ in SwiftLogNoOpLogHandler() }),
        pluginResolver: PluginResolver? = nil, defaultConcurrency: Int = SystemInfo.activeProcessorCount
    ) {
        self.registry = registry
        self.overrides = overrides
        self.environment = environment
        self.logger = logger
        self.pluginResolver = pluginResolver
        self.defaultConcurrency = defaultConcurrency
    }

    /// Loads the pipeline file at `path`.
    public func load(path: String) throws(PipelineError) -> Pipeline {
        let text = try PipelineError.readSource(path) { "cannot read: \($0.reason)" }
        return try load(text: text, file: path, directory: FileSystem.directory(of: FileSystem.absolute(path)))
    }

    /// Loads a pipeline from `text`; `file` names it in diagnostics and `directory` anchors relative paths.
    public func load(text: String, file: String, directory: String) throws(PipelineError) -> Pipeline {
        var checker = PipelineChecker(loader: self, file: file, directory: directory, text: text)
        return try checker.check()
    }
}

/// Collects every diagnostic for one pipeline file, then builds it.
private struct PipelineChecker {
    static let topKeys = ["docpipe", "name", "description", "vars", "plugins", "stages"]
    static let stageKeys = ["use", "id", "with", "on_error", "concurrency", "ordered", "timeout", "restarts"]

    let loader: PipelineLoader
    let file: String
    let directory: String
    let text: String
    var diagnostics: [Diagnostic] = []
    /// Texts of other files diagnostics point into (plugin manifests).
    var otherSources: [String: String] = [:]
    var resolver: OptionResolver

    init(loader: PipelineLoader, file: String, directory: String, text: String) {
        self.loader = loader
        self.file = file
        self.directory = directory
        self.text = text
        self.resolver = OptionResolver(
            baseDirectory: directory, variables: Variables(overrides: loader.overrides, environment: loader.environment))
    }

    mutating func report(_ mark: SourceMark, _ message: String) {
        diagnostics.append(Diagnostic(file: file, mark: mark, message: message))
    }

    func failure() -> PipelineError {
        let sorted = diagnostics.enumerated().sorted {
            ($0.element.mark.line, $0.element.mark.column, $0.offset) < ($1.element.mark.line, $1.element.mark.column, $1.offset)
        }
        return PipelineError(diagnostics: sorted.map(\.element), source: text, sources: otherSources)
    }

    mutating func check() throws(PipelineError) -> Pipeline {
        let root: YAMLNode
        do {
            root = try YAMLParser.parse(text)
        } catch {
            var message = error.message
            if let context = error.context { message += " (\(context))" }
            report(error.mark, message)
            throw failure()
        }
        guard let pairs = root.mapping else {
            report(root.mark, "a pipeline file must be a mapping with 'docpipe: 1' and 'stages:', found \(root.kindDescription)")
            throw failure()
        }
        checkKeys(pairs, allowed: Self.topKeys, what: "top-level key")

        // Format version.
        if let version = root["docpipe"] {
            if version.scalar != "1" {
                report(version.mark, "unsupported format version '\(version.scalar ?? version.kindDescription)'; this docpipe reads 'docpipe: 1'")
            }
        } else {
            report(root.mark, "missing 'docpipe: 1' (the format version)")
        }

        // Variables first: everything else may use them.
        var defaults: [String: String] = [:]
        if let vars = root["vars"] {
            if let varPairs = vars.mapping {
                for pair in varPairs {
                    guard let name = pair.key.scalar, Variables.isValidName(name) else {
                        report(pair.key.mark, "invalid variable name '\(pair.key.scalar ?? "")'")
                        continue
                    }
                    do {
                        guard let value = try resolver.text(of: pair.value) else {
                            report(pair.value.mark, "variable '\(name)' must be a scalar, found \(pair.value.kindDescription)")
                            continue
                        }
                        defaults[name] = value
                    } catch {
                        report(error.mark, error.message)
                    }
                }
            } else if !vars.isNull {
                report(vars.mark, "'vars' must be a mapping of names to values, found \(vars.kindDescription)")
            }
        }
        resolver.variables.defaults = defaults

        let name = scalarField(root, "name") ?? FileSystem.baseName(of: file).replacingSuffix(".yaml").replacingSuffix(".yml")
        let description = scalarField(root, "description")
        let info = PipelineInfo(name: name, path: file, directory: directory, sourceText: text)

        var registry = loader.registry
        if let plugins = root["plugins"] {
            let folders = pluginFolders(plugins)
            if !folders.isEmpty {
                if let pluginResolver = loader.pluginResolver {
                    do {
                        registry = try registry.merging(try pluginResolver(folders))
                    } catch let error as PipelineError {
                        // Diagnostics at this file's marks come with an empty file name.
                        diagnostics.append(contentsOf: error.diagnostics.map { diagnostic in
                            var diagnostic = diagnostic
                            if diagnostic.file.isEmpty { diagnostic.file = file }
                            return diagnostic
                        })
                        otherSources.merge(error.sources) { first, _ in first }
                    } catch {
                        report(plugins.mark, "\(error)")
                    }
                } else {
                    report(plugins.mark, "this runner does not load plugin folders")
                }
            }
        }

        let stages = checkStages(root, registry: registry, info: info)
        guard diagnostics.isEmpty else { throw failure() }
        return Pipeline(info: info, description: description, stages: stages)
    }

    mutating func pluginFolders(_ node: YAMLNode) -> [(path: String, mark: SourceMark)] {
        guard let items = node.sequence ?? (node.isNull ? [] : nil) else {
            report(node.mark, "'plugins' must be a list of plugin folders, found \(node.kindDescription)")
            return []
        }
        var folders: [(path: String, mark: SourceMark)] = []
        for item in items {
            do {
                guard case .string(let path) = try resolver.resolve(item, as: .path) else { continue }
                folders.append((path, item.mark))
            } catch {
                report(error.mark, error.message)
            }
        }
        return folders
    }

    mutating func scalarField(_ root: YAMLNode, _ key: String) -> String? {
        guard let node = root[key], !node.isNull else { return nil }
        do {
            guard let value = try resolver.text(of: node) else {
                report(node.mark, "'\(key)' must be a string, found \(node.kindDescription)")
                return nil
            }
            return value
        } catch {
            report(error.mark, error.message)
            return nil
        }
    }

    mutating func checkKeys(_ pairs: [YAMLPair], allowed: [String], what: String, context: String = "") {
        var seen: [String: SourceMark] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar else {
                report(pair.key.mark, "\(what)s must be strings, found \(pair.key.kindDescription)")
                continue
            }
            if let first = seen[key] {
                report(pair.key.mark, "duplicate key '\(key)' (first at line \(first.line))")
            }
            seen[key] = pair.key.mark
            if !allowed.contains(key) {
                report(pair.key.mark, "unknown \(what) '\(key)'\(context)\(Suggestion.didYouMean(key, in: allowed))")
            }
        }
    }

    mutating func checkStages(_ root: YAMLNode, registry: StageRegistry, info: PipelineInfo) -> [PipelineStage] {
        guard let stagesNode = root["stages"] else {
            report(root.mark, "missing 'stages:' (a list of stages, the first one a source such as 'use: fetch')")
            return []
        }
        guard let items = stagesNode.sequence else {
            report(stagesNode.mark, "'stages' must be a list of stages, found \(stagesNode.kindDescription)")
            return []
        }
        guard !items.isEmpty else {
            report(stagesNode.mark, "the stage list is empty; add a source such as 'use: fetch'")
            return []
        }
        var built: [PipelineStage] = []
        var ids: [String: (mark: SourceMark, isDefault: Bool)] = [:]
        var sawSource = false
        for (index, item) in items.enumerated() {
            guard let pairs = item.mapping else {
                report(item.mark, "a stage must be a mapping with 'use:', found \(item.kindDescription)")
                continue
            }
            checkKeys(pairs, allowed: Self.stageKeys, what: "stage key", context: " (stage options go under 'with:')")
            guard let useNode = item["use"] else {
                report(item.mark, "stage \(index + 1) has no 'use:' naming the stage to run")
                continue
            }
            guard let use = useNode.scalar, !use.isEmpty else {
                report(useNode.mark, "'use' must be a stage name, found \(useNode.kindDescription)")
                continue
            }
            let descriptor = registry[use]
            if descriptor == nil {
                report(useNode.mark, "unknown stage '\(use)'\(Suggestion.didYouMean(use, in: registry.names))")
            }

            // The id, defaulting to the stage name.
            var id = use
            var idMark = useNode.mark
            let explicitID = item["id"]
            if let idNode = explicitID {
                if let value = idNode.scalar, !value.isEmpty,
                    value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
                {
                    id = value
                    idMark = idNode.mark
                } else {
                    report(idNode.mark, "a stage id may only contain letters, digits, '_' and '-', found \(idNode.kindDescription)")
                }
            }
            if let first = ids[id] {
                if first.isDefault && explicitID == nil {
                    report(idMark, "two stages have the id '\(id)' (also at line \(first.mark.line)); give them distinct ids with 'id:'")
                } else {
                    report(idMark, "duplicate stage id '\(id)' (first at line \(first.mark.line))")
                }
            } else {
                ids[id] = (idMark, explicitID == nil)
            }

            let settings = runnerSettings(item, descriptor: descriptor)
            guard let descriptor else {
                if let with = item["with"] { checkVariables(in: with) }
                continue
            }

            if descriptor.role == .source {
                if index != 0, registry[items[0]["use"]?.scalar ?? ""] != nil {
                    report(useNode.mark, "'\(use)' is a source stage and must come first")
                }
                sawSource = true
            } else if index == 0 {
                report(useNode.mark, "the first stage must be a source that produces documents (e.g. 'use: fetch'); '\(use)' is a \(descriptor.role)")
            }

            let before = diagnostics.count
            let options = stageOptions(item["with"], descriptor: descriptor, useMark: useNode.mark)
            guard diagnostics.count == before else { continue }
            let setup = StageSetup(
                stageID: id, pipeline: info, environment: loader.environment,
                logger: loader.logger.with(stage: id))
            do {
                let instance = try descriptor.make(options, setup)
                built.append(
                    PipelineStage(
                        id: id, descriptor: descriptor, options: options, instance: instance, onError: settings.onError,
                        concurrency: settings.concurrency ?? (descriptor.role == .transform ? loader.defaultConcurrency : 1),
                        ordered: settings.ordered, timeout: settings.timeout, restarts: settings.restarts, mark: useNode.mark))
            } catch let error as StageConfigurationError {
                let mark = error.option.flatMap { options.marks[$0] } ?? useNode.mark
                report(mark, "stage '\(id)': \(error.message)")
            } catch let error as PipelineError {
                diagnostics.append(contentsOf: error.diagnostics)
            } catch {
                report(useNode.mark, "stage '\(id)' cannot start: \(error)")
            }
        }
        if !sawSource, diagnostics.isEmpty || items.allSatisfy({ registry[$0["use"]?.scalar ?? ""] != nil }) {
            if !built.contains(where: { $0.descriptor.role == .source }) && !diagnostics.contains(where: { $0.message.contains("first stage must be a source") }) {
                report(stagesNode.mark, "the pipeline has no source stage; start it with one such as 'use: fetch'")
            }
        }
        return built
    }

    /// Reports unresolved variables in a subtree whose types are unknown (an unknown stage's options).
    mutating func checkVariables(in node: YAMLNode) {
        switch node.content {
        case .scalar:
            do { _ = try resolver.text(of: node) } catch { report(error.mark, error.message) }
        case .sequence(let items):
            for item in items { checkVariables(in: item) }
        case .mapping(let pairs):
            for pair in pairs { checkVariables(in: pair.value) }
        }
    }

    struct RunnerSettings {
        var onError = ErrorPolicy.quarantine
        var concurrency: Int?
        var ordered = true
        var timeout: Duration?
        var restarts = 3
    }

    mutating func runnerSettings(_ item: YAMLNode, descriptor: StageDescriptor?) -> RunnerSettings {
        var settings = RunnerSettings()
        func value(_ key: String, _ type: OptionType) -> JSONValue? {
            guard let node = item[key] else { return nil }
            do {
                return try resolver.resolve(node, as: type)
            } catch {
                report(error.mark, "'\(key)': \(error.message)")
                return nil
            }
        }
        if let policy = value("on_error", .choice(ErrorPolicy.allCases.map(\.rawValue)))?.stringValue {
            settings.onError = ErrorPolicy(rawValue: policy) ?? .quarantine
        }
        if let concurrency = value("concurrency", .int(min: 1, max: 1024))?.intValue {
            if let descriptor, descriptor.role != .transform {
                report(item["concurrency"]!.mark, "'concurrency' applies to transform stages; '\(descriptor.name)' is a \(descriptor.role)")
            }
            settings.concurrency = concurrency
        }
        if let ordered = value("ordered", .bool)?.boolValue { settings.ordered = ordered }
        if let timeout = value("timeout", .duration)?.stringValue { settings.timeout = try? DurationParser.parse(timeout) }
        if let restarts = value("restarts", .int(min: 0, max: 1000))?.intValue {
            if let descriptor, !descriptor.acceptsRestarts {
                report(item["restarts"]!.mark, "'restarts' applies to stages that run a process (exec and plugin stages); '\(descriptor.name)' does not")
            }
            settings.restarts = restarts
        }
        return settings
    }

    mutating func stageOptions(_ node: YAMLNode?, descriptor: StageDescriptor, useMark: SourceMark) -> StageOptions {
        var options = StageOptions(baseDirectory: directory)
        var given: [String: YAMLNode] = [:]
        if let node, !node.isNull {
            if let pairs = node.mapping {
                let names = descriptor.options.map(\.name)
                for pair in pairs {
                    guard let key = pair.key.scalar else {
                        report(pair.key.mark, "option names must be strings")
                        continue
                    }
                    if names.contains(key) {
                        if given[key] != nil { report(pair.key.mark, "duplicate option '\(key)'") }
                        given[key] = pair.value
                    } else if names.isEmpty {
                        report(pair.key.mark, "stage '\(descriptor.name)' takes no options, found '\(key)'")
                    } else {
                        report(pair.key.mark, "unknown option '\(key)' for stage '\(descriptor.name)'\(Suggestion.didYouMean(key, in: names))")
                    }
                }
            } else {
                report(node.mark, "'with' must be a mapping of option names to values, found \(node.kindDescription)")
            }
        }
        for spec in descriptor.options {
            if let value = given[spec.name] {
                options.marks[spec.name] = value.mark
                do {
                    options.values[spec.name] = try resolver.resolve(value, as: spec.type)
                } catch {
                    report(error.mark, "option '\(spec.name)' of stage '\(descriptor.name)': \(error.message)")
                }
            } else if spec.isRequired {
                report(useMark, "stage '\(descriptor.name)' needs option '\(spec.name)' under 'with:' (\(spec.doc))")
            } else if let defaultValue = spec.defaultValue {
                options.values[spec.name] = defaultValue
            }
        }
        return options
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

extension Logger {
    /// A copy whose messages carry the stage id.
    public func with(stage id: String) -> Logger {
        var copy = self
        copy[metadataKey: "stage"] = .string(id)
        return copy
    }
}
