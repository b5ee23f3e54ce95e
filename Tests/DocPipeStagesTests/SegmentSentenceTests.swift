import DocPipe
import DocPipeStages
import Testing

@Suite("Segment: sentences and clauses")
struct SegmentSentenceTests {
    static func sentences(_ text: String, minChars: Int = 0) -> [String] {
        SegmentTestSupport.texts(Segmenter(levels: .all, minChars: minChars).segments(of: text), .sentence, in: text)
    }

    static func clauses(_ text: String, minChars: Int = 0) -> [String] {
        SegmentTestSupport.texts(Segmenter(levels: .all, minChars: minChars).segments(of: text), .clause, in: text)
    }

    @Test(
        "Chinese sentences end after 。！？ runs, with closers kept",
        arguments: [
            ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
            ("真的吗？！太好了！！", ["真的吗？！", "太好了！！"]),
            ("他说：“走吧！”我们就走了。", ["他说：“走吧！”", "我们就走了。"]),
            ("（见附件。）下一句。", ["（见附件。）", "下一句。"]),
            ("他回答「好的。」』之后离开】。", ["他回答「好的。」』", "之后离开】。"]),
            ("你好!我是小明?是的。", ["你好!", "我是小明?", "是的。"]),
            ("第一句。  第二句。", ["第一句。", "第二句。"]),
            ("没有标点的段落", ["没有标点的段落"]),
            ("要点如下：一，二，三", ["要点如下：一，二，三"]),
        ])
    func chinese(_ text: String, _ expected: [String]) {
        #expect(Self.sentences(text) == expected)
    }

    @Test(
        "never inside 《…》, even nested or with quotes",
        arguments: [
            ("他阅读了《关于。测试！的通知》一文。之后离开。", ["他阅读了《关于。测试！的通知》一文。", "之后离开。"]),
            ("参见《规定《细则。》解读》。完。", ["参见《规定《细则。》解读》。", "完。"]),
            ("承担《“一带一路”框架下。项目》课题。", ["承担《“一带一路”框架下。项目》课题。"]),
            // An unclosed 《 is ordinary text.
            ("书名号《未闭合。下一句。", ["书名号《未闭合。", "下一句。"]),
        ])
    func bookTitles(_ text: String, _ expected: [String]) {
        #expect(Self.sentences(text) == expected)
    }

    @Test(
        "…… ends a sentence only before a closer or at the end of the paragraph",
        arguments: [
            ("他说……我们走吧。", ["他说……我们走吧。"]),
            ("他说：“我想……”然后走了。", ["他说：“我想……”", "然后走了。"]),
            ("事情还没有结束……", ["事情还没有结束……"]),
            ("等等……。然后呢？", ["等等……。", "然后呢？"]),
            ("各地要……\n下一段", ["各地要……", "下一段"]),
        ])
    func chineseEllipsis(_ text: String, _ expected: [String]) {
        #expect(Self.sentences(text) == expected)
    }

    @Test(
        "never at decimals or list numbers",
        arguments: [
            ("增长1.5个百分点。总额达3.14亿元。", ["增长1.5个百分点。", "总额达3.14亿元。"]),
            ("Prices rose 3.5 percent. Wages fell.", ["Prices rose 3.5 percent.", "Wages fell."]),
            ("Version 2.3.1 is out. Update now.", ["Version 2.3.1 is out.", "Update now."]),
            ("1. Buy milk. 2. Sell bread.", ["1. Buy milk.", "2. Sell bread."]),
            ("a. First item. b. Second item.", ["a. First item.", "b. Second item."]),
            ("IV. Results are good. They hold.", ["IV. Results are good.", "They hold."]),
            ("It happened in 2023. Then it stopped.", ["It happened in 2023.", "Then it stopped."]),
            ("我们走了.他们来了。", ["我们走了.", "他们来了。"]),
            ("访问www.gov.cn获取。", ["访问www.gov.cn获取。"]),
        ])
    func numbers(_ text: String, _ expected: [String]) {
        #expect(Self.sentences(text) == expected)
    }

