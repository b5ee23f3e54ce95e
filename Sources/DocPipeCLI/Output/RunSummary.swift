import DocPipe

/// The end-of-run summary: the stage table, then documents and themes, then sink messages.
struct RunSummary {
    let report: RunReport

    func text(color: Bool) -> String {
        var text = "\n"
        let header = ["stage", "in", "out", "failed", "p50 ms", "p95 ms", "time"]
        var rows = [header]
        for stage in report.stages {
            rows.append([
                stage.id, Format.count(stage.in), Format.count(stage.out), Format.count(stage.failed),
                Format.milliseconds(stage.p50Milliseconds), Format.milliseconds(stage.p95Milliseconds),
                Format.duration(stage.busySeconds),
            ])
        }
        text += Self.table(rows)

        if !report.documentSummaries.isEmpty, report.documentSummaries.contains(where: { $0.title != nil || !$0.themes.isEmpty }) {
            text += "\ndocuments:\n"
            for document in report.documentSummaries {
                var line = "  \(document.title ?? document.id)"
                let details = [document.published.map { String($0.prefix(10)) }, document.docNumber].compactMap { $0 }
                if !details.isEmpty { line += " (" + details.joined(separator: ", ") + ")" }
                line += document.themes.isEmpty ? " — no theme" : " — " + document.themes.prefix(3).joined(separator: ", ")
                text += line + "\n"
            }
            if report.documents > report.documentSummaries.count {
                text += "  … and \(Format.count(report.documents - report.documentSummaries.count)) more\n"
            }
        }
        if !report.themes.isEmpty {
            text += "\nthemes:\n"
            text += Self.table(
                [["theme", "documents", "sections"]]
                    + report.themes.map { [$0.theme, Format.count($0.documents), Format.count($0.sections)] }, indent: "  ")
        }
        let failed = report.skipped + report.quarantined
        text += "\n\(Format.count(report.documents)) documents"
        if failed > 0 {
            text += ", \(Format.count(report.quarantined)) quarantined, \(Format.count(report.skipped)) skipped"
        }
        text += " in \(Format.duration(report.elapsedSeconds))\n"
        for message in report.messages { text += message + "\n" }
        return text
    }

    /// Rows as aligned columns: the first column left-aligned, numbers right-aligned.
    static func table(_ rows: [[String]], indent: String = "") -> String {
        guard let columns = rows.first?.count else { return "" }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            var line = indent
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                line += column == 0 ? cell + padding : "  " + padding + cell
            }
            text += line + "\n"
        }
        return text
    }
}
