import DocPipe
import DocPipeStages
import Testing

@Suite("Classify: taxonomy files")
struct ClassifyTaxonomyTests {
    /// The diagnostics of a taxonomy that must fail, as `line:col: message`.
    func errors(_ yaml: String) -> [String] {
        do {
            _ = try Taxonomy.parse(yaml, file: "t.yaml")
            Issue.record("expected the taxonomy to be rejected")
            return []
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.file == "t.yaml" })
            return error.diagnostics.map { "\($0.mark.line):\($0.mark.column): \($0.message)" }
        }
    }

    @Test func parsesBothPhraseForms() throws {
        let taxonomy = try Taxonomy.parse(
            """
            version: 1
            match: {min_score: 2, multi_label_ratio: 0.25}
            ignore: [东盟]
            themes:
              a:
                label: 甲
                phrases: {3: [职业技能, 技工院校], 1: [培训]}
                requires_any: [人才]
                exclude: [学历教育]
              b:
                phrases:
                  - {phrase: 翻译, weight: 2.5}
                  - 语种
            """, file: "t.yaml")
        #expect(taxonomy.minScore == 2)
        #expect(taxonomy.multiLabelRatio == 0.25)
        #expect(taxonomy.ignore == ["东盟"])
        #expect(taxonomy.themes.map(\.key) == ["a", "b"])
        #expect(taxonomy.themes[0].label == "甲")
        #expect(
            taxonomy.themes[0].phrases == [.init("职业技能", weight: 3), .init("技工院校", weight: 3), .init("培训", weight: 1)])
        #expect(taxonomy.themes[0].requiresAny == ["人才"])
        #expect(taxonomy.themes[0].exclude == ["学历教育"])
        #expect(taxonomy.themes[1].label == "b")
        #expect(taxonomy.themes[1].phrases == [.init("翻译", weight: 2.5), .init("语种", weight: 1)])
    }

    @Test func phrasesAreNormalizedLikeText() throws {
        let taxonomy = try Taxonomy.parse("version: 1\nthemes: {a: {phrases: {3: ['中国-东盟', ＣＡＴＴＩ]}}}", file: "t.yaml")
        #expect(taxonomy.themes[0].phrases.map(\.phrase) == ["中国—东盟", "catti"])
    }

    @Test func theShippedTaxonomyLoads() throws {
        let taxonomy = try Taxonomy.load(path: ClassifyFixtures.aseanTaxonomy)
        #expect(taxonomy.themes.map(\.key) == ["training", "language", "platforms", "exchange"])
        #expect(taxonomy.themes.allSatisfy { $0.phrases.count > 20 })
    }

    @Test func unknownKeysGetDidYouMean() {
        let found = errors(
            """
            version: 1
            mach: {min_score: 3}
            themes:
              a:
                phrase: {3: [培训]}
                requires_anyy: [人才]
            """)
        #expect(found.contains { $0.hasPrefix("2:1: unknown key 'mach' in the taxonomy; did you mean 'match'?") })
        #expect(found.contains { $0.hasPrefix("5:5: unknown key 'phrase' in theme 'a'; did you mean 'phrases'?") })
        #expect(
            found.contains {
                $0.hasPrefix("6:5: unknown key 'requires_anyy' in theme 'a'; did you mean 'requires_any'?")
            })
        #expect(found.contains { $0.hasSuffix("theme 'a' has no 'phrases'") })
    }

    @Test func reportsEveryErrorAtOnceInFileOrder() {
        let found = errors(
            """
            version: 2
            match: {min_score: -1, multi_label_ratio: 1.5, mode: fuzzy}
            ignore: [合作, 合作]
            themes:
              a:
                phrases: {3: [培训, 合作], zero: [x], 0: [y]}
              b c:
                phrases: [[nested]]
              a:
                phrases: {1: [z]}
            """)
        #expect(
            found == [
                "1:10: unsupported taxonomy version 2; this docpipe reads version 1",
                "2:20: 'min_score' must be a number ≥ 0, found a scalar '-1'",
                "2:43: 'multi_label_ratio' must be a number from 0 to 1, found a scalar '1.5'",
                "2:54: 'mode' must be 'longest_non_overlapping' (the only mode), found a scalar 'fuzzy'",
                "3:14: '合作' is listed twice in 'ignore'",
                "6:23: '合作' is in 'ignore' (at 3:10) and cannot also score for theme 'a'",
                "6:28: a weight in 'phrases' must be a number greater than 0 (at most 1000), found a scalar 'zero'",
                "6:39: a weight in 'phrases' must be a number greater than 0 (at most 1000), found a scalar '0'",
                "7:3: theme key 'b c' may only use letters, digits, '_', '.' and '-'",
                "8:15: a phrase must be a string, found a list",
                "9:3: theme 'a' is defined twice (first at 5:3)",
            ])
    }

    @Test func rejectsDuplicateAndEmptyPhrases() {
        let found = errors("version: 1\nthemes:\n  a:\n    phrases: {3: [培训, ' '], 2: [培训, '', ~]}\n")
        #expect(
            found == [
                "4:23: empty phrase",
                "4:33: '培训' is listed twice in theme 'a' (first at 4:19)",
                "4:37: empty phrase",
                "4:41: a phrase must be a string, found null",
            ])
    }

    @Test func rejectsWrongShapes() {
        #expect(errors("- a\n- b\n") == ["1:1: a taxonomy must be a mapping with 'version' and 'themes', found a list"])
        #expect(errors("version: 1\n") == ["1:1: missing 'themes': a mapping from theme keys to their phrases"])
        #expect(errors("themes: {a: {phrases: [x]}}\n") == ["1:1: missing 'version: 1'"])
        #expect(
            errors("version: 1\nthemes: []\n")
                == ["2:9: 'themes' must be a non-empty mapping from theme keys to their phrases, found a list"])
        #expect(
            errors("version: 1\nignore: 东盟\nthemes: {a: 培训}\n") == [
                "2:9: 'ignore' must be a list of phrases, found a scalar '东盟'",
                "3:13: theme 'a' must be a mapping with 'phrases', found a scalar '培训'",
            ])
        #expect(
            errors("version: 1\nthemes: {a: {phrases: {3: [x]}, requires_any: [], exclude: y}}\n") == [
                "2:47: 'requires_any' is empty; remove it or list context words",
                "2:60: 'exclude' must be a list of phrases, found a scalar 'y'",
            ])
        #expect(
            errors("version: 1\nthemes: {a: {phrases: [{phrase: x, weight: heavy}, {wieght: 2}]}}\n") == [
                "2:44: 'weight' must be a number greater than 0 (at most 1000), found a scalar 'heavy'",
                "2:52: a phrase item needs 'phrase' (and 'weight')",
                "2:53: unknown key 'wieght' in a phrase of theme 'a'; did you mean 'weight'?; expected one of phrase, weight",
            ])
    }

    @Test func yamlSyntaxErrorsArePositioned() {
        let found = errors("version: 1\nthemes:\n  a: {phrases: [x\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("4:1:") == true)
    }

    @Test func missingFileIsOneDiagnostic() {
        do {
            _ = try Taxonomy.load(path: "/nonexistent/taxonomy.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].message.hasPrefix("cannot read the taxonomy"))
        }
    }
}
