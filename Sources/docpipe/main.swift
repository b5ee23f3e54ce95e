import DocPipeCLI
import DocPipeStages

await DocPipeCLI.main(registry: .builtIn)
