import DocPipe
import DocPipeTesting
import Redact
import Testing

@Suite("redact stage")
struct RedactStageTests {
    static let letter = "联系人：张三，身份证11010519491231002X，手机13812345678，邮箱zhang.san@example.gov.cn。"

    @Test("ID numbers, mobiles and e-mail addresses become tags; metadata counts them")
    func tags() async throws {
        let stage = try StageTester.make(RedactStage.self)
        let output = try await StageTester.process(stage, [Document.testDocument(Self.letter)])
        #expect(output.first?.text == "联系人：张三，身份证[身份证号]，手机[手机号]，邮箱[邮箱]。")
        #expect(output.first?.metadata["redactions"] == ["id_card": 1, "mobile": 1, "email": 1])
    }

    @Test("mask style keeps a few characters")
    func mask() async throws {
        let stage = try StageTester.make(RedactStage.self, options: ["style": "mask"])
        let output = try await StageTester.process(stage, [Document.testDocument(Self.letter)])
        #expect(output.first?.text == "联系人：张三，身份证110105********002X，手机138****5678，邮箱z***@example.gov.cn。")
    }

    @Test(
        "look-alikes stay: bad check digits, longer numbers, phone-like prefixes, addresses without a domain",
        arguments: [
            "身份证110105194912310021号",  // wrong check character
            "订单号1381234567890",  // 13 digits: not a mobile
            "编号213812345678",  // 12 digits
            "电话12812345678",  // 12x is not a mobile prefix
            "写信给 someone@localhost 或 @handle",
            "预算 1.5亿元，文号〔2023〕121号",
        ])
    func lookAlikes(text: String) async throws {
        let stage = try StageTester.make(RedactStage.self)
        let output = try await StageTester.process(stage, [Document.testDocument(text)])
        #expect(output.first?.text == text)
        #expect(output.first?.metadata["redactions"] == nil)
    }

    @Test("segments and evidence after, around and across a redaction move with the text")
    func offsets() async throws {
        // 0         1         2
        // 0123456789012345678901234567 (28 code points)
        // 一、联系方式\n请拨打13812345678咨询人才培养。
        let text = "一、联系方式\n请拨打13812345678咨询人才培养。"
        let document = Document.testDocument(
            text,
            segments: [
                Segment(id: "s1", kind: .section, start: 0, end: 28, heading: "一、联系方式"),
                Segment(id: "p1", kind: .paragraph, start: 7, end: 28, parent: "s1"),
                Segment(id: "c1", kind: .clause, start: 10, end: 21, parent: "p1"),  // exactly the number
                Segment(id: "c2", kind: .clause, start: 15, end: 25, parent: "p1"),  // starts inside it
            ])
        var labelled = document
        labelled.labels = [
            Label(
                theme: "training", score: 1, segment: "p1",
                evidence: [Evidence(phrase: "人才培养", start: 23, end: 27), Evidence(phrase: "请拨打", start: 7, end: 10)]),
            Label(theme: "contact", score: 0.5, evidence: [Evidence(phrase: "345678咨询", start: 15, end: 23)]),
        ]
        let stage = try StageTester.make(RedactStage.self)
        let output = try #require(try await StageTester.process(stage, [labelled]).first)
        #expect(output.text == "一、联系方式\n请拨打[手机号]咨询人才培养。")
        #expect(output.spanProblems().isEmpty, "\(output.spanProblems())")
        let segments = Dictionary(uniqueKeysWithValues: output.segments.map { ($0.id, $0) })
        #expect(output.text(of: segments["s1"]!) == output.text)
        #expect(output.text(of: segments["p1"]!) == "请拨打[手机号]咨询人才培养。")
        #expect(output.text(of: segments["c1"]!) == "[手机号]")
        #expect(output.text(of: segments["c2"]!) == "[手机号]咨询人才")
        #expect(output.labels[0].evidence.map(\.phrase) == ["人才培养", "请拨打"])
        #expect(output.labels[1].evidence.first?.phrase == "[手机号]咨询")
    }

    @Test("astral characters before a match count as one code point each")
    func astral() async throws {
        let text = "𠀀😀 a@b.cn 𝄞"
        let document = Document.testDocument(
            text, segments: [Segment(id: "x", kind: .sentence, start: 9, end: 11)])  // " 𝄞": 𠀀 and 😀 are one each
        let stage = try StageTester.make(RedactStage.self, options: ["tags": ["email": "<e>"]])
        let output = try #require(try await StageTester.process(stage, [document]).first)
        #expect(output.text == "𠀀😀 <e> 𝄞")
        #expect(output.text(of: output.segments[0]) == " 𝄞")
    }

    @Test("the stage runs in a pipeline with the runner, concurrently, keeping order")
    func throughTheRunner() async throws {
        let documents = (0..<100).map { number in
            let suffix = String(String(number + 10000).suffix(4))
            return Document.testDocument("第\(number)号 电话1391234\(suffix)", uri: "test:\(number)")
        }
        let stage = try StageTester.make(RedactStage.self)
        let result = try await TestPipeline(documents: documents).then("redact", stage, concurrency: 4).run()
        #expect(result.quarantined.isEmpty)
        #expect(result.documents.map(\.text) == (0..<100).map { "第\($0)号 电话[手机号]" })
        #expect(result.report.stages.last?.out == 100)
    }

    @Test("unknown kinds and tags are configuration errors")
    func badOptions() {
        #expect(throws: (any Error).self) {
            _ = try StageTester.make(RedactStage.self, options: ["kinds": ["passport"]])
        }
        #expect(throws: (any Error).self) {
            _ = try StageTester.make(RedactStage.self, options: ["tags": ["passport": "x"]])
        }
    }
}
