public import DocPipe

/// `manifest.json`, the last member of a bundle (`docpipe-bundle/1`, DESIGN §7).
public struct BundleManifest: Sendable, Equatable {
    /// The format this version writes and reads.
    public static let currentFormat = "docpipe-bundle/1"

    /// A stage as the manifest records it.
    public struct Stage: Sendable, Equatable {
        public var id: String
        public var use: String
        public var version: String
        public var options: JSONObject

        public init(id: String, use: String, version: String, options: JSONObject) {
            self.id = id
            self.use = use
            self.version = version
            self.options = options
        }
    }

    /// A member's path (relative to the top folder), size and SHA-256.
    public struct Member: Sendable, Equatable {
        public var path: String
        public var size: Int64
        public var sha256: String

        public init(path: String, size: Int64, sha256: String) {
            self.path = path
            self.size = size
            self.sha256 = sha256
        }

        var json: JSONValue { ["path": .string(path), "size": .int(Int(size)), "sha256": .string(sha256)] }
    }

    public var format: String = BundleManifest.currentFormat
    public var runID: String
    public var toolVersion: String
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var started: String
    public var finished: String
    public var pipelineName: String
    /// The SHA-256 of `pipeline.yaml`; filled in by ``BundleWriter``.
    public var pipelineSHA256: String = ""
    /// Where the pipeline file was when the run started (relative paths in it resolve against its folder).
    public var pipelinePath: String?
    public var stages: [Stage]
    public var documents: Int
    public var quarantined: Int
    public var skipped: Int
    /// Every other member, in archive order; filled in by ``BundleWriter``.
    public var members: [Member] = []

    public init(
        runID: String, toolVersion: String = DocPipeVersion.current, started: String, finished: String,
        pipelineName: String, pipelinePath: String? = nil, stages: [Stage], documents: Int = 0, quarantined: Int = 0,
        skipped: Int = 0
    ) {
        self.runID = runID
        self.toolVersion = toolVersion
        self.started = started
        self.finished = finished
        self.pipelineName = pipelineName
        self.pipelinePath = pipelinePath
        self.stages = stages
        self.documents = documents
        self.quarantined = quarantined
        self.skipped = skipped
    }

    /// The JSON form, keys in the order of DESIGN §7.
    public var json: JSONValue {
        var object = headJSON
        object["members"] = .array(members.map(\.json))
        return .object(object)
    }

    /// Everything but `members` (which always comes last).
    var headJSON: JSONObject {
        var pipeline: JSONObject = ["name": .string(pipelineName), "sha256": .string(pipelineSHA256)]
        if let pipelinePath { pipeline["path"] = .string(pipelinePath) }
        return [
            "format": .string(format), "run_id": .string(runID), "tool_version": .string(toolVersion),
            "started": .string(started), "finished": .string(finished), "pipeline": .object(pipeline),
            "stages": .array(
                stages.map {
                    ["id": .string($0.id), "use": .string($0.use), "version": .string($0.version), "options": .object($0.options)]
                }),
            "counts": ["documents": .int(documents), "quarantined": .int(quarantined), "skipped": .int(skipped)],
        ]
    }

    /// Reads a manifest; the error names the field at fault.
    public init(json: JSONValue) throws {
        func fail(_ message: String) -> BundleError { BundleError(.manifest, "manifest.json: \(message)") }
        guard let object = json.objectValue else { throw fail("not a JSON object") }
        func string(_ value: JSONValue?, _ key: String) throws -> String {
            guard let text = value?.stringValue else { throw fail("'\(key)' must be a string") }
            return text
        }
        format = try string(object["format"], "format")
        guard format == Self.currentFormat else {
            throw fail("unsupported format '\(format)' (this docpipe reads \(Self.currentFormat))")
        }
        runID = try string(object["run_id"], "run_id")
        toolVersion = try string(object["tool_version"], "tool_version")
        started = try string(object["started"], "started")
        finished = try string(object["finished"], "finished")
        guard let pipeline = object["pipeline"]?.objectValue else { throw fail("'pipeline' must be an object") }
        pipelineName = try string(pipeline["name"], "pipeline.name")
        pipelineSHA256 = try string(pipeline["sha256"], "pipeline.sha256")
        pipelinePath = pipeline["path"]?.stringValue
        guard let stageList = object["stages"]?.arrayValue else { throw fail("'stages' must be an array") }
        stages = try stageList.map { value in
            guard let stage = value.objectValue else { throw fail("each stage must be an object") }
            return Stage(
                id: try string(stage["id"], "stages[].id"), use: try string(stage["use"], "stages[].use"),
                version: try string(stage["version"], "stages[].version"), options: stage["options"]?.objectValue ?? [:])
        }
        guard let counts = object["counts"]?.objectValue else { throw fail("'counts' must be an object") }
        func count(_ key: String) throws -> Int {
            guard let value = counts[key]?.intValue, value >= 0 else { throw fail("'counts.\(key)' must be a count") }
            return value
        }
        documents = try count("documents")
        quarantined = try count("quarantined")
        skipped = try count("skipped")
        guard let memberList = object["members"]?.arrayValue else { throw fail("'members' must be an array") }
        members = try memberList.map { value in
            guard let member = value.objectValue, let path = member["path"]?.stringValue,
                let size = member["size"]?.intValue, size >= 0, let sha = member["sha256"]?.stringValue
            else { throw fail("each member needs 'path', 'size' and 'sha256'") }
            return Member(path: path, size: Int64(size), sha256: sha)
        }
    }
}
