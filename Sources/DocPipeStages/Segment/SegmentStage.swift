public import DocPipe

/// The `segment` stage: fills a document's `segments` with sections, paragraphs, sentences and
/// clauses (see ``Segmenter`` for the rules and the id scheme).
///
/// ```yaml
/// - use: segment
///   with: { levels: [section, paragraph, sentence, clause], min_chars: 4 }
/// ```
/// Segments of the kinds the stage produces are replaced; segments of other kinds are kept, first.
public struct SegmentStage: TransformStage {
    public static let name = "segment"
    public static let summary = "Splits the text into sections (from headings), paragraphs, sentences and clauses."
    public static let options: [OptionSpec] = [
        OptionSpec(
            "levels", .list(.choice(["section", "paragraph", "sentence", "clause"])),
            default: ["section", "paragraph", "sentence"],
            doc: "The kinds of segments to produce."),
        OptionSpec(
            "min_chars", .int(min: 0), default: 0,
            doc:
                "Sentences and clauses shorter than this many code points join the one before (or after); "
                + "if all of a paragraph's sentences together are shorter, they are dropped."
        ),
    ]

    /// The segmenter built from the options.
    public let segmenter: Segmenter

    /// Builds the stage from its validated options.
    /// - Throws: ``StageConfigurationError`` when `levels` is empty or names an unknown level.
    public init(options: StageOptions, context: StageSetup) throws {
        var levels: SegmentLevels = []
        let names: [String]
        switch options["levels"] {
        case nil: names = ["section", "paragraph", "sentence"]
        case .string(let name)?: names = [name]
        case let value?: names = value.arrayValue?.map { $0.stringValue ?? "\($0)" } ?? ["\(value)"]
        }
        for name in names {
            guard let level = SegmentLevels(name: name) else {
                throw options.invalid("levels", "unknown level '\(name)' (use section, paragraph, sentence, clause)")
            }
            levels.insert(level)
        }
        guard !levels.isEmpty else {
            throw options.invalid("levels", "'levels' needs at least one of section, paragraph, sentence, clause")
        }
        let minChars = options.int("min_chars") ?? 0
        guard minChars >= 0 else { throw options.invalid("min_chars", "'min_chars' must be 0 or more") }
        segmenter = Segmenter(levels: levels, minChars: minChars)
    }

    /// Builds the stage directly, for code that does not go through a pipeline file.
    public init(segmenter: Segmenter) {
        self.segmenter = segmenter
    }

    /// Replaces the document's segments of the produced kinds with those of its current text.
    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var document = document
        let produced = Set(segmenter.levels.kinds)
        var segments = document.segments.filter { !produced.contains($0.kind) }
        segments.append(contentsOf: segmenter.segments(of: document.text))
        document.segments = segments
        return [document]
    }
}
