import DocPipe
import DocPipeStages
import Foundation
import Testing

/// Throughput of the classify stage at sentence level, single core. Runs only with
/// `DOCPIPE_BENCH=1 swift test -c release --filter ClassifyBenchmark`.
@Suite("Classify: benchmark", .enabled(if: ProcessInfo.processInfo.environment["DOCPIPE_BENCH"] == "1"))
struct ClassifyBenchmarkTests {
    /// About `megabytes` MB (UTF-8) of real Chinese text: the seed body and the gold units, repeated.
    static func corpus(megabytes: Int) throws -> String {
        let seed = try ClassifyFixtures.seed().text
        let gold = try GoldUnit.parseLines(
            String(contentsOfFile: ClassifyFixtures.repoRoot + "/Benchmarks/classify/gold.jsonl", encoding: .utf8))
        let block = seed + "\n" + gold.map(\.text).joined(separator: "\n") + "\n"
        var text = ""
        while text.utf8.count < megabytes * 1_000_000 { text += block }
        return text
    }

    /// The asean-talent taxonomy plus `count` generated phrases in an extra theme.
    static func paddedTaxonomy(_ base: Taxonomy, count: Int, from text: String, matching: Bool) -> Taxonomy {
        var phrases: [WeightedPhrase] = []
        var seen = Set(base.themes.flatMap { $0.phrases.map(\.phrase) } + base.ignore)
        let han = Array(text.unicodeScalars.filter { $0.properties.isIdeographic }.prefix(400_000))
        var generator = SystemRandomNumberGenerator()
        var attempts = 0
        while phrases.count < count, attempts < count * 100 {
            attempts += 1
            let length = Int.random(in: 2...4, using: &generator)
            let start = Int.random(in: 0..<(han.count - length), using: &generator)
            var scalars = Array(han[start..<start + length])
            // Non-matching phrases share a real prefix with the text but end in a rare character.
            if !matching { scalars[length - 1] = Unicode.Scalar(0x9FA0 + UInt32(phrases.count % 5))! }
            let phrase = String(String.UnicodeScalarView(scalars))
            if seen.insert(phrase).inserted { phrases.append(WeightedPhrase(phrase, weight: 1)) }
        }
        var taxonomy = base
        taxonomy.themes.append(Theme(key: "padding", phrases: phrases, requiresAny: ["此词不出现于文本"]))
        return taxonomy
    }

    /// Best of three runs of the stage over `document`, in MB/s.
    static func throughput(_ stage: ClassifyStage, _ document: Document) -> (mbPerSecond: Double, labels: Int) {
        var best = Double.infinity
        var labels = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let output = stage.label(document)
            let elapsed = ContinuousClock.now - start
            labels = output.labels.count
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        return (Double(document.text.utf8.count) / 1e6 / best, labels)
    }

    @Test func sentenceLevelThroughput() throws {
        let text = try Self.corpus(megabytes: 20)
        let document = Document(uri: "test:bench", text: text)
        var segmented = document
        segmented.segments = TextUnits.segments(of: text, kinds: [.sentence])
        let base = try Taxonomy.load(path: ClassifyFixtures.aseanTaxonomy)
        let asean = ClassifyStage(classifier: Classifier(taxonomy: base), level: .sentence)
        let result = Self.throughput(asean, segmented)
        print("classify bench: \(text.utf8.count) bytes, \(segmented.segments.count) sentences")
        print("classify bench: asean-talent (\(asean.classifier.phraseCount) phrases): \(String(format: "%.1f", result.mbPerSecond)) MB/s, \(result.labels) labels")
        for matching in [false, true] {
            let padded = ClassifyStage(
                classifier: Classifier(taxonomy: Self.paddedTaxonomy(base, count: 5000, from: text, matching: matching)),
                level: .sentence)
            let grown = Self.throughput(padded, segmented)
            print("classify bench: +5000 \(matching ? "matching" : "prefix-sharing, non-matching") phrases (\(padded.classifier.phraseCount) in all): \(String(format: "%.1f", grown.mbPerSecond)) MB/s, \(grown.labels) labels")
            if !matching {
                #expect(grown.labels == result.labels)
                #expect(grown.mbPerSecond > result.mbPerSecond * 0.7)
            }
        }
        #expect(result.mbPerSecond >= 10)
    }
}
