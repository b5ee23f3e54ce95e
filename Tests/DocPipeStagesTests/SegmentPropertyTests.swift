import DocPipe
import DocPipeStages
import Testing

/// A small seeded generator (SegmentRandom), so that every run checks the same cases.
struct SegmentRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Segment: properties over random text")
struct SegmentPropertyTests {
    /// Pieces random texts are made of: Han, punctuation, digits, line breaks, astral characters,
    /// combining marks, Latin, heading starts and abbreviations.
    static let pieces: [String] = [
        "的", "人", "才", "合", "作", "东", "盟", "一", "二", "十", "第", "章", "条", "节", "编", "亿", "元", "𠀀", "𪚥",
        "。", "！", "？", "!", "?", ".", "…", "……", "...", "；", ";", "，", ",", "、", "：", ":", "《", "》", "“", "”",
        "（", "）", "(", ")", "「", "」", "】", "〕", "\"", "'", "0", "1", "2", "5", "9", "1.5", "3.14",
        "\n", "\n", "\n", "\n\n", "\r\n", "\u{2029}", " ", " ", "\u{3000}", "\t", "\u{200B}", "\u{FEFF}",
        "\u{301}", "\u{308}", "e\u{301}", "a", "b", "Z", "The", "word", "I", "e.g.", "Dr.", "U.S.", "etc.", "Ph.D.",
        "\n一、", "\n（一）", "\n(二)", "\n1.", "\n2、", "\n(1)", "\n（3）", "\n第三条", "\n第一章", "\n# ", "\n## ",
        "\n1. Intro", "\n2.3 Methods", "\n```", "&amp;", "#", "~~~",
    ]

    static func randomText(_ rng: inout SegmentRandom) -> String {
        let length = Int.random(in: 0...80, using: &rng)
        var text = ""
        for _ in 0..<length {
            text += pieces.randomElement(using: &rng)!
        }
        return text
    }

    @Test("all invariants hold on 3000 random texts", arguments: [UInt64(1), 2, 3])
    func invariants(seed: UInt64) {
        var rng = SegmentRandom(seed: seed)
        for _ in 0..<1000 {
            let text = Self.randomText(&rng)
            let segments = Segmenter(levels: .all).segments(of: text)
            let problems = Self.check(segments, text: text, minChars: 0)
            if !problems.isEmpty {
                Issue.record("\(problems.joined(separator: "; ")) in \(text.debugDescription)")
                return
            }
            // Other levels and min_chars: the same segments of the kinds asked for, with the same ids.
            let minChars = Int.random(in: 0...6, using: &rng)
            var levels: SegmentLevels = []
            for level in [SegmentLevels.section, .paragraph, .sentence, .clause] where Bool.random(using: &rng) {
                levels.insert(level)
            }
            let full = Segmenter(levels: .all, minChars: minChars).segments(of: text)
            let fullProblems = Self.check(full, text: text, minChars: minChars)
            if !fullProblems.isEmpty {
                Issue.record(
                    "min_chars \(minChars): \(fullProblems.joined(separator: "; ")) in \(text.debugDescription)")
                return
            }
            let partial = Segmenter(levels: levels, minChars: minChars).segments(of: text)
            let kinds = Set(levels.kinds)
            let expected = full.filter { kinds.contains($0.kind) }.map { [$0.id, "\($0.start)", "\($0.end)"] }
            if partial.map({ [$0.id, "\($0.start)", "\($0.end)"] }) != expected {
                Issue.record("levels \(levels.kinds) differ from the full run in \(text.debugDescription)")
                return
            }
            let ids = Set(partial.map(\.id))
            if let orphan = partial.first(where: { $0.parent != nil && !ids.contains($0.parent!) }) {
                Issue.record("\(orphan.id) has a parent that was not produced in \(text.debugDescription)")
                return
            }
        }
    }

