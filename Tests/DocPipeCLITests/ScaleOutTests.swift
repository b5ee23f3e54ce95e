import Foundation
import Testing

/// `docpipe run --shard K/N` and `docpipe bundle merge` (docs/scaling-out.md): N shard runs,
/// merged, hold exactly the documents of one unsharded run.
@Suite("ScaleOut", .serialized)
struct ScaleOutTests {
    static let shards = 3
    static let epoch = ["SOURCE_DATE_EPOCH": "1700000000"]

    /// A temporary project: 12 small pages and a fetch → clean → segment → archive pipeline
    /// whose bundle path carries `${shard}`, as docs/scaling-out.md recommends.
    func makeProject() throws -> TemporaryFolder {
        var files: [String: String] = [:]
        for number in 1...12 {
            files["corpus/page-\(number).html"] = """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Notice \(number)</title></head>
                <body><h1>Notice \(number) on vocational training</h1>
                <p>第\(number)条 The department of human resources announces training programme number \(number). \
                Applications open in March and close in May.</p>
                <p>Each applicant submits a form. 申请人应当提交申请表。 Results are published within \(number) weeks.</p>
                </body></html>
                """
        }
        files["shard.yaml"] = """
            docpipe: 1
            name: shard-test
            vars:
              out: out
              shard: all
            stages:
              - use: fetch
                with: { paths: ["corpus/*.html"] }
              - use: clean
              - use: segment
              - use: archive
                on_error: fail
                with: { path: "${out}/{name}-${shard}.tar.gz" }
            """
        return try TemporaryFolder(files: files)
    }

    /// The lines of a bundle's documents.jsonl, by document id.
    func documents(_ bundle: String) throws -> [String: String] {
        let result = try DocPipeBinary.run(["bundle", "cat", bundle, "documents.jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        var byID: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let id = try #require(object?["id"] as? String)
            #expect(byID[id] == nil, "document \(id) twice in \(bundle)")
            byID[id] = String(line)
        }
        return byID
    }

    @Test("3 shards merged equal one unsharded run; each document is in exactly one shard")
    func shardsMergedEqualOneRun() throws {
        let project = try makeProject()
        defer { project.remove() }
        let pipeline = project.path + "/shard.yaml"

        let whole = try DocPipeBinary.run(["run", pipeline, "--quiet"], environment: Self.epoch)
        #expect(whole.status == 0, "\(whole.stderr)")
        let expected = try documents(project.path + "/out/shard-test-all.tar.gz")
        #expect(expected.count == 12)

        var shardBundles: [String] = []
        var seen: [String: Int] = [:]
        // Run the shards in reverse order: the result must not depend on it.
        for index in (0..<Self.shards).reversed() {
            let result = try DocPipeBinary.run(
                ["run", pipeline, "--shard", "\(index)/\(Self.shards)", "--var", "shard=\(index)", "--quiet"],
                environment: Self.epoch)
            #expect(result.status == 0, "shard \(index): \(result.stderr)")
            let bundle = project.path + "/out/shard-test-\(index).tar.gz"
            shardBundles.insert(bundle, at: 0)
            for (id, line) in try documents(bundle) {
                #expect(seen[id] == nil, "\(id) is in shards \(seen[id] ?? -1) and \(index)")
                seen[id] = index
                #expect(expected[id] == line, "shard \(index) document \(id) differs from the unsharded run")
            }
        }
        #expect(Set(seen.keys) == Set(expected.keys))
        // 12 documents over 3 shards: the hash spreads them (no shard holds everything).
        #expect(Set(seen.values).count > 1)

        let merged = project.path + "/merged.tar.gz"
        let merge = try DocPipeBinary.run(["bundle", "merge", merged] + shardBundles)
        #expect(merge.status == 0, "\(merge.stderr)")
        let verify = try DocPipeBinary.run(["bundle", "verify", merged])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("12 documents parse"))
        #expect(try documents(merged) == expected)
    }

    @Test("--shard rejects K ≥ N and malformed values (exit 2)")
    func badShardIsAUsageError() throws {
        let project = try makeProject()
        defer { project.remove() }
        for value in ["3/3", "-1/3", "1", "a/b", "0/0"] {
            let result = try DocPipeBinary.run(["run", project.path + "/shard.yaml", "--shard", value, "--quiet"])
            #expect(result.status == 2, "--shard \(value)")
        }
    }
}
