import DocPipe
import DocPipeStages
import DocPipeTesting
import Testing

@Suite("plugin folders")
struct PluginFolderTests {
    static let plugins = ExecFixtures.directory.replacingExecSuffix() + "/plugins"

    static func loader(registry: StageRegistry = .builtIn) -> PipelineLoader {
        PipelineLoader(registry: registry, pluginResolver: PluginFolders.resolver(existing: registry))
    }

    static func pipeline(plugins: String?, stage: String) -> String {
        var yaml = "docpipe: 1\n"
        if let plugins { yaml += "plugins:\n  - \(plugins)\n" }
        yaml += "stages:\n  - use: generate\n" + stage
        return yaml
    }

    @Test("a folder listed under plugins: registers its stages; options reach the program")
    func fromPipeline() async throws {
        let yaml = Self.pipeline(
            plugins: "upper", stage: "  - use: shout\n    restarts: 1\n    with: {suffix: \"!\", times: 2}\n")
        var pipeline = try Self.loader().load(text: yaml, file: "p.yaml", directory: Self.plugins)
        #expect(pipeline.stages[1].descriptor.origin.hasPrefix("plugin 'test-upper'"))
        pipeline.stages[0].instance = .source(ListSource(documents: [Document.testDocument("hello 世界")]))
        let result = try await pipeline.runCollecting()
        #expect(result.documents.map(\.text) == ["HELLO 世界!!"])
        #expect(result.documents.first?.lineage.last?.version == "2.1.0")
        #expect(result.documents.first?.lineage.last?.stage == "shout")
    }

    @Test("folders from DOCPIPE_PLUGIN_PATH register their stages without plugins:")
    func fromEnvironment() async throws {
        let environment = ["DOCPIPE_PLUGIN_PATH": ":\(Self.plugins)/upper::/nonexistent-but-unused"]
        let folders = PluginFolders.fromEnvironment(environment)
        #expect(folders == ["\(Self.plugins)/upper", "/nonexistent-but-unused"])
        let registry = try StageRegistry.builtIn.merging(
            PluginFolders.load([(path: folders[0], mark: nil)], existing: .builtIn))
        #expect(registry["shout"]?.summary == "Upper-cases the text (test plugin).")
        // The same folder listed again in a pipeline is not a clash.
        let yaml = Self.pipeline(plugins: "upper", stage: "  - use: shout\n")
        var pipeline = try Self.loader(registry: registry).load(text: yaml, file: "p.yaml", directory: Self.plugins)
        pipeline.stages[0].instance = .source(ListSource(documents: [Document.testDocument("abc")]))
        #expect(try await pipeline.runCollecting().documents.map(\.text) == ["ABC"])
    }

