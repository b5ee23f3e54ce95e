import DocPipe
import DocPipeStages
import Foundation
import Testing

@Suite("Classify: evaluation")
struct ClassifyEvaluationTests {
    @Test func metricsFromCounts() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nthemes: {a: {phrases: {1: [甲]}}, b: {phrases: {1: [乙]}}}")
        let gold = try GoldUnit.parseLines(
            """
            {"text": "甲", "themes": ["a"]}
            {"text": "甲乙", "themes": ["a"], "note": "other keys are ignored"}

            {"text": "乙", "themes": []}
            {"text": "无", "themes": ["b"]}
            {"text": "乙", "themes": ["b"]}
            """)
        #expect(gold.count == 5)
        let report = EvaluationReport(classifier: classifier, gold: gold)
        // a: tp 2, fp 0, fn 0.  b: tp 1, fp 2 (甲乙, 乙 without theme), fn 1 (无).
        #expect(report.themes.map(\.theme) == ["a", "b"])
        let a = report.themes[0].metrics
        let b = report.themes[1].metrics
        #expect((a.precision, a.recall, a.f1, a.support) == (1, 1, 1, 2))
        #expect((b.truePositives, b.falsePositives, b.falseNegatives, b.support) == (1, 2, 1, 2))
        #expect(abs(b.precision - 1.0 / 3) < 1e-9 && b.recall == 0.5 && abs(b.f1 - 0.4) < 1e-9)
        #expect((report.micro.truePositives, report.micro.falsePositives, report.micro.falseNegatives) == (3, 2, 1))
        #expect(abs(report.micro.f1 - 2 * 0.6 * 0.75 / 1.35) < 1e-9)
        #expect(abs(report.macro.f1 - 0.7) < 1e-9)
        #expect(report.unitsWithoutTheme == 1)
        let json = JSONWriter().string(report.json)
        #expect(
            json.hasPrefix(
                #"{"themes":{"a":{"precision":1,"recall":1,"f1":1,"support":2},"b":{"precision":0.3333,"recall":0.5,"f1":0.4,"support":2}},"micro":"#
            ))
        #expect(report.table.contains("b         0.333      0.500   0.400  2\n"))
    }

    @Test func goldThemesUnknownToTheTaxonomyAreClasses() throws {
        let classifier = try ClassifyFixtures.classifier("version: 1\nthemes: {a: {phrases: {3: [甲]}}}")
        let report = EvaluationReport(classifier: classifier, gold: [GoldUnit(text: "x", themes: ["z"])])
        #expect(report.themes.map(\.theme) == ["a", "z"])
        #expect(report.themes[1].metrics.recall == 0)
    }

    @Test func badGoldLinesNameTheLine() {
        for (text, line, message) in [
            ("{\"text\": \"x\", \"themes\": []}\nnot json", 2, "not JSON"),
            ("{\"themes\": []}", 1, "expected an object with a string 'text'"),
            ("{\"text\": \"x\"}", 1, "expected 'themes'"),
            ("\n{\"text\": \"x\", \"themes\": [1]}", 2, "'themes' must hold strings, found a number"),
        ] {
            #expect {
                _ = try GoldUnit.parseLines(text)
            } throws: { error in
                guard let error = error as? GoldFileError else { return false }
                return error.line == line && error.message.hasPrefix(message)
            }
        }
    }

    /// The checked-in gold units (real Chinese text) with the shipped taxonomy: a floor, so a
    /// taxonomy change that loses quality fails here.
    @Test func shippedTaxonomyOnTheGoldFile() throws {
        let text = try String(
            contentsOfFile: ClassifyFixtures.repoRoot + "/Benchmarks/classify/gold.jsonl", encoding: .utf8)
        let gold = try GoldUnit.parseLines(text)
        #expect(gold.count >= 300)
        let report = EvaluationReport(classifier: try ClassifyFixtures.asean(), gold: gold)
        #expect(report.micro.f1 >= 0.9, "\(report.table)")
        for (theme, metrics) in report.themes { #expect(metrics.f1 >= 0.75, "\(theme): \(report.table)") }
    }
}