    /// Every invariant of a full (all levels) segmentation; returns the problems found.
    static func check(_ segments: [Segment], text: String, minChars: Int) -> [String] {
        let scalars = Array(text.unicodeScalars).map(\.value)
        let n = scalars.count
        func isSpace(_ u: UInt32) -> Bool {
            Unicode.Scalar(u)!.properties.isWhitespace || u == 0x200B || u == 0xFEFF
        }
        func isBreak(_ u: UInt32) -> Bool { (u >= 0x0A && u <= 0x0D) || u == 0x85 || u == 0x2028 || u == 0x2029 }
        var problems: [String] = []
        var byID: [String: Segment] = [:]
        for segment in segments {
            if byID[segment.id] != nil { problems.append("duplicate id \(segment.id)") }
            guard segment.start >= 0, segment.start < segment.end, segment.end <= n else {
                problems.append("\(segment.id) has a bad span \(segment.start)..<\(segment.end)")
                continue
            }
            if isSpace(scalars[segment.start]) || isSpace(scalars[segment.end - 1]) {
                problems.append("\(segment.id) is not trimmed")
            }
            if let parentID = segment.parent {
                guard let parent = byID[parentID] else {
                    problems.append("\(segment.id): parent \(parentID) missing or later")
                    continue
                }
                if parent.start > segment.start || parent.end < segment.end {
                    problems.append("\(segment.id) is not inside its parent \(parentID)")
                }
                let expectedParentKind: [SegmentKind: SegmentKind] = [
                    .clause: .sentence, .sentence: .paragraph, .paragraph: .section, .section: .section,
                ]
                if expectedParentKind[segment.kind] != parent.kind {
                    problems.append("\(segment.id) (\(segment.kind)) has a \(parent.kind) parent")
                }
                if !segment.id.hasPrefix(parentID + ".") && segment.kind != .paragraph {
                    problems.append("\(segment.id) is not named after its parent \(parentID)")
                }
            } else if segment.kind == .sentence || segment.kind == .clause {
                problems.append("\(segment.id) has no parent")
            }
            byID[segment.id] = segment
        }
        guard problems.isEmpty else { return problems }

        let sections = segments.filter { $0.kind == .section }
        let paragraphs = segments.filter { $0.kind == .paragraph }
        // Headings are the text at the start of their section.
        var covered = [Int](repeating: 0, count: n)
        for section in sections {
            guard let heading = section.heading else {
                problems.append("\(section.id) has no heading")
                continue
            }
            let length = heading.unicodeScalars.count
            if section.start + length > section.end
                || Array(heading.unicodeScalars.map(\.value)) != Array(scalars[section.start..<section.start + length])
            {
                problems.append("\(section.id) heading does not match its text")
                continue
            }
            for k in section.start..<section.start + length { covered[k] += 1 }
        }
        // Sibling sections do not overlap.
        var lastEndByParent: [String: Int] = [:]
        for section in sections {
            let key = section.parent ?? ""
            if let last = lastEndByParent[key], last > section.start {
                problems.append("\(section.id) overlaps a sibling")
            }
            lastEndByParent[key] = section.end
        }
        // Paragraphs: one line each, in order, after the first heading inside their innermost section.
        let firstHeading = sections.first?.start ?? Int.max
        var previousEnd = 0
        for paragraph in paragraphs {
            if paragraph.start < previousEnd { problems.append("\(paragraph.id) overlaps the previous paragraph") }
            previousEnd = paragraph.end
            if scalars[paragraph.start..<paragraph.end].contains(where: isBreak) {
                problems.append("\(paragraph.id) spans lines")
            }
            for k in paragraph.start..<paragraph.end { covered[k] += 1 }
            let containing = sections.filter { $0.start <= paragraph.start && paragraph.end <= $0.end }
            let innermost = containing.max { $0.id.split(separator: ".").count < $1.id.split(separator: ".").count }
            if paragraph.start > firstHeading {
                if innermost == nil { problems.append("\(paragraph.id) after the first heading is in no section") }
                if paragraph.parent != innermost?.id {
                    problems.append("\(paragraph.id) is not in its innermost section")
                }
            } else if paragraph.parent != nil {
                problems.append("\(paragraph.id) before the first heading has a section")
            }
        }
        // Every non-space character is in exactly one heading or paragraph.
        for k in 0..<n where !isSpace(scalars[k]) && covered[k] != 1 {
            problems.append("offset \(k) is covered \(covered[k]) times by headings and paragraphs")
            break
        }
        // Sentences tile their paragraph and clauses tile their sentence.
        func tiles(_ kind: SegmentKind, parentKind: SegmentKind) {
            var children: [String: [Segment]] = [:]
            for segment in segments where segment.kind == kind {
                children[segment.parent!, default: []].append(segment)
            }
            for parent in segments where parent.kind == parentKind {
                let parts = children[parent.id] ?? []
                if parts.isEmpty {
                    if minChars == 0 { problems.append("\(parent.id) has no \(kind)") }
                    continue
                }
                var cursor = parent.start
                for part in parts {
                    if part.start < cursor { problems.append("\(part.id) overlaps") }
                    if scalars[cursor..<max(cursor, part.start)].contains(where: { !isSpace($0) }) {
                        problems.append("text before \(part.id) is in no \(kind)")
                    }
                    if part.end - part.start < minChars { problems.append("\(part.id) is shorter than \(minChars)") }
                    cursor = part.end
                }
                if cursor != parent.end { problems.append("the last \(kind) of \(parent.id) does not reach its end") }
            }
        }
        tiles(.sentence, parentKind: .paragraph)
        tiles(.clause, parentKind: .sentence)
        return problems
    }

