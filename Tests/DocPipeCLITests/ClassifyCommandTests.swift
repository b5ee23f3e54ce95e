import Foundation
import Testing

@Suite("docpipe classify")
struct ClassifyCommandTests {
    static let taxonomy = """
        version: 1
        match: {min_score: 3, multi_label_ratio: 0.5}
        ignore: [东盟]
        themes:
          training: {phrases: {3: [技能培训, 技工院校], 1: [培训]}}
          exchange: {phrases: {3: [招聘会], 1: [举办]}, requires_any: [人才, 求职]}
        """

    func folder(_ files: [String: String] = [:]) throws -> TemporaryFolder {
        var all = files
        all["t.yaml"] = Self.taxonomy
        return try TemporaryFolder(files: all)
    }

    @Test("FILE: labelled units with evidence, then the document aggregate")
    func labelsAFile() throws {
        let folder = try folder(["a.txt": "开展技能培训。天气晴朗。\n举办人才招聘会，技工院校参加。"])
        defer { folder.remove() }
        let result = try DocPipeBinary.run(
            ["classify", "a.txt", "--taxonomy", "t.yaml", "--level", "sentence"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                sentence p1.s1 [0–7] 开展技能培训。
                  training 3: 技能培训@2–6

                sentence p2.s1 [13–28] 举办人才招聘会，技工院校参加。
                  exchange 4: 举办@13–15 招聘会@17–20
                  training 3: 技工院校@21–25

                document
                  training 6: 技能培训@2–6 技工院校@21–25
                  exchange 4: 举办@13–15 招聘会@17–20

                """)
    }

    @Test("FILE --json: the labelled document")
    func labelsAFileAsJSON() throws {
        let folder = try folder(["a.txt": "开展技能培训。"])
        defer { folder.remove() }
        let result = try DocPipeBinary.run(["classify", "a.txt", "--taxonomy", "t.yaml", "--json"], in: folder.path)
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let labels = object?["labels"] as? [[String: Any]]
        #expect(labels?.map { $0["theme"] as? String } == ["training", "training"])
        #expect(labels?.first?["segment"] as? String == "p1")
    }

    @Test("--jsonl: one line per unit, in input order")
    func labelsUnits() throws {
        let folder = try folder([
            "units.jsonl": """
            {"text": "开展技能培训", "id": 7}
            {"text": "今天天气晴朗"}
            {"text": "举办人才招聘会，开展培训"}
            """
        ])
        defer { folder.remove() }
        let result = try DocPipeBinary.run(
            ["classify", "--jsonl", "units.jsonl", "--taxonomy", "t.yaml"], in: folder.path)
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                {"themes":["training"],"scores":{"training":3}}
                {"themes":[],"scores":{}}
                {"themes":["exchange"],"scores":{"training":1,"exchange":4}}

                """)
    }

    @Test("--gold: per-theme precision, recall, F1, support; micro and macro")
    func evaluates() throws {
        let folder = try folder([
            "gold.jsonl": """
            {"text": "开展技能培训", "themes": ["training"]}
            {"text": "举办人才招聘会", "themes": ["exchange"]}
            {"text": "今天天气晴朗", "themes": []}
            {"text": "技工院校举办人才招聘会", "themes": ["exchange"]}
            """
        ])
        defer { folder.remove() }
        let table = try DocPipeBinary.run(
            ["classify", "--gold", "gold.jsonl", "--taxonomy", "t.yaml"], in: folder.path)
        #expect(table.status == 0)
        #expect(
            table.stdout == """
                theme     precision  recall  f1     support
                training  0.500      1.000   0.667  1
                exchange  1.000      1.000   1.000  2
                micro     0.750      1.000   0.857  3
                macro     0.750      1.000   0.833  3

                """)
        let json = try DocPipeBinary.run(
            ["classify", "--gold", "gold.jsonl", "--taxonomy", "t.yaml", "--json"], in: folder.path)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["themes", "micro", "macro"])
        let training = (object?["themes"] as? [String: Any])?["training"] as? [String: Any]
        #expect(Set(training?.keys.map { $0 } ?? []) == ["precision", "recall", "f1", "support"])
        #expect(training?["support"] as? Int == 1)
    }

    @Test("errors: a bad taxonomy is positioned, usage errors exit 2")
    func errors() throws {
        let folder = try folder(["bad.yaml": "version: 1\nthemes:\n  a: {phrasez: [x]}\n", "u.jsonl": "{\"txt\": 1}\n"])
        defer { folder.remove() }
        let bad = try DocPipeBinary.run(["classify", "--jsonl", "u.jsonl", "--taxonomy", "bad.yaml"], in: folder.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yaml:3:7: error: unknown key 'phrasez' in theme 'a'; did you mean 'phrases'?"))
        let line = try DocPipeBinary.run(["classify", "--jsonl", "u.jsonl", "--taxonomy", "t.yaml"], in: folder.path)
        #expect(line.status == 2)
        #expect(line.stderr == "error: u.jsonl:1: expected a JSON object with a string 'text'\n")
        let usage = try DocPipeBinary.run(
            ["classify", "a.txt", "--gold", "u.jsonl", "--taxonomy", "t.yaml"], in: folder.path)
        #expect(usage.status == 2)
        let level = try DocPipeBinary.run(
            ["classify", "a.txt", "--taxonomy", "t.yaml", "--level", "clause"], in: folder.path)
        #expect(level.status == 2)
    }
}
