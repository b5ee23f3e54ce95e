public import DocPipe

extension StageRegistry {
    /// The stages that ship with docpipe: fetch, clean, segment, classify, archive, exec.
    public static var builtIn: StageRegistry {
        var registry = StageRegistry()
        // Each built-in registers once under a distinct name, so registration cannot fail.
        for descriptor in builtInDescriptors {
            try! registry.register(descriptor)
        }
        return registry
    }

    /// The descriptors of the built-in stages, in the order `docpipe stages` lists them.
    static var builtInDescriptors: [StageDescriptor] {
        [
            StageDescriptor(FetchStage.self),
            StageDescriptor(SegmentStage.self),
            StageDescriptor(GenerateStage.self),
            StageDescriptor(NoopStage.self),
            StageDescriptor(ArchiveStage.self),
            StageDescriptor(ClassifyStage.self),
            ExecStage.descriptor,
        ]
    }
}
