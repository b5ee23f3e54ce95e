/// One stage's counts and latencies; `failed` = `skipped` + `quarantined`.
public struct StageReport: Sendable, Equatable {
    public var id: String
    public var use: String
    public var role: StageRole
    public var `in`: Int
    public var out: Int
    public var skipped: Int
    public var quarantined: Int
    public var p50Milliseconds: Double?
    public var p95Milliseconds: Double?
    /// Time workers spent processing, summed over workers.
    public var busySeconds: Double

    public var failed: Int { skipped + quarantined }

    func json(includeTimings: Bool) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "use": .string(use), "role": .string(role.rawValue), "in": .int(`in`), "out": .int(out),
            "skipped": .int(skipped), "quarantined": .int(quarantined), "failed": .int(failed),
        ]
        if includeTimings {
            object["p50_ms"] = p50Milliseconds.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
            object["p95_ms"] = p95Milliseconds.map { .double(($0 * 1000).rounded() / 1000) } ?? .null
        }
        return .object(object)
    }
}

/// How many documents and sections carry a theme.
public struct ThemeCount: Sendable, Equatable {
    public var theme: String
    public var documents: Int
    public var sections: Int

    public init(theme: String, documents: Int, sections: Int) {
        self.theme = theme
        self.documents = documents
        self.sections = sections
    }
}

/// A line of the end-of-run summary: one output document.
public struct DocumentSummary: Sendable, Equatable {
    public var id: String
    public var title: String?
    public var published: String?
    public var docNumber: String?
    /// Document-level themes, best first.
    public var themes: [String]

    public init(id: String, title: String?, published: String?, docNumber: String?, themes: [String]) {
        self.id = id
        self.title = title
        self.published = published
        self.docNumber = docNumber
        self.themes = themes
    }
}

/// What a run did: per-stage counts and latencies, totals, themes, and messages from sinks.
public struct RunReport: Sendable {
    public var run: RunInfo
    public var stages: [StageReport]
    /// Documents that came out of the last stage.
    public var documents: Int
    public var skipped: Int
    public var quarantined: Int
    public var themes: [ThemeCount]
    /// The first ``RunReport/documentSummaryLimit`` output documents, for the summary.
    public var documentSummaries: [DocumentSummary]
    public var elapsedSeconds: Double
    /// What sinks reported at the end (e.g. where a bundle was written).
    public var messages: [String]

    /// How many documents the summary lists.
    public static let documentSummaryLimit = 50

    /// Whether any document was skipped or quarantined (exit code 3).
    public var hasFailures: Bool { skipped + quarantined > 0 }

    /// The `report.json` form; timings are left out when the run is reproducible.
    public func json(includeTimings: Bool) -> JSONValue {
        var object: JSONObject = ["run_id": .string(run.id), "pipeline": .string(run.pipeline.name)]
        object["stages"] = .array(stages.map { $0.json(includeTimings: includeTimings) })
        object["totals"] = [
            "documents": .int(documents), "skipped": .int(skipped), "quarantined": .int(quarantined),
            "failed": .int(skipped + quarantined),
        ]
        var themeObject = JSONObject()
        for theme in themes {
            themeObject[theme.theme] = ["documents": .int(theme.documents), "sections": .int(theme.sections)]
        }
        object["themes"] = .object(themeObject)
        if includeTimings { object["elapsed_seconds"] = .double((elapsedSeconds * 1000).rounded() / 1000) }
        return .object(object)
    }
}
