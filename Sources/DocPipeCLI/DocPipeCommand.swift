import ArgumentParser

/// `docpipe`: the root command.
struct DocPipeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docpipe",
        abstract: "Run document-processing pipelines: fetch, clean, segment, classify, archive.",
        discussion: """
            Exit codes of run and replay: 0 all documents succeeded; 3 the run finished but some \
            documents were skipped or quarantined; 2 usage or pipeline-file errors; 1 the run aborted; \
            130 interrupted.
            """,
        version: DocPipeVersionString.value,
        subcommands: [
            RunCommand.self,
            ValidateCommand.self,
            StagesCommand.self,
            BundleCommand.self,
            ReplayCommand.self,
            ClassifyCommand.self,
            ExecCheckCommand.self,
        ]
    )
}

enum DocPipeVersionString {
    static let value = "docpipe 0.1.0"
}
