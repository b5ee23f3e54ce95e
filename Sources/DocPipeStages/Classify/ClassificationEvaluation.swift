public import DocPipe

/// One labelled unit of a gold file: a text and the themes it has (empty: no theme).
public struct GoldUnit: Sendable, Equatable {
    /// The unit's text, classified as one unit.
    public var text: String
    /// The gold theme keys; empty when the unit has no theme.
    public var themes: [String]

    public init(text: String, themes: [String]) {
        self.text = text
        self.themes = themes
    }

    /// Parses one gold line, `{"text": "...", "themes": ["training", ...]}` (other keys are ignored).
    /// - Throws: ``GoldFileError`` naming what is wrong (without a line number; the caller adds it).
    public init(jsonLine: String) throws(GoldFileError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(jsonLine)
        } catch {
            throw GoldFileError(line: 0, message: "not JSON: \(error)")
        }
        guard let text = value["text"]?.stringValue else {
            throw GoldFileError(line: 0, message: "expected an object with a string 'text'")
        }
        guard let themes = value["themes"]?.arrayValue else {
            throw GoldFileError(line: 0, message: "expected 'themes', a list of theme keys (empty for no theme)")
        }
        var keys: [String] = []
        for theme in themes {
            guard let key = theme.stringValue else {
                throw GoldFileError(line: 0, message: "'themes' must hold strings, found a \(theme.typeName)")
            }
            if !keys.contains(key) { keys.append(key) }
        }
        self.init(text: text, themes: keys)
    }

    /// Parses a JSON Lines gold file; blank lines are skipped.
    /// - Throws: ``GoldFileError`` with the 1-based line number of the first bad line.
    public static func parseLines(_ text: String) throws(GoldFileError) -> [GoldUnit] {
        var units: [GoldUnit] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            do {
                units.append(try GoldUnit(jsonLine: String(line)))
            } catch {
                throw GoldFileError(line: number, message: error.message)
            }
        }
        return units
    }
}

/// A bad line in a gold or units file.
public struct GoldFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number (0 when not known).
    public var line: Int
    /// What is wrong with the line.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// Precision, recall, F1 and support of one theme, or an average over themes.
public struct ClassificationMetrics: Sendable, Equatable {
    /// TP / (TP + FP), 0 when nothing was predicted.
    public var precision: Double
    /// TP / (TP + FN), 0 when the gold has no such unit.
    public var recall: Double
    /// The harmonic mean of precision and recall.
    public var f1: Double
    /// How many gold units have the theme (for an average: the sum over themes).
    public var support: Int
    /// Units predicted with the theme that have it in the gold.
    public var truePositives: Int
    /// Units predicted with the theme that do not have it.
    public var falsePositives: Int
    /// Units with the theme in the gold that were not predicted with it.
    public var falseNegatives: Int

    /// Metrics from counts; a ratio with a zero denominator is 0.
    public init(truePositives: Int, falsePositives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        support = truePositives + falseNegatives
        precision =
            truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
        recall =
            truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }

    init(precision: Double, recall: Double, f1: Double, support: Int, tp: Int, fp: Int, fn: Int) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.support = support
        truePositives = tp
        falsePositives = fp
        falseNegatives = fn
    }

    /// `{"precision", "recall", "f1", "support"}` with numbers rounded to 4 decimals.
    public var json: JSONValue {
        .object([
            "precision": .double(Self.round(precision)), "recall": .double(Self.round(recall)),
            "f1": .double(Self.round(f1)), "support": .int(support),
        ])
    }

    static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

