import DocPipe
import DocPipeCLI
import DocPipeStages
import Redact

// The docpipe command line with one more stage: `redact-runner run pipeline.yaml`,
// `redact-runner stages redact`, `redact-runner validate ...`.
var registry = StageRegistry.builtIn
do {
    try registry.register(RedactStage.self)
} catch {
    fatalError("\(error)")
}
await DocPipeCLI.main(registry: registry)
