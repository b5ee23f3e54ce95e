/// Labelled metadata lines of Chinese pages (`发布时间：…  来源：…`) parsed into fields.
enum MetadataLines {
    /// What a label's value becomes.
    enum Field: Sendable, Equatable {
        case published, source, author, docNumber, signed, issuer, ignored
    }

    /// Labels, longest first so that `发布时间` wins over `时间`.
    private static let labels: [(label: [Unicode.Scalar], field: Field, strong: Bool)] = {
        let table: [(String, Field, Bool)] = [
            ("发布时间", .published, true), ("发布日期", .published, true), ("发文日期", .published, true),
            ("发表时间", .published, true), ("印发日期", .published, true), ("公开日期", .published, true),
            ("更新时间", .ignored, true), ("信息来源", .source, true), ("文章来源", .source, true),
            ("稿件来源", .source, true), ("新闻来源", .source, true), ("责任编辑", .ignored, true),
            ("浏览次数", .ignored, true), ("访问次数", .ignored, true), ("阅读次数", .ignored, true),
            ("点击次数", .ignored, true), ("发文机关", .issuer, true), ("发布机构", .issuer, true),
            ("发文字号", .docNumber, true), ("成文日期", .signed, true), ("主题分类", .ignored, true),
            ("公文种类", .ignored, true), ("索引号", .ignored, true), ("点击数", .ignored, true),
            ("浏览量", .ignored, true), ("阅读量", .ignored, true), ("撰稿人", .author, true),
            ("来源", .source, true), ("作者", .author, true), ("撰稿", .author, true), ("记者", .author, false),
            ("编辑", .ignored, false), ("文号", .docNumber, false), ("时间", .published, false),
            ("日期", .published, false), ("分类", .ignored, false), ("字号", .ignored, false),
        ]
        return table.map { (Array($0.0.unicodeScalars), $0.1, $0.2) }.sorted { $0.label.count > $1.label.count }
    }()

    /// Parses `line` if it is a metadata line: it starts with a label and a colon (`weak` labels
    /// such as `时间` and `日期` count only when `allowWeak`).
    static func parse(_ line: String, allowWeak: Bool) -> [(field: Field, value: String)]? {
        // Most lines are too long or have no colon (":", or the last byte of "："): decided on the
        // bytes, without copying.
        guard line.utf8.count <= 4 * 160, line.utf8.contains(where: { $0 == 0x3A || $0 == 0x9A }) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard scalars.count <= 160 else { return nil }
        var start = 0
        while start < scalars.count, " •·●■▪◆-*【[|".unicodeScalars.contains(scalars[start]) { start += 1 }
        guard let first = match(scalars, at: start), first.strong || allowWeak else { return nil }
        var found: [(field: Field, labelStart: Int, valueStart: Int)] = [(first.field, start, first.valueStart)]
        var i = first.valueStart
        while i < scalars.count {
            if let next = match(scalars, at: i), next.strong || allowWeak {
                found.append((next.field, i, next.valueStart))
                i = next.valueStart
            } else {
                i += 1
            }
        }
        var result: [(field: Field, value: String)] = []
        for (index, item) in found.enumerated() {
            let end = index + 1 < found.count ? found[index + 1].labelStart : scalars.count
            var slice = scalars[item.valueStart..<max(item.valueStart, end)]
            while let last = slice.last, " 　|｜】]".unicodeScalars.contains(last) { slice = slice.dropLast() }
            while let head = slice.first, head == " " || head == "　" { slice = slice.dropFirst() }
            result.append((item.field, String(String.UnicodeScalarView(slice))))
        }
        return result
    }

    /// A label at `index` followed by optional spaces and a colon.
    private static func match(_ scalars: [Unicode.Scalar], at index: Int) -> (field: Field, strong: Bool, valueStart: Int)? {
        guard index < scalars.count else { return nil }
        let head = scalars[index]
        for entry in labels where entry.label[0] == head {
            let label = entry.label
            guard index + label.count <= scalars.count else { continue }
            var same = true
            for k in 1..<label.count where scalars[index + k] != label[k] {
                same = false
                break
            }
            guard same else { continue }
            var j = index + label.count
            while j < scalars.count && (scalars[j] == " " || scalars[j] == "　") { j += 1 }
            guard j < scalars.count, scalars[j] == "：" || scalars[j] == ":" else { continue }
            // A label must not be the tail of a longer word (e.g. 信息来源 matched from 息来源).
            if index > 0 && TextNormalizer.isHan(scalars[index - 1]) { return nil }
            return (entry.field, entry.strong, j + 1)
        }
        return nil
    }
}
