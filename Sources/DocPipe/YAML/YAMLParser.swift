internal import CLibYAML

/// Parses YAML text into ``YAMLNode`` trees with libyaml's event API.
///
/// Anchors and aliases are resolved (an alias is a copy of its anchored node, with the alias's
/// position). Syntax errors come out as ``YAMLError`` with libyaml's marks; input nested deeper
/// than ``maximumDepth`` or expanding aliases beyond ``maximumNodes`` is rejected, so a hostile
/// file cannot exhaust the stack or memory.
public enum YAMLParser {
    /// The deepest nesting accepted.
    public static let maximumDepth = 256
    /// The most nodes a document may expand to through aliases.
    public static let maximumNodes = 1_000_000

    /// Parses the first document of `text`; an empty stream gives a null scalar at 1:1.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(message: "cannot initialize the YAML parser", mark: SourceMark(line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var builder = TreeBuilder()
            return try builder.build(&parser)
        }
    }
}

private struct TreeBuilder {
    private enum Frame {
        case sequence(items: [YAMLNode], mark: SourceMark, anchor: String?, tag: String?)
        case mapping(pairs: [YAMLPair], pendingKey: YAMLNode?, mark: SourceMark, anchor: String?, tag: String?)
    }

    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var root: YAMLNode?
    private var nodeCount = 0

    mutating func build(_ parser: inout yaml_parser_t) throws(YAMLError) -> YAMLNode {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(from: parser) }
            defer { yaml_event_delete(&event) }
            let mark = SourceMark(
                line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root ?? YAMLNode(.scalar("", isPlain: true), mark: SourceMark(line: 1, column: 1))
            case YAML_DOCUMENT_END_EVENT:
                if let root { return root }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = Self.string(scalar.value, length: scalar.length) ?? ""
                let isPlain = scalar.style == YAML_PLAIN_SCALAR_STYLE
                let node = YAMLNode(.scalar(text, isPlain: isPlain), mark: mark, tag: Self.tag(scalar.tag))
                try add(node, anchor: Self.string(scalar.anchor), mark: mark)
            case YAML_SEQUENCE_START_EVENT:
                try push(mark: mark)
                stack.append(
                    .sequence(
                        items: [], mark: mark, anchor: Self.string(event.data.sequence_start.anchor),
                        tag: Self.tag(event.data.sequence_start.tag)))
            case YAML_MAPPING_START_EVENT:
                try push(mark: mark)
                stack.append(
                    .mapping(
                        pairs: [], pendingKey: nil, mark: mark, anchor: Self.string(event.data.mapping_start.anchor),
                        tag: Self.tag(event.data.mapping_start.tag)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { break }
                switch frame {
                case .sequence(let items, let start, let anchor, let tag):
                    try add(YAMLNode(.sequence(items), mark: start, tag: tag), anchor: anchor, mark: start)
                case .mapping(let pairs, _, let start, let anchor, let tag):
                    try add(YAMLNode(.mapping(pairs), mark: start, tag: tag), anchor: anchor, mark: start)
                }
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard var node = anchors[name] else {
                    throw YAMLError(message: "unknown alias '*\(name)'", mark: mark)
                }
                nodeCount += Self.size(of: node)
                guard nodeCount <= YAMLParser.maximumNodes else {
                    throw YAMLError(message: "aliases expand to more than \(YAMLParser.maximumNodes) nodes", mark: mark)
                }
                node.mark = mark
                try add(node, anchor: nil, mark: mark)
            default:
                break
            }
        }
    }

    private mutating func push(mark: SourceMark) throws(YAMLError) {
        guard stack.count < YAMLParser.maximumDepth else {
            throw YAMLError(message: "nesting deeper than \(YAMLParser.maximumDepth) levels", mark: mark)
        }
    }

    private mutating func add(_ node: YAMLNode, anchor: String?, mark: SourceMark) throws(YAMLError) {
        nodeCount += 1
        if let anchor { anchors[anchor] = node }
        guard let top = stack.popLast() else {
            if root == nil { root = node }
            return
        }
        switch top {
        case .sequence(var items, let start, let anchor, let tag):
            items.append(node)
            stack.append(.sequence(items: items, mark: start, anchor: anchor, tag: tag))
        case .mapping(var pairs, let pendingKey, let start, let anchor, let tag):
            if let key = pendingKey {
                if key.tag == nil, key.scalar == "<<" {
                    pairs.append(contentsOf: try Self.mergePairs(node, into: pairs))
                } else {
                    pairs.append(YAMLPair(key: key, value: node))
                }
                stack.append(.mapping(pairs: pairs, pendingKey: nil, mark: start, anchor: anchor, tag: tag))
            } else {
                stack.append(.mapping(pairs: pairs, pendingKey: node, mark: start, anchor: anchor, tag: tag))
            }
        }
    }

    /// The `<<` merge key: pairs of the merged mapping(s) whose keys are not already present.
    private static func mergePairs(_ value: YAMLNode, into existing: [YAMLPair]) throws(YAMLError) -> [YAMLPair] {
        let sources = value.sequence ?? [value]
        var result: [YAMLPair] = []
        for source in sources {
            guard let pairs = source.mapping else {
                throw YAMLError(message: "a merge key '<<' needs a mapping or a list of mappings", mark: source.mark)
            }
            for pair in pairs
            where !existing.contains(where: { $0.key.scalar == pair.key.scalar })
                && !result.contains(where: { $0.key.scalar == pair.key.scalar })
            {
                result.append(pair)
            }
        }
        return result
    }

    private static func size(of node: YAMLNode) -> Int {
        switch node.content {
        case .scalar: 1
        case .sequence(let items): items.reduce(1) { $0 + size(of: $1) }
        case .mapping(let pairs): pairs.reduce(1) { $0 + size(of: $1.key) + size(of: $1.value) }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int? = nil) -> String? {
        guard let pointer else { return nil }
        let count = length ?? strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer), tag != "!" else { return nil }
        return tag
    }

    private static func error(from parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let mark = SourceMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        var context: String?
        var contextMark: SourceMark?
        if let text = parser.context {
            context = String(cString: text)
            contextMark = SourceMark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)
        }
        return YAMLError(message: problem, mark: mark, context: context, contextMark: contextMark)
    }
}

private func strlen(_ pointer: UnsafePointer<CChar>) -> Int {
    var count = 0
    while pointer[count] != 0 { count += 1 }
    return count
}
