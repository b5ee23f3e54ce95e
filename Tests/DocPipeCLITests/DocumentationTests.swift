import Foundation
import Testing

@Suite("Documentation")
struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("docs/stages.md is what `docpipe stages --markdown` prints (regenerate it when a stage's options change)")
    func stageReferenceIsCurrent() throws {
        let result = try DocPipeBinary.run(["stages", "--markdown"])
        #expect(result.status == 0)
        let file = Self.repository.appendingPathComponent("docs/stages.md").path
        let committed = try String(contentsOfFile: file, encoding: .utf8)
        #expect(committed == result.stdout, "run: swift run docpipe stages --markdown > docs/stages.md")
    }

    @Test("every pipeline in pipelines/ validates")
    func pipelinesValidate() throws {
        let folder = Self.repository.appendingPathComponent("pipelines").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!files.isEmpty)
        let result = try DocPipeBinary.run(["validate"] + files.map { "pipelines/\($0)" }, in: Self.repository.path)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A `docpipe` command line shown in a ```sh block of the README or docs/.
    struct ShownCommand: CustomStringConvertible {
        var file: String
        var line: String
        var environment: [String: String]
        var arguments: [String]
        var description: String { "\(file): \(line)" }
    }

    /// Every line of a ```sh block starting with `docpipe`, `swift run docpipe` or
    /// `.build/…/docpipe` (after `NAME=value` assignments), with `\` continuations joined and
    /// trailing `# comments` removed.
    static func shownCommands() throws -> [ShownCommand] {
        let docs = repository.appendingPathComponent("docs").path
        let files = ["README.md"] + (try FileManager.default.contentsOfDirectory(atPath: docs)).filter { $0.hasSuffix(".md") }
            .sorted().map { "docs/\($0)" }
        var commands: [ShownCommand] = []
        for file in files {
            let text = try String(contentsOfFile: repository.appendingPathComponent(file).path, encoding: .utf8)
            var inShell = false
            var pending = ""
            for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("```") {
                    inShell = !inShell && (trimmed == "```sh" || trimmed == "```bash" || trimmed == "```console")
                    pending = ""
                    continue
                }
                guard inShell else { continue }
                if trimmed.hasSuffix("\\") {
                    pending += trimmed.dropLast() + " "
                    continue
                }
                let line = pending + trimmed
                pending = ""
                if let command = parse(line, file: file) { commands.append(command) }
            }
        }
        return commands
    }

    /// Splits a shell line into words (plain, '…' and "…" words; no expansion).
    static func parse(_ line: String, file: String) -> ShownCommand? {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if (character == "#" || character == "|" || character == ">" || character == ";" || character == "&") && !inWord {
                break
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        var environment: [String: String] = [:]
        while let first = words.first, let equals = first.firstIndex(of: "="), !first.hasPrefix("-"),
            first[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        {
            environment[String(first[..<equals])] = String(first[first.index(after: equals)...])
            words.removeFirst()
        }
        if words.starts(with: ["swift", "run", "docpipe"]) {
            words.removeFirst(3)
        } else if let first = words.first, first == "docpipe" || (first.hasPrefix(".build/") && first.hasSuffix("/docpipe")) {
            words.removeFirst()
        } else {
            return nil
        }
        return ShownCommand(file: file, line: line, environment: environment, arguments: words)
    }

    /// Why a shown command cannot run offline in `root` now (nil: it can).
    static func reasonToSkip(_ command: ShownCommand, in root: URL = repository) -> String? {
        let everything = command.arguments + Array(command.environment.values)
        if everything.contains(where: { $0.contains("$") || $0.contains("*") || $0.contains("<") || $0.contains("...") }) {
            return "a placeholder or shell expansion"
        }
        if everything.contains(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) { return "network" }
        guard command.arguments.first != nil else { return "no subcommand" }
        // Every argument that names a file or folder must exist (bundles: written by an earlier command).
        let valueOptions: Set = ["--var", "--shard", "--max-size", "--level", "--timeout", "--progress", "--log-level"]
        var base = root
        var previous = ""
        for argument in command.arguments.dropFirst() {
            defer { previous = argument }
            if previous == "--cwd" { base = root.appendingPathComponent(argument) }
            if argument.hasPrefix("-") || valueOptions.contains(previous) { continue }
            if command.arguments.first == "bundle" && ["extract", "merge"].contains(command.arguments[1])
                && argument != command.arguments[2] && !argument.hasSuffix(".tar.gz")
            {
                continue  // extract's target folder is created
            }
            if command.arguments.first == "bundle" && command.arguments[1] == "merge" && argument == command.arguments[2] {
                continue  // merge's output
            }
            if command.arguments.first == "bundle" && command.arguments[1] == "cat" && argument == command.arguments.last {
                continue  // a member name
            }
            let looksLikePath =
                argument.contains("/") || [".yaml", ".html", ".txt", ".jsonl", ".py", ".gz"].contains { argument.hasSuffix($0) }
            // After `--` (exec-check's program), paths are relative to `--cwd` if given.
            let folder = command.arguments.contains("--") && command.arguments.firstIndex(of: "--")! < command.arguments.firstIndex(of: argument)! ? base : root
            if looksLikePath, !FileManager.default.fileExists(atPath: folder.appendingPathComponent(argument).path) {
                return "'\(argument)' does not exist"
            }
        }
        return nil
    }

    /// Copies the repository's pipelines and examples (not build folders) into `folder`, so
    /// the shown commands can write `out/` without touching the checkout.
    static func copyProject(to folder: String) throws {
        let manager = FileManager.default
        func copy(_ relative: String) throws {
            let source = repository.appendingPathComponent(relative).path
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: source, isDirectory: &isFolder) else { return }
            let target = folder + "/" + relative
            if isFolder.boolValue {
                try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                for name in try manager.contentsOfDirectory(atPath: source) where name != ".build" && name != "out" {
                    try copy(relative + "/" + name)
                }
            } else {
                try manager.copyItem(atPath: source, toPath: target)
            }
        }
        try copy("pipelines")
        try copy("examples")
    }

    @Test("the docpipe commands shown in README.md and docs/*.md run (exit 0 or 3)")
    func shownCommandsRun() throws {
        let commands = try Self.shownCommands()
        let project = try TemporaryFolder()
        defer { project.remove() }
        try Self.copyProject(to: project.path)
        let root = URL(fileURLWithPath: project.path)
        var ran: [String] = []
        var skipped: [String] = []
        var ranPipelines: Set<String> = []
        // In the order shown, so a bundle written by one command is there for the next.
        for command in commands {
            if let reason = Self.reasonToSkip(command, in: root) {
                skipped.append("\(command) (\(reason))")
                continue
            }
            var arguments = command.arguments
            if arguments.first == "run" || arguments.first == "replay" {
                arguments.append("--quiet")
                if let pipeline = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }) { ranPipelines.insert(pipeline) }
            }
            let result = try DocPipeBinary.run(arguments, in: project.path, environment: command.environment)
            #expect(result.status == 0 || result.status == 3, "\(command) exited \(result.status): \(result.stderr)")
            ran.append(command.description)
        }
        // The docs show real files on purpose: most of their commands must run here.
        #expect(ran.count >= 20, "ran only \(ran.count); skipped:\n\(skipped.joined(separator: "\n"))")
        #expect(ranPipelines.isSuperset(of: ["pipelines/asean-talent.yaml", "pipelines/keywords.yaml"]))
        #expect(ran.contains { $0.contains("bundle merge") }, "skipped:\n\(skipped.joined(separator: "\n"))")
        #expect(ran.contains { $0.contains("docpipe replay") }, "skipped:\n\(skipped.joined(separator: "\n"))")
    }

    @Test("the shown-command parser reads environment, comments, quotes and pipes")
    func shownCommandParser() {
        let command = Self.parse(
            "DOCPIPE_PLUGIN_PATH=examples/python-stage docpipe stages keywords   # a comment", file: "x.md")
        #expect(command?.environment == ["DOCPIPE_PLUGIN_PATH": "examples/python-stage"])
        #expect(command?.arguments == ["stages", "keywords"])
        #expect(Self.parse("swift run docpipe run 'a b.yaml' --var \"k=v w\"", file: "x.md")?.arguments == ["run", "a b.yaml", "--var", "k=v w"])
        #expect(Self.parse("docpipe bundle cat b.tar.gz documents.jsonl | jq .id", file: "x.md")?.arguments == ["bundle", "cat", "b.tar.gz", "documents.jsonl"])
        #expect(Self.parse("swift build", file: "x.md") == nil)
        #expect(Self.reasonToSkip(Self.parse("docpipe run nowhere/p.yaml", file: "x.md")!) != nil)
        #expect(Self.reasonToSkip(Self.parse("docpipe validate pipelines/asean-talent.yaml", file: "x.md")!) == nil)
    }
}
