public import DocPipe

/// The `redact` stage: masks mainland China resident ID numbers (18 characters with a valid
/// check character), mobile numbers (`1[3-9]` and nine digits) and e-mail addresses in `text`
/// (and `title`), and moves segment and evidence offsets so they still point at the same text.
///
/// ```yaml
/// - use: redact
///   with:
///     kinds: [id_card, mobile, email]
///     style: tag            # tag: [手机号]; mask: 138****5678
/// ```
/// Each document gets `metadata.redactions`, the number of matches per kind (only kinds found).
public struct RedactStage: TransformStage {
    public static let name = "redact"
    public static let summary = "Masks ID-card numbers, mobile numbers and e-mail addresses; keeps offsets right."
    public static let version = "1.0.0"
    public static let options: [OptionSpec] = [
        OptionSpec(
            "kinds", .list(.choice(RedactionKind.allCases.map(\.rawValue))),
            default: .array(RedactionKind.allCases.map { .string($0.rawValue) }), doc: "What to redact."),
        OptionSpec(
            "style", .choice(["tag", "mask"]), default: "tag",
            doc: "tag replaces a match with its tag; mask keeps a few characters and stars the rest."),
        OptionSpec(
            "tags", .map(.string), default: .object(RedactionKind.defaultTags),
            doc: "The replacement per kind for style tag (id_card, mobile, email)."),
        OptionSpec("title", .bool, default: true, doc: "Also redact the title."),
    ]

    let redactor: Redactor
    let redactsTitle: Bool

    public init(options: StageOptions, context: StageSetup) throws {
        let kinds = Set(options.strings("kinds").compactMap(RedactionKind.init(rawValue:)))
        var tags: [RedactionKind: String] = [:]
        for (key, value) in options.stringMap("tags") {
            guard let kind = RedactionKind(rawValue: key) else {
                throw options.invalid("tags", "unknown kind '\(key)'; the kinds are id_card, mobile, email")
            }
            tags[kind] = value
        }
        for kind in RedactionKind.allCases where tags[kind] == nil {
            tags[kind] = RedactionKind.defaultTags[kind.rawValue]?.stringValue
        }
        redactor = Redactor(kinds: kinds, style: options.string("style") == "mask" ? .mask : .tag(tags))
        redactsTitle = options.bool("title") ?? true
    }

    public func process(_ document: Document, context: StageContext) async throws -> [Document] {
        var document = document
        let result = redactor.redact(document.text)
        if !result.replacements.isEmpty {
            document.text = result.text
            let map = OffsetMap(result.replacements)
            document.segments = document.segments.map { segment in
                var segment = segment
                segment.start = map.start(segment.start)
                segment.end = max(segment.start, map.end(segment.end))
                return segment
            }
            document.labels = document.labels.map { label in
                var label = label
                label.evidence = label.evidence.map { evidence in
                    let start = map.start(evidence.start)
                    let end = max(start, map.end(evidence.end))
                    let moved = Evidence(phrase: evidence.phrase, start: start, end: end)
                    guard map.touches(evidence.start, evidence.end) else { return moved }
                    // The evidence overlapped a redaction: its phrase is now the redacted text.
                    return Evidence(phrase: result.text.scalarSlice(start, end), start: start, end: end)
                }
                return label
            }
        }
        var counts = result.counts
        if redactsTitle, let title = document.title {
            let titleResult = redactor.redact(title)
            document.title = titleResult.text
            counts.merge(titleResult.counts, uniquingKeysWith: +)
        }
        if !counts.isEmpty {
            var summary = JSONObject()
            for kind in RedactionKind.allCases { if let count = counts[kind] { summary[kind.rawValue] = .int(count) } }
            document.metadata["redactions"] = .object(summary)
        }
        return [document]
    }
}

extension String {
    /// The text between two code point offsets.
    func scalarSlice(_ start: Int, _ end: Int) -> String {
        let scalars = unicodeScalars
        let lower = scalars.index(scalars.startIndex, offsetBy: start)
        let upper = scalars.index(lower, offsetBy: end - start)
        return String(scalars[lower..<upper])
    }
}
