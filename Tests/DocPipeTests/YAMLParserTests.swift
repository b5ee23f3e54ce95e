import DocPipe
import Testing

@Suite("YAML parser")
struct YAMLParserTests {
    @Test("every node carries its line and column, also when nested")
    func marksOnNestedNodes() throws {
        let root = try YAMLParser.parse(
            """
            docpipe: 1
            stages:
              - use: fetch
                with:
                  paths: [a, "b"]
            """)
        #expect(root.mark == SourceMark(line: 1, column: 1))
        let stage = try #require(root["stages"]?.sequence?.first)
        #expect(stage.mark == SourceMark(line: 3, column: 5))
        #expect(stage["use"]?.mark == SourceMark(line: 3, column: 10))
        let paths = try #require(stage["with"]?["paths"]?.sequence)
        #expect(paths.map(\.mark) == [SourceMark(line: 5, column: 15), SourceMark(line: 5, column: 18)])
        #expect(paths.map(\.scalar) == ["a", "b"])
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() throws {
        let root = try YAMLParser.parse("名称: 中国—东盟\nnext: x\n")
        #expect(root["名称"]?.mark == SourceMark(line: 1, column: 5))
    }

    @Test("anchors and aliases resolve to copies placed at the alias")
    func aliases() throws {
        let root = try YAMLParser.parse(
            """
            base: &common {level: 6, include_raw: true}
            copy: *common
            merged:
              <<: *common
              level: 9
            """)
        #expect(root["copy"]?.json == root["base"]?.json)
        #expect(root["copy"]?.mark == SourceMark(line: 2, column: 7))
        #expect(root["merged"]?.json == ["level": 9, "include_raw": true])
    }

    @Test("plain scalars are typed by the core schema; quoted ones stay strings")
    func scalarTypes() throws {
        let root = try YAMLParser.parse("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: yes\n")
        #expect(root.json == ["a": 1, "b": "1", "c": true, "d": nil, "e": 1.5, "f": "yes"])
    }

    @Test("an empty stream is a null scalar")
    func emptyStream() throws {
        #expect(try YAMLParser.parse("").isNull)
        #expect(try YAMLParser.parse("# only a comment\n").isNull)
    }

    @Test(
        "libyaml's errors come out positioned, never as a crash",
        arguments: [
            ("a:\n\tb: 1\n", 2, 1, "found character that cannot start any token"),
            ("a: \"unclosed\nb: 2\n", 3, 1, "found unexpected end of stream"),
            ("a:\n  b: 1\n c: 2\n", 3, 2, "did not find expected key"),
            ("a: [1, 2\n", 2, 1, "did not find expected ',' or ']'"),
            ("a: *missing\n", 1, 4, "unknown alias '*missing'"),
            ("- a\nb: 1\n", 2, 1, "did not find expected '-' indicator"),
        ])
    func errors(text: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try YAMLParser.parse(text)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.mark == SourceMark(line: line, column: column) && error.message == message
        }
    }

    @Test("nesting deeper than the limit is an error, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: YAMLError.self) { try YAMLParser.parse(text) }
    }

    @Test("alias bombs are refused")
    func aliasBomb() {
        var text = "a0: [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        text = text.replacingOccurrences(of: "a0: [", with: "a0: &a0 [")
        #expect(throws: YAMLError.self) { try YAMLParser.parse(text) }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return self[..<range.lowerBound] + replacement + self[range.upperBound...]
    }
}
