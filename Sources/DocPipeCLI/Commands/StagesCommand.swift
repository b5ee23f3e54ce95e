import ArgumentParser
import DocPipe

/// `docpipe stages [NAME]`: the registered stages, or one stage's options.
struct StagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "List the registered stages, or show one stage's options.")

    @Argument(help: "A stage name, to show its options.")
    var name: String?

    func run() async throws {
        let registry = CLIEnvironment.registry
        guard let name else {
            let width = registry.names.map(\.count).max() ?? 0
            var text = ""
            for descriptor in registry.all {
                let padded = descriptor.name.padding(to: width)
                let role = descriptor.role.rawValue.padding(to: 9)
                text += "\(padded)  \(role)  \(descriptor.summary)\n"
            }
            Terminal.write(text, to: .standardOutput)
            return
        }
        guard let descriptor = registry[name] else {
            Terminal.write(
                "error: unknown stage '\(name)'\(Suggestion.didYouMean(name, in: registry.names))\n", to: .standardError)
            throw ExitCode(2)
        }
        Terminal.write(StageHelp.text(for: descriptor), to: .standardOutput)
    }
}

/// The help text of one stage, generated from its declaration.
enum StageHelp {
    static func text(for descriptor: StageDescriptor) -> String {
        var text = "\(descriptor.name) (\(descriptor.role), version \(descriptor.version), \(descriptor.origin))\n"
        text += "  \(descriptor.summary)\n"
        guard !descriptor.options.isEmpty else { return text + "\nNo options.\n" }
        text += "\nOptions (under 'with:'):\n"
        let rows = descriptor.options.map { spec -> (String, String, String, String) in
            let value: String
            if spec.isRequired {
                value = "required"
            } else if let defaultValue = spec.defaultValue {
                value = "default: " + JSONWriter().string(defaultValue)
            } else {
                value = "optional"
            }
            return (spec.name, spec.type.description, value, spec.doc)
        }
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let typeWidth = rows.map(\.1.count).max() ?? 0
        for row in rows {
            text += "  \(row.0.padding(to: nameWidth))  \(row.1.padding(to: typeWidth))  \(row.3) (\(row.2))\n"
        }
        return text
    }
}

extension String {
    /// Pads with spaces on the right to `width` terminal cells.
    func padding(to width: Int) -> String {
        let cells = reduce(0) { $0 + Diagnostic.cellWidth(of: $1) }
        return cells >= width ? self : self + String(repeating: " ", count: width - cells)
    }
}