/// Per-theme and averaged scores of a classifier on gold units.
///
/// Each unit is classified as one unit with the taxonomy's rules; a theme is a true positive when
/// it is both predicted and in the gold list. "No theme" is not a class: a unit with an empty gold
/// list only contributes false positives. Micro averages pool the counts of all themes; macro
/// averages are the unweighted means of the per-theme precision, recall and F1.
public struct EvaluationReport: Sendable, Equatable {
    /// Per theme, in taxonomy order (then themes that only the gold file names).
    public var themes: [(theme: String, metrics: ClassificationMetrics)]
    /// Counts pooled over all themes.
    public var micro: ClassificationMetrics
    /// Unweighted means of the per-theme precision, recall and F1 (counts as in ``micro``).
    public var macro: ClassificationMetrics
    /// How many units were evaluated, and how many had no gold theme.
    public var units: Int
    public var unitsWithoutTheme: Int

    public static func == (lhs: EvaluationReport, rhs: EvaluationReport) -> Bool {
        lhs.themes.map(\.theme) == rhs.themes.map(\.theme) && lhs.themes.map(\.metrics) == rhs.themes.map(\.metrics)
            && lhs.micro == rhs.micro && lhs.macro == rhs.macro && lhs.units == rhs.units
    }

    /// Classifies every unit and scores the predictions.
    public init(classifier: Classifier, gold: [GoldUnit], top: Int = 3) {
        var keys = classifier.themeKeys
        for unit in gold { for theme in unit.themes where !keys.contains(theme) { keys.append(theme) } }
        var tp = [String: Int]()
        var fp = [String: Int]()
        var fn = [String: Int]()
        for unit in gold {
            let predicted = Set(classifier.classify(text: unit.text, top: top).map(\.theme))
            let truth = Set(unit.themes)
            for theme in predicted.intersection(truth) { tp[theme, default: 0] += 1 }
            for theme in predicted.subtracting(truth) { fp[theme, default: 0] += 1 }
            for theme in truth.subtracting(predicted) { fn[theme, default: 0] += 1 }
        }
        themes = keys.map { key in
            (
                key,
                ClassificationMetrics(
                    truePositives: tp[key] ?? 0, falsePositives: fp[key] ?? 0, falseNegatives: fn[key] ?? 0)
            )
        }
        micro = ClassificationMetrics(
            truePositives: tp.values.reduce(0, +), falsePositives: fp.values.reduce(0, +),
            falseNegatives: fn.values.reduce(0, +))
        let count = Double(max(keys.count, 1))
        macro = ClassificationMetrics(
            precision: themes.map(\.metrics.precision).reduce(0, +) / count,
            recall: themes.map(\.metrics.recall).reduce(0, +) / count,
            f1: themes.map(\.metrics.f1).reduce(0, +) / count,
            support: micro.support, tp: micro.truePositives, fp: micro.falsePositives, fn: micro.falseNegatives)
        units = gold.count
        unitsWithoutTheme = gold.filter(\.themes.isEmpty).count
    }

    /// `{"themes": {"training": {...}, ...}, "micro": {...}, "macro": {...}}`.
    public var json: JSONValue {
        .object([
            "themes": .object(JSONObject(themes.map { (key: $0.theme, value: $0.metrics.json) })),
            "micro": micro.json,
            "macro": macro.json,
        ])
    }

    /// A fixed-width table: one row per theme, then micro and macro.
    public var table: String {
        let width = max(8, themes.map(\.theme.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String {
            text + String(repeating: " ", count: max(0, count - text.count))
        }
        func number(_ value: Double) -> String {
            let scaled = Int((value * 1000).rounded())
            return "\(scaled / 1000).\(String(repeating: "0", count: 3 - String(scaled % 1000).count))\(scaled % 1000)"
        }
        func row(_ name: String, _ m: ClassificationMetrics) -> String {
            "\(pad(name, width))  \(pad(number(m.precision), 9))  \(pad(number(m.recall), 6))  \(pad(number(m.f1), 5))  \(m.support)\n"
        }
        var text = "\(pad("theme", width))  precision  recall  f1     support\n"
        for (theme, metrics) in themes { text += row(theme, metrics) }
        text += row("micro", micro)
        text += row("macro", macro)
        return text
    }
}