    @Test("the invariant checker catches broken segmentations")
    func checkerCatches() {
        let text = "前言。\n一、标题\n第一句；第二句。第三句。"
        let good = Segmenter(levels: .all).segments(of: text)
        #expect(Self.check(good, text: text, minChars: 0).isEmpty)
        #expect(good.count > 8)
        for index in good.indices {
            var shifted = good
            shifted[index].end += 1
            #expect(!Self.check(shifted, text: text, minChars: 0).isEmpty, "end+1 of \(good[index].id)")
            var moved = good
            moved[index].start -= 1
            #expect(!Self.check(moved, text: text, minChars: 0).isEmpty, "start-1 of \(good[index].id)")
            var dropped = good
            dropped.remove(at: index)
            #expect(!Self.check(dropped, text: text, minChars: 0).isEmpty, "without \(good[index].id)")
        }
        var orphan = good
        orphan[orphan.count - 1].parent = "nope"
        #expect(!Self.check(orphan, text: text, minChars: 0).isEmpty)
    }

    @Test("random texts exercise every kind of segment")
    func generatorCoverage() {
        var rng = SegmentRandom(seed: 1)
        var counts: [SegmentKind: Int] = [:]
        var nested = 0
        for _ in 0..<300 {
            let segments = Segmenter(levels: .all).segments(of: Self.randomText(&rng))
            for segment in segments { counts[segment.kind, default: 0] += 1 }
            nested += segments.filter { $0.kind == .section && $0.parent != nil }.count
        }
        #expect(counts[.section, default: 0] > 100)
        #expect(nested > 20)
        #expect(counts[.clause, default: 0] > counts[.sentence, default: 0])
        #expect(counts[.sentence, default: 0] > counts[.paragraph, default: 0])
    }

    @Test(
        "degenerate inputs do not crash",
        arguments: [
            "", "\n", "。", "《", "》", "《《《", "……", "...", ".", "!?", "；", "#", "一、", "（", "(1", "第", "第一", "1.", "1",
            "\u{301}", "𠀀", "\u{FEFF}", "\r", "```\n# x", "e.g.", "U.S.", "A.", "&;", "&amp;",
        ])
    func degenerate(_ text: String) {
        let segments = Segmenter(levels: .all, minChars: 2).segments(of: text)
        #expect(Self.check(segments, text: text, minChars: 2).isEmpty)
        #expect(Self.check(Segmenter(levels: .all).segments(of: text), text: text, minChars: 0).isEmpty)
    }
}
