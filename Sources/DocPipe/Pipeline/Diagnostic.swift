/// One problem in a file, positioned by line and column.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var mark: SourceMark
    public var message: String

    public init(file: String, mark: SourceMark, message: String) {
        self.file = file
        self.mark = mark
        self.message = message
    }

    /// `file:line:col: error: message`.
    public var description: String { "\(file):\(mark.line):\(mark.column): error: \(message)" }

    /// The diagnostic, then the source line and a caret under the column (wide characters count
    /// two cells, tabs are kept so the caret lines up).
    public func rendered(source: String?, color: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let red = color ? "\u{1B}[1;31m" : ""
        let green = color ? "\u{1B}[1;32m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var text = "\(bold)\(file):\(mark.line):\(mark.column): \(red)error:\(reset)\(bold) \(message)\(reset)"
        guard let source, let line = Self.line(mark.line, of: source) else { return text }
        var caretPrefix = ""
        for (index, character) in line.enumerated() where index < mark.column - 1 {
            if character == "\t" {
                caretPrefix += "\t"
            } else {
                caretPrefix += String(repeating: " ", count: Self.displayWidth(character))
            }
        }
        text += "\n\(line)\n\(caretPrefix)\(green)^\(reset)"
        return text
    }

    static func line(_ number: Int, of source: String) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var start = source.startIndex
        var index = source.startIndex
        while index < source.endIndex {
            if source[index] == "\n" || source[index] == "\r\n" {
                if current == number { return source[start..<index] }
                current += 1
                start = source.index(after: index)
            }
            index = source.index(after: index)
        }
        return current == number ? source[start...] : nil
    }

    /// Terminal cells taken by `character`: two for East Asian wide and full-width characters.
    public static func cellWidth(of character: Character) -> Int { displayWidth(character) }

    static func displayWidth(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

/// A pipeline file that could not be loaded: every problem found, in file order.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// The file's text, to show source lines.
    public var source: String?
    /// The texts of other files that diagnostics point into (plugin manifests), by file name.
    public var sources: [String: String]

    public init(diagnostics: [Diagnostic], source: String?, sources: [String: String] = [:]) {
        self.diagnostics = diagnostics
        self.source = source
        self.sources = sources
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    /// Every diagnostic with its source line and caret, and a count at the end.
    public func rendered(color: Bool = false) -> String {
        let count = diagnostics.count
        let body = diagnostics.map { $0.rendered(source: sources[$0.file] ?? source, color: color) }.joined(separator: "\n")
        return body + "\n\(count) error\(count == 1 ? "" : "s")"
    }
}

extension PipelineError {
    /// Reads a source file (a pipeline, taxonomy or plugin manifest); a file that cannot be read
    /// becomes one diagnostic at 1:1 whose message `describe` makes from the failure.
    public static func readSource(
        _ path: String, describe: (FileSystem.Failure) -> String
    ) throws(PipelineError) -> String {
        do {
            return try FileSystem.readText(path)
        } catch {
            throw PipelineError(
                diagnostics: [Diagnostic(file: path, mark: SourceMark(line: 1, column: 1), message: describe(error))],
                source: nil)
        }
    }
}
