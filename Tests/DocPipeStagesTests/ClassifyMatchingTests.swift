import DocPipe
import DocPipeStages
import Testing

@Suite("Classify: phrase matching")
struct ClassifyMatchingTests {
    func scores(_ classifier: Classifier, _ text: String) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: classifier.analyze(text: text).scores.map { ($0.theme, $0.score) })
    }

    @Test func longestMatchWins() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nthemes: {x: {phrases: {3: [技能培训]}}, y: {phrases: {2: [技能, 培训]}}}")
        #expect(scores(classifier, "开展技能培训") == ["x": 3])
        let labels = classifier.classify(text: "开展技能培训")
        #expect(labels.map(\.theme) == ["x"])
        #expect(labels.first?.evidence == [Evidence(phrase: "技能培训", start: 2, end: 6)])
        #expect(scores(classifier, "技能与培训") == ["y": 4])
    }

    @Test func matchesDoNotOverlap() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nthemes: {x: {phrases: {1: [培训班]}}, y: {phrases: {1: [班主任, 主任]}}}")
        // Leftmost first: 培训班 takes 班, so 班主任 cannot match; 主任 then matches after it.
        let result = classifier.analyze(text: "培训班主任")
        #expect(result.scores.map(\.theme) == ["x", "y"])
        #expect(result.scores[0].evidence == [Evidence(phrase: "培训班", start: 0, end: 3)])
        #expect(result.scores[1].evidence == [Evidence(phrase: "主任", start: 3, end: 5)])
        // Repeated phrases count each time.
        #expect(scores(classifier, "培训班、培训班") == ["x": 2])
    }

    @Test func ignoredPhrasesConsumeButNeverScore() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nignore: [东盟人才]\nthemes: {x: {phrases: {3: [人才交流], 1: [交流]}}}")
        let result = classifier.analyze(text: "东盟人才交流")
        #expect(
            result.scores == [ThemeScore(theme: "x", score: 1, evidence: [Evidence(phrase: "交流", start: 4, end: 6)])])
        #expect(scores(classifier, "开展人才交流") == ["x": 3])
    }

    @Test func offsetsCountCodePointsOfTheOriginalText() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nthemes: {x: {phrases: {1: [技能培训, CATTI, 中国—东盟]}}}")
        // Astral characters are one code point each; the ZWJ of the emoji sequence, the ZWSP inside
        // 技能 and the BOM are dropped for matching but still counted in offsets.
        let text = "𠀀😀\u{200D}💻技\u{200B}能培训\u{FEFF}，ＣＡＴＴＩ与中国－东盟、中国-东盟"
        let evidence = classifier.classify(text: text).first?.evidence ?? []
        #expect(
            evidence == [
                Evidence(phrase: "技能培训", start: 4, end: 9),
                Evidence(phrase: "catti", start: 11, end: 16),
                Evidence(phrase: "中国—东盟", start: 17, end: 22),
                Evidence(phrase: "中国—东盟", start: 23, end: 28),
            ])
        for item in evidence {
            #expect(!ClassifyFixtures.slice(text, item.start, item.end).isEmpty)
        }
        #expect(ClassifyFixtures.slice(text, 4, 9) == "技\u{200B}能培训")
        #expect(ClassifyFixtures.slice(text, 17, 22) == "中国－东盟")
    }

    @Test func dashesUnifyOnlyBetweenHanCharacters() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nthemes: {x: {phrases: {1: [中国—东盟, a-b]}}}")
        #expect(scores(classifier, "中国―东盟") == ["x": 1])  // U+2015
        #expect(scores(classifier, "中国 - 东盟") == ["x": 1])
        #expect(scores(classifier, "中国——东盟").isEmpty)  // a double dash is punctuation, not a joiner
        #expect(scores(classifier, "A-B") == ["x": 1])
        #expect(scores(classifier, "a—b").isEmpty)
    }

    @Test func contextGateNeedsOneWordInTheUnit() throws {
        let classifier = try ClassifyFixtures.classifier(
            """
            version: 1
            match: {min_score: 1}
            themes:
              platforms: {phrases: {1: [基地, 平台]}, requires_any: [人才, 专家]}
            """)
        #expect(classifier.classify(text: "建设国家级能源基地").isEmpty)
        #expect(classifier.classify(text: "建设人才培养基地").map(\.theme) == ["platforms"])
        // A gate word may overlap a scoring match.
        #expect(classifier.classify(text: "专家平台").map(\.theme) == ["platforms"])
    }

    @Test func excludeVetoesTheTheme() throws {
        let classifier = try ClassifyFixtures.classifier(
            "version: 1\nmatch: {min_score: 1}\nthemes: {exchange: {phrases: {3: [峰会]}, exclude: [领导人]}}")
        #expect(classifier.classify(text: "举办人才峰会").map(\.theme) == ["exchange"])
        #expect(classifier.classify(text: "出席领导人峰会").isEmpty)
    }

    @Test func thresholdsRatioAndTop() throws {
        let classifier = try ClassifyFixtures.classifier(
            """
            version: 1
            match: {min_score: 3, multi_label_ratio: 0.5}
            themes:
              a: {phrases: {4: [甲]}}
              b: {phrases: {2: [乙]}}
              c: {phrases: {3: [丙]}}
              d: {phrases: {1: [丁]}}
            """)
        #expect(classifier.classify(text: "丁").isEmpty)  // below min_score: no forced guess
        #expect(classifier.classify(text: "").isEmpty)
        #expect(classifier.classify(text: "甲乙乙丙").map(\.theme) == ["a", "b", "c"])  // 4, 4, 3
        #expect(classifier.classify(text: "甲乙乙丙", top: 2).map(\.theme) == ["a", "b"])
        #expect(classifier.classify(text: "甲甲乙乙丙").map(\.theme) == ["a", "b"])  // 8, 4, 3: 3 < 4
        #expect(classifier.classify(text: "甲甲甲乙乙丙").map(\.theme) == ["a"])  // 12, 4, 3: both < 6
        #expect(classifier.classify(text: "丙甲").map(\.theme) == ["a", "c"])  // ties keep score order
    }

    @Test func industrialBaseGetsNoPlatformsLabel() throws {
        let classifier = try ClassifyFixtures.asean()
        let industrial = "依托国家级石化产业基地，加快建设新能源装备制造基地和工业互联网平台，打造千亿级产业集群。"
        #expect(classifier.classify(text: industrial).isEmpty)
        #expect(classifier.classify(text: "在园区设立博士后科研工作站和院士专家工作站，集聚高层次人才。").map(\.theme) == ["platforms"])
        let summit = "两国领导人出席中国—东盟峰会并举行会谈，发表联合声明。"
        #expect(classifier.classify(text: summit).isEmpty)
        let tradeFair = "第20届中国—东盟博览会开幕，展览面积10.2万平方米，签约项目179个。"
        #expect(classifier.classify(text: tradeFair).isEmpty)
    }

    @Test func costDoesNotDependOnPhraseCountForCorrectness() throws {
        // A taxonomy padded with thousands of unrelated phrases gives the same labels.
        var phrases: [String] = []
        for i in 0..<5000 { phrases.append("词\(i)条") }
        let yaml =
            "version: 1\nmatch: {min_score: 1}\nthemes:\n  x: {phrases: {3: [技能培训]}}\n  pad: {phrases: {1: [\(phrases.joined(separator: ", "))]}}\n"
        let classifier = try ClassifyFixtures.classifier(yaml)
        #expect(classifier.phraseCount == 5001)
        #expect(classifier.classify(text: "开展技能培训，词42条、词7条、词4999条").map(\.theme) == ["x", "pad"])
    }
}
