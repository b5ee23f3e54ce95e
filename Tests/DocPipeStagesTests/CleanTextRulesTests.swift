@testable import DocPipeStages
import Testing

/// Normalization, dates, official-document elements, titles and spam.
@Suite("Clean: text rules")
struct CleanTextRulesTests {
    @Test("normalization as the notes prescribe, never NFKC")
    func normalization() {
        #expect(TextNormalizer.normalizeLine("人才\u{200B}培养") == "人才培养")
        #expect(TextNormalizer.normalizeLine("中国\u{3000}东盟") == "中国东盟")
        #expect(TextNormalizer.normalizeLine("a\u{00A0}\u{00A0}b  c ") == "a b c")
        #expect(TextNormalizer.normalizeLine("２０２３年ＡＢＣ，") == "2023年ABC，")
        #expect(TextNormalizer.normalizeLine("……㎡①") == "……㎡①")
        #expect(TextNormalizer.normalizeLine("\u{2F08}\u{2F2F}") == "人工")
        // NFC, compared scalar by scalar (String's == is canonical equivalence and would pass anyway).
        func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }
        #expect(scalars(TextNormalizer.normalizeLine("e\u{0301}")) == [0xE9])
        #expect(scalars(TextNormalizer.normalizeLine("কুষ্টি\u{09DF}া")) == scalars("কুষ্টি\u{09AF}\u{09BC}া"))
        #expect(scalars(TextNormalizer.normalizeLine("\u{0958} \u{212B} \u{F900}")) == [0x915, 0x93C, 0x20, 0xC5, 0x20, 0x8C48])
        #expect(scalars(TextNormalizer.normalizeLine("\u{1100}\u{1161}")) == [0xAC00])
        #expect(TextNormalizer.normalize("one\r\ntwo\r\n\r\n\rthree") == "one\ntwo\nthree")
        #expect(TextNormalizer.normalizeLine("\u{202E}bidi\u{00AD}") == "bidi")
    }

    @Test("the fast path keeps exactly the lines the rewrite would leave unchanged")
    func fastPathAgreesWithTheRewrite() {
        // Every character class the rewrite treats specially, next to plain Latin and Han text.
        let alphabet: [String] = [
            "a", "Z", "7", ".", " ", " ", "\t", "\u{1}", "\u{7F}", "\u{85}", "\u{A0}", "\u{AD}", "é", "e\u{301}",
            "\u{61C}", "\u{1100}", "\u{1680}", "\u{180E}", "\u{2003}", "\u{200B}", "\u{200D}", "\u{202F}",
            "\u{2060}", "\u{2067}", "\u{20D0}", "\u{2F00}", "\u{3000}", "\u{3099}", "\u{FEFF}", "０", "Ａ", "ｚ",
            "！", "中", "国", "，", "。", "𠀀", "😀", "—", "ä", "\u{9AF}\u{9BC}", "\u{9DF}", "\u{212B}", "\u{F900}",
            "\u{5D0}\u{5B8}", "ん",
        ]
        var generator = SegmentRandom(seed: 2026)
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 8)
            let line = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let rewritten = TextNormalizer.rewrite(line)
            #expect(TextNormalizer.normalizeLine(line).unicodeScalars.elementsEqual(rewritten.unicodeScalars),
                "line \(Array(line.unicodeScalars))")
            if TextNormalizer.isAlreadyNormal(line) {
                #expect(rewritten.unicodeScalars.elementsEqual(line.unicodeScalars), "fast path kept \(Array(line.unicodeScalars))")
            }
        }
        for line in ["", "abc", "中国—东盟", "e\u{301}𠀀😀ä", String(repeating: "人才", count: 500)] {
            #expect(line.scalarCount == line.unicodeScalars.count)
        }
        #expect(TextNormalizer.isAlreadyNormal("中国—东盟人才合作 2024 report, ok."))
        #expect(!TextNormalizer.isAlreadyNormal("中 国"))
    }

    @Test("published dates become local ISO times", arguments: [
        ("2023-06-15 18:40:00", "2023-06-15T18:40:00"), ("2019-05-03T10:00:00+02:00", "2019-05-03T10:00:00"),
        ("2023年6月15日 9:05", "2023-06-15T09:05:00"), ("发布日期：2020/1/2", "2020-01-02T00:00:00"),
    ])
    func published(input: String, expected: String) {
        #expect(DateParsing.published(in: input) == expected)
    }

    @Test("signing dates in Arabic and Chinese numerals")
    func signed() {
        #expect(DateParsing.date(in: "二〇二三年六月六日") == "2023-06-06")
        #expect(DateParsing.date(in: "二〇二一年十二月三十一日") == "2021-12-31")
        #expect(DateParsing.isDateLine("2023年6月6日"))
        #expect(!DateParsing.isDateLine("2023年6月6日，会议召开"))
    }

    @Test("document numbers")
    func documentNumbers() {
        #expect(OfficialDocument.documentNumber(in: "桂人社复字〔2023〕121号")?.number == "桂人社复字〔2023〕121号")
        #expect(OfficialDocument.documentNumber(in: "粤府令第 300 号")?.number == "粤府令第300号")
        #expect(OfficialDocument.documentNumber(in: "第00705号提案") == nil)
        let split = OfficialDocument.splitTitle("关于某事的函(桂人社复字〔2023〕121号)")
        #expect(split.title == "关于某事的函")
        #expect(split.number == "桂人社复字〔2023〕121号")
        #expect(OfficialDocument.splitTitle("Plan (2023)").number == nil)
    }

    @Test("official-document elements: addressee, issuer, signed")
    func officialElements() {
        let lines = ["自治区党委组织部:", "现就提案提出如下意见:", "正文。", "广西壮族自治区人力资源和社会保障厅", "2023年6月6日"]
        #expect(OfficialDocument.addressee(in: lines) == "自治区党委组织部")
        let signature = OfficialDocument.signature(in: lines)
        #expect(signature.issuer == "广西壮族自治区人力资源和社会保障厅")
        #expect(signature.signed == "2023-06-06")
        #expect(OfficialDocument.attachments(in: ["附件：1.名单", "2.表格"]) == ["名单", "表格"])
    }

    @Test("spam tails are split off only after a site name")
    func spam() {
        let split = TitleRules.splitSpam("广西壮族自治区人力资源和社会保障厅网站-k8凯发天生赢家")
        #expect(split?.head == "广西壮族自治区人力资源和社会保障厅网站")
        #expect(split?.spam == "k8凯发天生赢家")
        #expect(TitleRules.splitSpam("凯发电气公司召开年度会议") == nil)
        #expect(TitleRules.splitSpam("某市人民政府-首页") == nil)
        #expect(TitleRules.splitSpam("关于彩票公益金使用情况的公告 - 某省财政厅") == nil)
    }

    @Test("a site name at either end of a title goes, behind any separator; a dash inside a name stays")
    func titleSiteName() {
        #expect(TitleRules.articlePart(of: "关于某某工程施工期间交通管制的通告-广西壮族自治区交通运输厅网站", site: nil)
            == ("关于某某工程施工期间交通管制的通告", "广西壮族自治区交通运输厅网站"))
        #expect(TitleRules.articlePart(of: "关于做好招生入学工作的通知-南宁市教育局", site: nil).title == "关于做好招生入学工作的通知")
        #expect(TitleRules.articlePart(of: "广西专业技术人员职称网--关于开展职称评审工作的通知", site: nil)
            == ("关于开展职称评审工作的通知", "广西专业技术人员职称网"))
        #expect(TitleRules.articlePart(of: "关于某某事项的通知_通知公告_中国—东盟博览会官方网站", site: nil).title == "关于某某事项的通知")
        #expect(TitleRules.articlePart(of: "某某峰会开幕-某某门户", site: "某某门户").title == "某某峰会开幕")
        #expect(TitleRules.articlePart(of: "中国—东盟友好城市峰会在南宁开幕", site: "某某网站").title == "中国—东盟友好城市峰会在南宁开幕")
        #expect(TitleRules.articlePart(of: "2024中国—东盟人才交流大会在南宁举办", site: nil) == ("2024中国—东盟人才交流大会在南宁举办", nil))
        #expect(TitleRules.articlePart(of: "Election results announced in the city | The Daily Example", site: nil).title == "Election results announced in the city")
    }

    @Test("metadata lines parse labelled fields")
    func metadataLines() {
        let fields = MetadataLines.parse("发布时间：2023-06-15 18:40 来源：省发改委", allowWeak: false)
        #expect(fields?.map(\.field) == [.published, .source])
        #expect(fields?.last?.value == "省发改委")
        #expect(MetadataLines.parse("时间：2023年7月1日", allowWeak: false) == nil)
        #expect(MetadataLines.parse("会议指出，来源：不是标签开头的句子", allowWeak: true) == nil)
    }

    @Test("chrome lines: widgets and script leaks go, long sentences with keywords stay")
    func chromeLines() {
        let rules = ChromeRules()
        #expect(rules.isChrome("【 字号大小: 大 中 小 】"))
        #expect(rules.isChrome("$('#share-1').share();"))
        #expect(rules.isChrome("• |"))
        #expect(!rules.isChrome("会议强调，要加强网站管理，做好分享到各平台的信息发布审核工作，确保内容准确无误，切实维护政府公信力。"))
    }
}
