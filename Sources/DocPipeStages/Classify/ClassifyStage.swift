public import DocPipe

/// The `classify` stage: labels units of a document with themes from a taxonomy file.
///
/// For each unit — the document's segments of kind `level` (section, paragraph or sentence), or
/// the whole text with `level: document` — it writes the themes whose score passes `min_score` and
/// is at least `multi_label_ratio` × the unit's best score, at most `top`, each as a ``Label`` with
/// the segment id, the score and the evidence (phrases and code point spans in `text`). A unit with
/// no qualifying theme gets no label. Then it writes a document-level aggregate (labels without a
/// segment): every theme that labelled at least one unit, scored by the sum of its unit scores, with
/// the evidence of those units, best first.
///
/// When the document has no segment of the requested kind (no `segment` stage ran, or it did not
/// produce that level), the whole text is classified as one unit and only document-level labels
/// are written, as with `level: document`.
///
/// The taxonomy is read, validated and compiled once when the stage is built; its errors are
/// reported with their own `file:line:col` positions.
public struct ClassifyStage: TransformStage {
    public static let name = "classify"
    public static let summary =
        "Labels sections, paragraphs, sentences or the document with themes from a taxonomy, with evidence."
    public static let version = "1.0.0"
    public static let options: [OptionSpec] = [
        OptionSpec("taxonomy", .path, required: true, doc: "The taxonomy YAML file (weighted phrases per theme)."),
        OptionSpec(
            "level", .choice(["section", "paragraph", "sentence", "document"]), default: "paragraph",
            doc: "Which segments to label; without such segments the whole document is one unit."),
        OptionSpec("top", .int(min: 1), default: 3, doc: "The most labels per unit."),
    ]

    /// The compiled taxonomy.
    public let classifier: Classifier
    /// The unit kind, or `nil` for the whole document.
    public let level: SegmentKind?
    /// The most labels per unit.
    public let top: Int

    public init(options: StageOptions, context: StageSetup) throws {
        guard let path = options.string("taxonomy") else {
            throw options.invalid("taxonomy", "a taxonomy file is required")
        }
        guard FileSystem.kind(of: path) != nil else {
            throw options.invalid("taxonomy", "taxonomy file '\(path)' does not exist")
        }
        // A PipelineError carries the taxonomy file's own diagnostics; the loader reports them as-is.
        let taxonomy = try Taxonomy.load(path: path)
        classifier = Classifier(taxonomy: taxonomy)
        let level = options.string("level") ?? "paragraph"
        self.level = level == "document" ? nil : SegmentKind(rawValue: level)
        top = options.int("top") ?? 3
    }

    /// Builds the stage from a compiled classifier (for library users and tests).
    public init(classifier: Classifier, level: SegmentKind?, top: Int = 3) {
        self.classifier = classifier
        self.level = level
        self.top = max(1, top)
    }

    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        [label(document)]
    }

    /// The document with its unit labels and document-level aggregate appended.
    public func label(_ document: Document) -> Document {
        var document = document
        let match = MatchText(document.text)
        var scratch = Classifier.Scratch(themeCount: classifier.themeKeys.count)
        let units = level.map { kind in document.segments.filter { $0.kind == kind } } ?? []
        guard !units.isEmpty else {
            let result = classifier.classify(match, range: 0..<match.scalars.count, top: top, scratch: &scratch)
            document.labels += result.themes.map {
                Label(theme: $0.theme, score: $0.score, segment: nil, evidence: $0.evidence)
            }
            return document
        }
        var totals: [String: (score: Double, evidence: [Evidence], order: Int)] = [:]
        for segment in units {
            let range = match.normalizedRange(start: segment.start, end: segment.end)
            let result = classifier.classify(match, range: range, top: top, scratch: &scratch)
            for theme in result.themes {
                document.labels.append(
                    Label(theme: theme.theme, score: theme.score, segment: segment.id, evidence: theme.evidence))
                let order = classifier.themeKeys.firstIndex(of: theme.theme) ?? 0
                totals[theme.theme, default: (0, [], order)].score += theme.score
                totals[theme.theme]!.evidence += theme.evidence
            }
        }
        let aggregate = totals.sorted { ($0.value.score, -$0.value.order) > ($1.value.score, -$1.value.order) }
        for (theme, total) in aggregate {
            let evidence = total.evidence.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            document.labels.append(Label(theme: theme, score: total.score, segment: nil, evidence: evidence))
        }
        return document
    }
}