    @Test(
        "Latin abbreviations, initials and ellipses",
        arguments: [
            ("Use tools, e.g. hammers. Then stop.", ["Use tools, e.g. hammers.", "Then stop."]),
            ("Use tools, i.e. Hammers. Then stop.", ["Use tools, i.e. Hammers.", "Then stop."]),
            (
                "Dr. Smith met Mr. Jones in the U.S. Capitol. They talked.",
                ["Dr. Smith met Mr. Jones in the U.S. Capitol.", "They talked."]
            ),
            ("Apples, pears, etc. Then we left.", ["Apples, pears, etc.", "Then we left."]),
            ("Apples, etc. and more.", ["Apples, etc. and more."]),
            ("J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.", "It sold."]),
            ("So did I. Then we left.", ["So did I.", "Then we left."]),
            ("See Fig. 3 and No. 5 below. Done.", ["See Fig. 3 and No. 5 below.", "Done."]),
            ("I said no. Then he left.", ["I said no.", "Then he left."]),
            ("He got a Ph.D. in 1990. He left.", ["He got a Ph.D. in 1990.", "He left."]),
            ("Meet at 5 p.m. tomorrow. Bye.", ["Meet at 5 p.m. tomorrow.", "Bye."]),
            (
                "Wait... what happened? Nothing... Then he left.",
                ["Wait... what happened?", "Nothing...", "Then he left."]
            ),
            ("He paused… and went on. Done.", ["He paused… and went on.", "Done."]),
            ("He said \"Stop.\" Then he left.", ["He said \"Stop.\"", "Then he left."]),
            ("(See above.) Next one.", ["(See above.)", "Next one."]),
            ("\"Help!\" she cried. Nobody came!", ["\"Help!\" she cried.", "Nobody came!"]),
            ("Open a.php?id=1 now. Done.", ["Open a.php?id=1 now.", "Done."]),
            ("Email me at a.b@example.com. Thanks.", ["Email me at a.b@example.com.", "Thanks."]),
            ("the end of sentence. lower case goes on.", ["the end of sentence. lower case goes on."]),
            ("It may be false.[8] Thus, check.[9][a] Done.", ["It may be false.[8]", "Thus, check.[9][a]", "Done."]),
            ("See list[2]. Then go.", ["See list[2].", "Then go."]),
        ])
    func latin(_ text: String, _ expected: [String]) {
        #expect(Self.sentences(text) == expected)
    }

    @Test("clauses split at ；; and are children of their sentence")
    func clauses() {
        let text = "一是加强合作；二是深化创新；三是加大力度。没有分号的句子。"
        #expect(Self.clauses(text) == ["一是加强合作；", "二是深化创新；", "三是加大力度。", "没有分号的句子。"])
        let segments = Segmenter(levels: .all).segments(of: text)
        #expect(segments.filter { $0.kind == .clause }.map(\.parent) == ["p1.s1", "p1.s1", "p1.s1", "p1.s2"])
        #expect(segments.filter { $0.kind == .clause }.map(\.id) == ["p1.s1.c1", "p1.s1.c2", "p1.s1.c3", "p1.s2.c1"])
        #expect(Self.clauses("一是;二是;三是。") == ["一是;", "二是;", "三是。"])
        #expect(
            Self.clauses("first; second. Tom &amp; Jerry; both.") == ["first;", "second.", "Tom &amp; Jerry;", "both."])
        #expect(Self.clauses("参见《甲；乙》一文；完。") == ["参见《甲；乙》一文；", "完。"])
        #expect(Self.clauses("结尾是分号；") == ["结尾是分号；"])
        #expect(Self.clauses("x=1;y=2") == ["x=1;y=2"])
    }

    @Test("offsets are code points: astral characters and combining marks count once each")
    func codePointOffsets() {
        let text = "𠀀𠀀。e\u{301}你好。"
        let sentences = Segmenter(levels: [.sentence]).segments(of: text)
        #expect(sentences.map { [$0.start, $0.end] } == [[0, 3], [3, 8]])
        #expect(Self.sentences(text) == ["𠀀𠀀。", "e\u{301}你好。"])
    }

    @Test("paragraphs are the non-empty lines, CRLF and separators included")
    func paragraphs() {
        let text = "第一段。\r\n\r\n第二段。\u{2029}第三段。\n   \n\t第四段\t"
        let segments = Segmenter(levels: [.paragraph]).segments(of: text)
        #expect(SegmentTestSupport.texts(segments, .paragraph, in: text) == ["第一段。", "第二段。", "第三段。", "第四段"])
        #expect(segments.map(\.id) == ["p1", "p2", "p3", "p4"])
        #expect(Segmenter().segments(of: "").isEmpty)
        #expect(Segmenter().segments(of: " \n\n\u{3000}\n").isEmpty)
    }

    @Test("min_chars merges short sentences into a neighbour and drops what stays too short")
    func minChars() {
        #expect(Self.sentences("好。这是一个很长的句子。对。", minChars: 4) == ["好。这是一个很长的句子。对。"])
        #expect(Self.sentences("第一个长句子。好。第二个长句子。", minChars: 4) == ["第一个长句子。好。", "第二个长句子。"])
        #expect(Self.sentences("好。对。\n这一段足够长了。", minChars: 6) == ["这一段足够长了。"])
        #expect(Self.clauses("甲；乙丙丁戊己；庚。", minChars: 3) == ["甲；乙丙丁戊己；庚。"])
        #expect(Self.clauses("甲乙丙；丁戊己；庚。", minChars: 3) == ["甲乙丙；", "丁戊己；庚。"])
        let segments = Segmenter(levels: .all, minChars: 6).segments(of: "好。对。")
        #expect(segments.map(\.kind) == [.paragraph])  // the paragraph stays
    }

    @Test("levels choose the kinds; parents skip levels that are left out")
    func levels() {
        let text = "一、标题\n甲；乙。"
        let clausesOnly = Segmenter(levels: [.clause]).segments(of: text)
        #expect(clausesOnly.map(\.id) == ["p1.s1.c1", "p1.s1.c2"])
        #expect(clausesOnly.allSatisfy { $0.parent == nil })
        let sectionsAndClauses = Segmenter(levels: [.section, .clause]).segments(of: text)
        #expect(sectionsAndClauses.map(\.id) == ["s1", "p1.s1.c1", "p1.s1.c2"])
        #expect(sectionsAndClauses.dropFirst().allSatisfy { $0.parent == "s1" })
        let standard = Segmenter().segments(of: text)
        #expect(standard.map(\.kind) == [.section, .paragraph, .sentence])
    }
}
