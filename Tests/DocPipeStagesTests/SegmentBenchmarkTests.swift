import DocPipe
import DocPipeStages
import Foundation
import Testing

/// Throughput of the segmenter on Chinese text. Disabled unless `DOCPIPE_BENCH=1`; measure in release:
/// `DOCPIPE_BENCH=1 swift test -c release --filter SegmentBenchmark`.
@Suite("SegmentBenchmark", .enabled(if: ProcessInfo.processInfo.environment["DOCPIPE_BENCH"] == "1"))
struct SegmentBenchmarkTests {
    /// The seed body repeated until it has at least `bytes` UTF-8 bytes.
    static func corpus(bytes: Int) throws -> String {
        let seed = try SegmentTestSupport.seedText() + "\n"
        let copies = bytes / seed.utf8.count + 1
        return String(repeating: seed, count: copies)
    }

    @Test("all levels, 1 MB and 100 MB of Chinese text")
    func throughput() throws {
        let segmenter = Segmenter(levels: .all)
        var rates: [Double] = []
        for megabytes in [1, 100] {
            let text = try Self.corpus(bytes: megabytes * 1_000_000)
            let bytes = text.utf8.count
            _ = segmenter.segments(of: String(text.prefix(10_000)))  // warm up
            var best = Duration.seconds(1_000)
            var count = 0
            for _ in 0..<(megabytes == 1 ? 5 : 2) {
                let clock = ContinuousClock()
                let start = clock.now
                count = segmenter.segments(of: text).count
                best = min(best, clock.now - start)
            }
            let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
            let rate = Double(bytes) / 1e6 / seconds
            rates.append(rate)
            print(
                "segment bench: \(bytes) bytes (\(text.unicodeScalars.count) code points), \(count) segments, "
                    + "\(String(format: "%.3f", seconds)) s, \(String(format: "%.1f", rate)) MB/s")
        }
        #if !DEBUG
            #expect(rates.allSatisfy { $0 >= 20 })
            #expect(rates[1] >= rates[0] / 2)  // linear: no worse per byte at 100× the size
        #endif
    }
}
