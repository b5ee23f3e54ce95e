/// A document a stage failed on, kept with the reason (`quarantine.jsonl` in bundles).
public struct QuarantineRecord: Sendable, Equatable {
    /// The id of the stage that failed.
    public var stageID: String
    /// What went wrong.
    public var error: String
    /// The document as the stage received it; for a source, a document carrying only `source.uri`.
    public var document: Document

    public init(stageID: String, error: String, document: Document) {
        self.stageID = stageID
        self.error = error
        self.document = document
    }

    /// The JSON form: `{"stage", "error", "uri", "document"}`.
    public var json: JSONValue {
        [
            "stage": .string(stageID), "error": .string(error), "uri": .string(document.source.uri),
            "document": document.json,
        ]
    }
}

/// An input that a stage could not process.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
