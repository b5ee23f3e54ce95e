import DocPipe
import DocPipeStages
import Testing

@Suite("Segment: headings and sections")
struct SegmentHeadingTests {
    struct Section: Equatable, CustomStringConvertible {
        var id: String
        var heading: String
        var parent: String?
        var description: String { "\(id) \(heading) ⊂ \(parent ?? "-")" }
    }

    static func sections(_ text: String) -> [Section] {
        Segmenter(levels: .all).segments(of: text).filter { $0.kind == .section }.map {
            Section(id: $0.id, heading: $0.heading ?? "", parent: $0.parent)
        }
    }

    static func paragraphs(_ text: String) -> [String] {
        SegmentTestSupport.texts(Segmenter(levels: .all).segments(of: text), .paragraph, in: text)
    }

    @Test("numbering of official documents nests 一、 > （一） > 1. > （1）")
    func officialNesting() {
        let text = """
            前言段落。
            一、总体要求
            （一）指导思想
            1.坚持稳中求进
            （1）加强协调
            (2)形成合力
            2.深化改革
            (二)基本原则
            二、重点任务
            正文。
            """
        #expect(
            Self.sections(text) == [
                Section(id: "s1", heading: "一、总体要求", parent: nil),
                Section(id: "s1.1", heading: "（一）指导思想", parent: "s1"),
                Section(id: "s1.1.1", heading: "1.坚持稳中求进", parent: "s1.1"),
                Section(id: "s1.1.1.1", heading: "（1）加强协调", parent: "s1.1.1"),
                Section(id: "s1.1.1.2", heading: "(2)形成合力", parent: "s1.1.1"),
                Section(id: "s1.1.2", heading: "2.深化改革", parent: "s1.1"),
                Section(id: "s1.2", heading: "(二)基本原则", parent: "s1"),
                Section(id: "s2", heading: "二、重点任务", parent: nil),
            ])
        let segments = Segmenter().segments(of: text)
        let byID = Dictionary(uniqueKeysWithValues: segments.map { ($0.id, $0) })
        // A section runs from its heading to the last text before the next heading of its level or higher.
        #expect(
            SegmentTestSupport.slice(text, byID["s1.1.1"]!.start, byID["s1.1.1"]!.end) == "1.坚持稳中求进\n（1）加强协调\n(2)形成合力")
        #expect(SegmentTestSupport.slice(text, byID["s1"]!.start, byID["s1"]!.end).hasSuffix("(二)基本原则"))
        #expect(SegmentTestSupport.slice(text, byID["s2"]!.start, byID["s2"]!.end) == "二、重点任务\n正文。")
        // Text before the first heading belongs to no section; headings are not paragraphs.
        #expect(byID["p1"]?.parent == nil)
        #expect(byID["p2"]?.parent == "s2")
        #expect(Self.paragraphs(text) == ["前言段落。", "正文。"])
    }

    @Test("an inline heading ends at its first 。 and the rest of the line is a paragraph")
    func inlineHeading() {
        let text = "（一）加强组织领导。各地要高度重视，切实加强领导。\n（二）强化保障！”经费到位。\n三、完善机制"
        #expect(Self.sections(text).map(\.heading) == ["（一）加强组织领导。", "（二）强化保障！”", "三、完善机制"])
        #expect(Self.paragraphs(text) == ["各地要高度重视，切实加强领导。", "经费到位。"])
        let segments = Segmenter().segments(of: text)
        #expect(segments.first { $0.kind == .paragraph }?.parent == "s1")
    }

    @Test(
        "numbers that are not headings",
        arguments: [
            "1.5亿元资金已经到位。", "2023年6月6日", "2016年起，持续举办。", "一是加强合作。", "十分重要。",
            "第一次会议召开。", "第00705号提案", "(以下简称人博会)", "1. 5个项目", "3.14 亿元", "#hashtag here",
            "1. the cat sat on the mat", "2. Buy milk and bread today.", "12345. Too long a number",
        ])
    func notHeadings(_ line: String) {
        #expect(Self.sections(line).isEmpty)
        #expect(Self.paragraphs(line) == [line])
    }

    @Test("regulations: 第X编 > 第X章 > 第X节 > 第X条; an article's label is its heading")
    func regulations() {
        let text = """
            第一章 总则
            第一条 为了规范管理，制定本办法。
            第二条本办法适用于全省。
            第二章 管理
            第一节 一般规定
            第三条 单位应当建立制度。
            （一）职责分工
            （二）责任落实
            第十条之一 补充规定。
            第二节 特别规定
            """
        #expect(
            Self.sections(text) == [
                Section(id: "s1", heading: "第一章 总则", parent: nil),
                Section(id: "s1.1", heading: "第一条", parent: "s1"),
                Section(id: "s1.2", heading: "第二条", parent: "s1"),
                Section(id: "s2", heading: "第二章 管理", parent: nil),
                Section(id: "s2.1", heading: "第一节 一般规定", parent: "s2"),
                Section(id: "s2.1.1", heading: "第三条", parent: "s2.1"),
                Section(id: "s2.1.1.1", heading: "（一）职责分工", parent: "s2.1.1"),
                Section(id: "s2.1.1.2", heading: "（二）责任落实", parent: "s2.1.1"),
                Section(id: "s2.1.2", heading: "第十条之一", parent: "s2.1"),
                Section(id: "s2.2", heading: "第二节 特别规定", parent: "s2"),
            ])
        #expect(Self.paragraphs(text) == ["为了规范管理，制定本办法。", "本办法适用于全省。", "单位应当建立制度。", "补充规定。"])
        #expect(Self.sections("第一编 总则\n第一章 一般规定").map(\.parent) == [nil, "s1"])
    }

    @Test("numbered lines ending in ； are list items (paragraphs), and so is the list's last item")
    func listItems() {
        let text = """
            第二十二条 有下列情形之一的，可以留置：
            （一）涉及案情重大、复杂的；
            （二）可能逃跑、自杀的；
            （三）可能有其他妨碍调查行为的。
            第二十三条 监察机关可以查询。
            （一）加强组织领导。各地要高度重视。
            （二）强化保障。
            1.明确职责；
            （1）分工；
            """
        #expect(Self.sections(text).map(\.heading) == ["第二十二条", "第二十三条", "（一）加强组织领导。", "（二）强化保障。"])
        #expect(
            Self.paragraphs(text) == [
                "有下列情形之一的，可以留置：", "（一）涉及案情重大、复杂的；", "（二）可能逃跑、自杀的；", "（三）可能有其他妨碍调查行为的。",
                "监察机关可以查询。", "各地要高度重视。", "1.明确职责；", "（1）分工；",
            ])
    }

    @Test("Markdown headings nest by their number of #; code fences hide headings")
    func markdown() {
        let text = """
            Preface text.

            # Title
            Intro.
            ## Background
            Text.
            ### Detail
            More.
            ## Methods
            ```
            # a comment in code
            ```
            #hashtag
            ####### seven is not a heading
            """
        #expect(
            Self.sections(text) == [
                Section(id: "s1", heading: "# Title", parent: nil),
                Section(id: "s1.1", heading: "## Background", parent: "s1"),
                Section(id: "s1.1.1", heading: "### Detail", parent: "s1.1"),
                Section(id: "s1.2", heading: "## Methods", parent: "s1"),
            ])
        #expect(Self.paragraphs(text).contains("# a comment in code"))
        #expect(Self.paragraphs(text).contains("####### seven is not a heading"))
    }

    @Test("numbered headings in Latin text: 1. Introduction, 2.3 Methods")
    func latinNumbered() {
        let text = """
            1. Introduction
            This paper segments text.
            2. Related Work
            2.1 Segmenters
            Some text.
            2.1.1 Rule-based segmenters
            2.2. Tokenizers
            3) not a heading
            3 Results
            3. Results
            The end.
            """
        #expect(
            Self.sections(text) == [
                Section(id: "s1", heading: "1. Introduction", parent: nil),
                Section(id: "s2", heading: "2. Related Work", parent: nil),
                Section(id: "s2.1", heading: "2.1 Segmenters", parent: "s2"),
                Section(id: "s2.1.1", heading: "2.1.1 Rule-based segmenters", parent: "s2.1"),
                Section(id: "s2.2", heading: "2.2. Tokenizers", parent: "s2"),
                Section(id: "s3", heading: "3. Results", parent: nil),
            ])
        #expect(Self.sections("1.2 项目管理\n1.5 亿元").map(\.heading) == ["1.2 项目管理"])
        #expect(
            Self.sections("(1) Scope\n(2) the rest is a numbered sentence.\n(3) Also not one.").map(\.heading) == [
                "(1) Scope"
            ])
    }

    @Test("a heading longer than the limit is an enumerated paragraph")
    func longHeading() {
        let long = "一、" + String(repeating: "很长的标题", count: 20)
        #expect(Self.sections(long).isEmpty)
        #expect(Self.paragraphs(long) == [long])
    }

    @Test("section spans are trimmed and a heading equals the start of its section")
    func headingMatchesSpan() {
        let text = "  \n\u{3000}一、总体要求  \n\n  正文。  \n\n"
        let segments = Segmenter().segments(of: text)
        let section = segments[0]
        #expect(section.kind == .section)
        #expect(section.heading == "一、总体要求")
        #expect(SegmentTestSupport.slice(text, section.start, section.end) == "一、总体要求  \n\n  正文。")
        #expect(SegmentTestSupport.texts(segments, .paragraph, in: text) == ["正文。"])
    }

    @Test("when sections are not produced, headings are still not paragraphs and ids do not change")
    func withoutSections() {
        let text = "前言\n一、总体要求\n正文。"
        let segments = Segmenter(levels: [.paragraph]).segments(of: text)
        #expect(segments.map(\.id) == ["p1", "p2"])
        #expect(segments.allSatisfy { $0.parent == nil })
    }
}
