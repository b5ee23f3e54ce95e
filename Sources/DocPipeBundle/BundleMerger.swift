import DocPipe

/// Combines bundles of the same pipeline (shards of one corpus) into one verified bundle.
///
/// Order: the bundles in the order given (shard 0, shard 1, …), and within each bundle its own
/// run order — for raw members, documents and quarantine records alike. The result is therefore
/// the same for the same command line. Every input is verified first; all must carry the same
/// `pipeline.yaml`. Counts and report totals are summed; per-stage latency percentiles, which
/// cannot be combined, are left out of the merged report. The manifest takes the earliest start,
/// the latest finish, and the run id of the first bundle.
public enum BundleMerger {
    /// Writes the merged bundle to `output` (its top folder named after the file, without
    /// `.tar.gz`) and verifies it.
    public static func merge(inputs: [String], output: String, level: Int = 6) throws -> BundleWriter.Summary {
        guard !inputs.isEmpty else { throw BundleError(.usage, "merge needs at least one bundle") }
        var manifests: [BundleManifest] = []
        for input in inputs {
            do {
                manifests.append(try BundleVerifier.verify(path: input).manifest)
            } catch let error as BundleError {
                throw BundleError(error.kind, "\(input): \(error.message)")
            }
        }
        let first = manifests[0]
        for (input, manifest) in zip(inputs, manifests).dropFirst() where manifest.pipelineSHA256 != first.pipelineSHA256 {
            throw BundleError(.usage, "\(input) comes from a different pipeline than \(inputs[0]) (pipeline.yaml differs)")
        }
        let readers = inputs.map { BundleReader(path: $0) }
        let pipeline = try readers[0].read(member: "pipeline.yaml")
        let mtime = try readers[0].members().last?.entry.mtime ?? 0
        let writer = try BundleWriter(
            path: output, name: bundleName(for: output), pipeline: pipeline, options: .init(level: level, mtime: mtime))
        do {
            for reader in readers {
                try reader.forEachRaw { id, bytes in try writer.addRaw(id: id, bytes: bytes) }
            }
            for reader in readers {
                try reader.forEachLine(of: "documents.jsonl") { try writer.addDocument(line: $0) }
            }
            for reader in readers {
                // Older or hand-made bundles may have no quarantine.jsonl.
                guard try reader.members().contains(where: { $0.path == "quarantine.jsonl" }) else { continue }
                try reader.forEachLine(of: "quarantine.jsonl") { try writer.addQuarantine(line: $0) }
            }
            var reports: [JSONValue] = []
            for reader in readers {
                reports.append(try JSONParser.parse(try reader.read(member: "report.json")))
            }
            var manifest = first
            manifest.toolVersion = DocPipeVersion.current
            manifest.started = manifests.map(\.started).min() ?? first.started
            manifest.finished = manifests.map(\.finished).max() ?? first.finished
            manifest.documents = manifests.reduce(0) { $0 + $1.documents }
            manifest.quarantined = manifests.reduce(0) { $0 + $1.quarantined }
            manifest.skipped = manifests.reduce(0) { $0 + $1.skipped }
            let report = mergeReports(reports, runID: manifest.runID)
            var reportBytes = JSONWriter(pretty: true).bytes(report)
            reportBytes.append(0x0a)
            let summary = try writer.finish(report: reportBytes, manifest: manifest)
            _ = try BundleVerifier.verify(path: output)
            return summary
        } catch {
            writer.abort()
            throw error
        }
    }

    /// The bundle name for an output path: its file name without `.tar.gz` or `.tgz`.
    public static func bundleName(for path: String) -> String {
        var name = POSIX.baseName(of: path)
        for suffix in [".tar.gz", ".tgz", ".tar"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name.isEmpty ? "bundle" : name
    }

    /// Sums the counts of several `report.json` values: integers are added, strings kept from the
    /// first, fractional numbers (latencies) dropped.
    static func mergeReports(_ reports: [JSONValue], runID: String) -> JSONValue {
        guard var merged = reports.first else { return .object([:]) }
        for report in reports.dropFirst() { merged = sum(merged, report) }
        merged = dropFractions(merged)
        if var object = merged.objectValue {
            object["run_id"] = .string(runID)
            merged = .object(object)
        }
        return merged
    }

    private static func sum(_ left: JSONValue, _ right: JSONValue) -> JSONValue {
        switch (left, right) {
        case (.int(let a), .int(let b)): return .int(a + b)
        case (.object(let a), .object(let b)):
            var result = a
            for (key, value) in b { result[key] = a[key].map { sum($0, value) } ?? value }
            return .object(result)
        case (.array(let a), .array(let b)):
            // Stage lists: element by element (same pipeline, same stages).
            var result = a
            for (index, value) in b.enumerated() {
                if index < result.count { result[index] = sum(result[index], value) } else { result.append(value) }
            }
            return .array(result)
        default: return left
        }
    }

    private static func dropFractions(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var result = JSONObject()
            for (key, member) in object {
                if case .double = member { continue }
                result[key] = dropFractions(member)
            }
            return .object(result)
        case .array(let items): return .array(items.map(dropFractions))
        default: return value
        }
    }
}
