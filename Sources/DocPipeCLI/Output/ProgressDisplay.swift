import DocPipe

/// A one-line live progress display on stderr, redrawn in place a few times a second:
/// documents done, rate, failures, elapsed time, and each stage's count.
struct ProgressDisplay: Sendable {
    let statistics: RunStatistics
    var interval: Duration = .milliseconds(200)

    func run() async {
        while !Task.isCancelled {
            draw()
            try? await Task.sleep(for: interval)
        }
    }

    /// Erases the progress line.
    func clear() {
        Terminal.write("\r\u{1B}[K", to: .standardError)
    }

    private func draw() {
        let stages = statistics.snapshot()
        let seconds = max(Double(statistics.elapsed.components.seconds) + Double(statistics.elapsed.components.attoseconds) / 1e18, 0.001)
        let done = statistics.documentsDone
        let failed = stages.reduce(0) { $0 + $1.failed }
        var line = "\(Format.count(done)) docs · \(Format.count(Int(Double(done) / seconds)))/s"
        if failed > 0 { line += " · \(Format.count(failed)) failed" }
        line += " · \(Format.clock(seconds))  │ "
        line += stages.map { "\($0.id) \(Format.count($0.out))" }.joined(separator: " → ")
        let width = Terminal.columns - 1
        if line.count > width { line = String(line.prefix(width)) }
        Terminal.write("\r\u{1B}[K" + line, to: .standardError)
    }
}
