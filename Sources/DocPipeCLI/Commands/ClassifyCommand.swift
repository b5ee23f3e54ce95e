import ArgumentParser
import DocPipe
import DocPipeStages
import Foundation

/// `docpipe classify`: label one text, many units (`--jsonl`), or evaluate on gold units (`--gold`).
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Label text with themes from a taxonomy, with evidence; or evaluate a taxonomy on gold units.",
        discussion: """
            FILE (or - for standard input) is plain text: it is split into sections, paragraphs (lines) \
            and sentences as the segment stage does, and the units of --level are labelled. \
            --jsonl: each input line {"text": ...} is one unit; each output line, in input order, is \
            {"themes": [...], "scores": {...}}. --gold: each line {"text": ..., "themes": [...]} is \
            one unit; prints per-theme precision, recall, F1 and support, then micro and macro averages.
            """)

    @Argument(help: ArgumentHelp("A text file, or - for standard input.", valueName: "FILE|-"))
    var file: String?

    @Option(help: ArgumentHelp("Label many units: one JSON object with a 'text' per line.", valueName: "UNITS.jsonl"))
    var jsonl: String?

    @Option(
        help: ArgumentHelp(
            "Evaluate on gold units: {\"text\": ..., \"themes\": [...]} per line.", valueName: "GOLD.jsonl"))
    var gold: String?

    @Option(help: ArgumentHelp("The taxonomy YAML file.", valueName: "T"))
    var taxonomy: String

    @Option(help: ArgumentHelp("Units to label in FILE: section, paragraph, sentence or document.", valueName: "L"))
    var level: String = "paragraph"

    @Option(help: ArgumentHelp("The most labels per unit.", valueName: "N"))
    var top: Int = 3

    @Flag(help: "Print JSON: the labelled document (FILE), or the metrics object (--gold).")
    var json = false

    func validate() throws {
        let inputs = [file != nil, jsonl != nil, gold != nil].filter { $0 }.count
        guard inputs == 1 else {
            throw ValidationError("give exactly one of FILE, -, --jsonl UNITS.jsonl or --gold GOLD.jsonl")
        }
        guard ["section", "paragraph", "sentence", "document"].contains(level) else {
            throw ValidationError("--level must be section, paragraph, sentence or document, found '\(level)'")
        }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() async throws {
        let classifier: Classifier
        do {
            classifier = Classifier(taxonomy: try Taxonomy.load(path: taxonomy))
        } catch {
            Terminal.write(error.rendered(color: Terminal.colorOnStandardError) + "\n", to: .standardError)
            throw ExitCode(2)
        }
        if let gold {
            let units: [GoldUnit]
            do {
                units = try GoldUnit.parseLines(try Self.readInput(gold))
            } catch let error as GoldFileError {
                Terminal.write("error: \(gold):\(error.line): \(error.message)\n", to: .standardError)
                throw ExitCode(2)
            }
            let report = EvaluationReport(classifier: classifier, gold: units, top: top)
            Terminal.write(
                json ? JSONWriter(pretty: true).string(report.json) + "\n" : report.table, to: .standardOutput)
        } else if let jsonl {
            try labelLines(try Self.readInput(jsonl), path: jsonl, classifier: classifier)
        } else if let file {
            let text = try Self.readInput(file)
            let uri = file == "-" ? "stdin:" : "file://" + FileSystem.absolute(file)
            var document = Document(uri: uri, text: text)
            let kind: SegmentKind? = level == "document" ? nil : SegmentKind(rawValue: level)
            if kind != nil { document.segments = Segmenter(levels: .standard).segments(of: text) }
            document = ClassifyStage(classifier: classifier, level: kind, top: top).label(document)
            Terminal.write(
                json ? JSONWriter(pretty: true).string(document.json) + "\n" : Self.describe(document),
                to: .standardOutput)
        }
    }

    /// Labels each JSON line as one unit and prints `{"themes": [...], "scores": {...}}` per line.
    private func labelLines(_ text: String, path: String, classifier: Classifier) throws {
        var out: [UInt8] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            guard let value = try? JSONParser.parse(String(line)), let unit = value["text"]?.stringValue else {
                Terminal.write(String(decoding: out, as: UTF8.self), to: .standardOutput)
                Terminal.write(
                    "error: \(path):\(number): expected a JSON object with a string 'text'\n", to: .standardError)
                throw ExitCode(2)
            }
            let result = classifier.analyze(text: unit, top: top)
            let record: JSONValue = .object([
                "themes": .array(result.themes.map { .string($0.theme) }),
                "scores": .object(JSONObject(result.scores.map { (key: $0.theme, value: .double($0.score)) })),
            ])
            JSONWriter().write(record, into: &out)
            out.append(0x0A)
            if out.count > 1 << 16 {
                Terminal.write(String(decoding: out, as: UTF8.self), to: .standardOutput)
                out.removeAll(keepingCapacity: true)
            }
        }
        Terminal.write(String(decoding: out, as: UTF8.self), to: .standardOutput)
    }

    /// The labelled units, one block each, then the document-level labels.
    static func describe(_ document: Document) -> String {
        let scalars = Array(document.text.unicodeScalars)
        func slice(_ start: Int, _ end: Int) -> String {
            String(String.UnicodeScalarView(scalars[max(0, start)..<min(scalars.count, end)]))
        }
        func score(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
        var text = ""
        let segments = Dictionary(document.segments.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var lastSegment: String?
        for label in document.labels {
            if label.segment != lastSegment {
                lastSegment = label.segment
                if let id = label.segment, let segment = segments[id] {
                    var excerpt = slice(segment.start, segment.end)
                    if excerpt.count > 60 { excerpt = String(excerpt.prefix(60)) + "…" }
                    text += "\n\(segment.kind) \(id) [\(segment.start)–\(segment.end)] \(excerpt)\n"
                } else {
                    text += "\ndocument\n"
                }
            }
            let evidence = label.evidence.prefix(12).map { "\($0.phrase)@\($0.start)–\($0.end)" }.joined(separator: " ")
            let more = label.evidence.count > 12 ? " … (\(label.evidence.count) in all)" : ""
            text += "  \(label.theme) \(score(label.score)): \(evidence)\(more)\n"
        }
        if document.labels.isEmpty { text = "no theme\n" }
        return text.hasPrefix("\n") ? String(text.dropFirst()) : text
    }

    /// The text of a file, or of standard input for `-`.
    static func readInput(_ path: String) throws -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return String(decoding: data, as: UTF8.self)
        }
        do {
            return try FileSystem.readText(path)
        } catch {
            Terminal.write("error: cannot read '\(path)': \(error)\n", to: .standardError)
            throw ExitCode(2)
        }
    }
}
