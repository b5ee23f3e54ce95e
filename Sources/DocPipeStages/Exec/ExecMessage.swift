public import DocPipe

/// One message a stage process writes on its standard output (`docpipe-exec/1`).
///
/// ```
/// {"type":"ready","protocol":1,"name":"...","version":"...","wants_raw":false}
/// {"type":"document","seq":7,"document":{...}}
/// {"type":"done","seq":7}
/// {"type":"error","seq":7,"message":"..."}
/// ```
public enum ExecMessage: Sendable, Equatable {
    case ready(name: String, version: String, wantsRaw: Bool)
    case document(seq: Int, document: Document)
    case done(seq: Int)
    case error(seq: Int, message: String)

    /// The protocol version this host speaks.
    public static let protocolVersion = 1

    /// Reads one line a stage wrote.
    /// - Throws: ``ExecProtocolError`` naming what is wrong.
    public static func parse(_ line: [UInt8]) throws(ExecProtocolError) -> ExecMessage {
        if let seq = compactDone(line) { return .done(seq: seq) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw ExecProtocolError("invalid JSON (\(error)) in line: \(Self.excerpt(line))")
        }
        guard let object = value.objectValue else {
            throw ExecProtocolError("expected a JSON object, found \(value.typeName) in line: \(Self.excerpt(line))")
        }
        guard let type = object["type"]?.stringValue else {
            throw ExecProtocolError("message without a string 'type' in line: \(Self.excerpt(line))")
        }
        switch type {
        case "ready":
            guard let version = object["protocol"]?.intValue else {
                throw ExecProtocolError("'ready' without an integer 'protocol'")
            }
            guard version == protocolVersion else {
                throw ExecProtocolError("the stage speaks protocol \(version); docpipe speaks \(protocolVersion)")
            }
            if let wantsRaw = object["wants_raw"], wantsRaw != .null, wantsRaw.boolValue == nil {
                throw ExecProtocolError("'wants_raw' must be true or false")
            }
            return .ready(
                name: object["name"]?.stringValue ?? "", version: object["version"]?.stringValue ?? "",
                wantsRaw: object["wants_raw"]?.boolValue ?? false)
        case "document":
            let seq = try Self.seq(object, type)
            guard let body = object["document"], case .object(var fields) = body else {
                throw ExecProtocolError("'document' message for seq \(seq) without a 'document' object")
            }
            var raw: [UInt8]?
            if let encoded = fields["raw"], encoded != .null {
                guard let text = encoded.stringValue, let bytes = Base64.decode(text) else {
                    throw ExecProtocolError("document for seq \(seq): 'raw' must be base64")
                }
                raw = bytes
                fields["raw"] = nil
            }
            do {
                var document = try Document(json: .object(fields))
                document.raw = raw
                return .document(seq: seq, document: document)
            } catch {
                throw ExecProtocolError("document for seq \(seq) is not a valid docpipe/1 document: \(error)")
            }
        case "done":
            return .done(seq: try Self.seq(object, type))
        case "error":
            let seq = try Self.seq(object, type)
            return .error(seq: seq, message: object["message"]?.stringValue ?? "the stage reported an error")
        default:
            throw ExecProtocolError("unknown message type '\(type)'")
        }
    }

    private static let donePrefix = Array(#"{"type":"done","seq":"#.utf8)

    /// The seq of a line that is exactly `{"type":"done","seq":N}` (the commonest line, read
    /// without building a JSON tree); `nil` for anything else, which the full parser reads.
    static func compactDone(_ line: [UInt8]) -> Int? {
        let prefix = donePrefix
        guard line.count > prefix.count + 1, line.count <= prefix.count + 19, line.last == UInt8(ascii: "}"),
            line.starts(with: prefix)
        else { return nil }
        var seq = 0
        for byte in line[prefix.count..<(line.count - 1)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            seq = seq * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return seq
    }

    private static func seq(_ object: JSONObject, _ type: String) throws(ExecProtocolError) -> Int {
        guard let seq = object["seq"]?.intValue else {
            throw ExecProtocolError("'\(type)' message without an integer 'seq'")
        }
        return seq
    }

    /// The start of a line, for messages.
    static func excerpt(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(120), as: UTF8.self)
        return line.count > 120 ? text + "…" : text
    }
}

/// What the host writes (`docpipe-exec/1`).
enum ExecRequest {
    /// `{"type":"hello","protocol":1,"stage":"<id>","options":{...}}` and a newline.
    static func hello(stageID: String, options: JSONObject) -> [UInt8] {
        var object = JSONObject()
        object["type"] = "hello"
        object["protocol"] = .int(ExecMessage.protocolVersion)
        object["stage"] = .string(stageID)
        object["options"] = .object(options)
        var bytes = JSONWriter().bytes(.object(object))
        bytes.append(0x0A)
        return bytes
    }

    /// Appends `{"type":"document","seq":N,"document":{...}}` and a newline to `buffer`.
    static func document(_ document: Document, seq: Int, includeRaw: Bool, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"type":"document","seq":"#.utf8)
        buffer.append(contentsOf: String(seq).utf8)
        buffer.append(contentsOf: #","document":"#.utf8)
        var json = document.json
        if includeRaw, let raw = document.raw, case .object(var fields) = json {
            fields["raw"] = .string(Base64.encode(raw))
            json = .object(fields)
        }
        JSONWriter().write(json, into: &buffer)
        buffer.append(contentsOf: "}\n".utf8)
    }

    /// `{"type":"end"}` and a newline.
    static let end: [UInt8] = Array(#"{"type":"end"}"#.utf8) + [0x0A]
}

/// A stage process broke `docpipe-exec/1`: the message says how.
public struct ExecProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