    @Test("declared options are validated like a built-in's")
    func optionValidation() {
        let yaml = Self.pipeline(plugins: "upper", stage: "  - use: shout\n    with: {times: 5, sufix: x}\n")
        #expect {
            _ = try Self.loader().load(text: yaml, file: "p.yaml", directory: Self.plugins)
        } throws: { error in
            let text = "\(error)"
            return text.contains(
                "p.yaml:7:19: error: option 'times' of stage 'shout': expected an integer 1–3, found 5")
                && text.contains("p.yaml:7:22: error: unknown option 'sufix' for stage 'shout'; did you mean 'suffix'?")
        }
    }

    @Test("a plugin stage named like a built-in is an error naming both")
    func clash() {
        let yaml = Self.pipeline(plugins: "clash", stage: "  - use: noop\n")
        #expect {
            _ = try Self.loader().load(text: yaml, file: "p.yaml", directory: Self.plugins)
        } throws: { error in
            let text = "\(error)"
            return text.contains(
                "clash/docpipe-plugin.yaml:4:11: error: stage name 'noop' is taken twice: by built-in and by plugin 'clash'"
            )
        }
    }

    @Test("a listed folder without a manifest is an error at its line in the pipeline")
    func missingFolder() {
        let yaml = Self.pipeline(plugins: "nowhere", stage: "  - use: noop\n")
        #expect {
            _ = try Self.loader().load(text: yaml, file: "p.yaml", directory: Self.plugins)
        } throws: { error in
            "\(error)".contains("p.yaml:3:5: error: plugin folder '\(Self.plugins)/nowhere' is not a folder")
        }
    }

    @Test(
        "bad manifests give positioned diagnostics",
        arguments: [
            ("- just a list", "1:1: error: a plugin manifest must be a mapping"),
            ("name: x\nversion: 1\n", "missing 'stages:'"),
            ("name: x\nversion: 1\nstages: []\n", "3:9: error: 'stages' must be a non-empty list"),
            (
                "name: x\nversion: 1\nstages:\n  - {name: A b, summary: s, command: [p]}\n",
                "4:12: error: a stage name may only contain"
            ),
            ("name: x\nversion: 1\nstages:\n  - {name: a, command: [p]}\n", "4:5: error: stage 'a' needs 'summary'"),
            ("name: x\nversion: 1\nstages:\n  - {name: a, summary: s}\n", "4:5: error: stage 'a' has no 'command'"),
            (
                "name: x\nversion: 1\nstages:\n  - {name: a, summary: s, command: []}\n",
                "4:36: error: 'command' is empty"
            ),
            (
                "name: x\nversion: 1\nstages:\n  - {name: a, summary: s, command: [p], colour: 1}\n",
                "unknown stage key 'colour'"
            ),
            (
                "name: x\nversion: 1\nstages:\n  - name: a\n    summary: s\n    command: [p]\n    options:\n      - {name: n, type: integr, doc: d}\n",
                "8:25: error: unknown option type 'integr'"
            ),
            (
                "name: x\nversion: 1\nstages:\n  - name: a\n    summary: s\n    command: [p]\n    options:\n      - {name: n, type: int, max: 3, default: 9, doc: d}\n",
                "the default of option 'n' must be at most 3"
            ),
            (
                "name: x\nversion: 1\nstages:\n  - name: a\n    summary: s\n    command: [p]\n    options:\n      - {name: n, type: choice, doc: d}\n",
                "a choice needs 'values'"
            ),
            (
                "name: x\nversion: 1\nstages:\n  - {name: a, summary: s, command: [p]}\n  - {name: a, summary: t, command: [q]}\n",
                "stage 'a' is declared twice"
            ),
            ("name: [x\n", "1:"),
        ])
    func badManifests(text: String, expected: String) {
        #expect {
            _ = try PluginManifest.parse(text, path: "m.yaml", folder: "/tmp")
        } throws: { error in
            guard let error = error as? PipelineError else { return false }
            let rendered = error.rendered()
            return rendered.contains(expected) && rendered.contains("m.yaml:")
        }
    }

    @Test("a good manifest declares typed options with resolved defaults")
    func goodManifest() throws {
        let text = """
            name: tools
            version: 0.3.0
            stages:
              - name: tag
                summary: Tags documents.
                command: [./bin/tag, --fast]
                options:
                  - {name: limit, type: size, default: 2MB, doc: A size.}
                  - {name: wait, type: duration, default: 1500ms, doc: A duration.}
                  - {name: words, type: list, of: string, default: [a, b], doc: A list.}
                  - {name: model, type: path, default: models/m.bin, doc: A path.}
                  - {name: level, type: choice, values: [low, high], required: true, doc: A choice.}
            """
        let manifest = try PluginManifest.parse(text, path: "m.yaml", folder: "/opt/tools")
        let stage = try #require(manifest.stages.first)
        #expect(stage.command == ["/opt/tools/bin/tag", "--fast"])
        #expect(
            stage.options.map(\.defaultValue) == [
                .int(2_000_000), .string("1500ms"), ["a", "b"], .string("/opt/tools/models/m.bin"), nil,
            ])
        #expect(stage.options.last?.isRequired == true)
        #expect(stage.options.last?.type == .choice(["low", "high"]))
    }
}

extension String {
    /// Fixtures/exec → Fixtures.
    fileprivate func replacingExecSuffix() -> String {
        hasSuffix("/exec") ? String(dropLast(5)) : self
    }
}
