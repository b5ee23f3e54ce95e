import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the fetch tests, on blocking sockets with one thread
/// per connection. Every response closes its connection. Replies are chosen by a handler from the
/// request path and how many times that path was requested; the server logs every request.
final class LoopbackHTTPServer: Sendable {
    /// What the server does with one request.
    enum Reply: Sendable {
        /// A complete response (`Content-Length` set unless `closeDelimited`).
        case respond(status: Int, headers: [(String, String)], body: [UInt8], closeDelimited: Bool = false)
        /// The head, then `chunks` with `pause` before each: a body slower than a client's timeout.
        case slow(headers: [(String, String)], chunks: [[UInt8]], pause: Duration)
        /// The head announcing `declaredLength` bytes, `sent` bytes of body, then a TCP reset.
        case reset(headers: [(String, String)], declaredLength: Int, sent: [UInt8])

        static func page(_ body: String, type: String = "text/html; charset=utf-8") -> Reply {
            .respond(status: 200, headers: [("Content-Type", type)], body: Array(body.utf8))
        }

        static func bytes(_ body: [UInt8], type: String) -> Reply {
            .respond(status: 200, headers: [("Content-Type", type)], body: body)
        }

        static func status(_ code: Int, headers: [(String, String)] = []) -> Reply {
            .respond(status: code, headers: headers, body: Array("status \(code)".utf8))
        }

        static func redirect(_ location: String, status: Int = 302) -> Reply {
            .respond(status: status, headers: [("Location", location)], body: [])
        }
    }

    /// One request as the server saw it.
    struct Request: Sendable {
        var path: String
        var headers: [String: String]
        var at: ContinuousClock.Instant
    }

    typealias Handler = @Sendable (_ path: String, _ count: Int) -> Reply

    let port: Int
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex(State())

    private struct State {
        var requests: [Request] = []
        var counts: [String: Int] = [:]
        var active = 0
        var maximumActive = 0
    }

    /// Starts listening on 127.0.0.1 on a free port.
    init(handler: @escaping Handler) throws {
        self.handler = handler
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 256) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops accepting connections. The accept thread closes the socket itself when it sees the
    /// shutdown, so the descriptor cannot be reused by another server while it still accepts on it.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// How many requests `path` received.
    func count(_ path: String) -> Int { state.withLock { $0.counts[path] ?? 0 } }

    /// Every request so far, in arrival order.
    var requests: [Request] { state.withLock { $0.requests } }

    /// The most connections handled at once.
    var maximumActive: Int { state.withLock { $0.maximumActive } }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        state.withLock {
            $0.active += 1
            $0.maximumActive = max($0.maximumActive, $0.active)
        }
        defer { state.withLock { $0.active -= 1 } }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(subsequence: [13, 10, 13, 10]) {
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else {
                close(connection)
                return
            }
            received += buffer[..<count]
        }
        let head = String(decoding: received, as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let count = state.withLock { state -> Int in
            state.requests.append(Request(path: path, headers: headers, at: .now))
            state.counts[path, default: 0] += 1
            return state.counts[path]!
        }
        switch handler(path, count) {
        case .respond(let status, let headers, let body, let closeDelimited):
            var head = headers
            if !closeDelimited { head.append(("Content-Length", "\(body.count)")) }
            send(connection, Self.head(status: status, headers: head) + body)
            close(connection)
        case .slow(let headers, let chunks, let pause):
            let total = chunks.reduce(0) { $0 + $1.count }
            guard send(connection, Self.head(status: 200, headers: headers + [("Content-Length", "\(total)")])) else {
                close(connection)
                return
            }
            for chunk in chunks {
                Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
                guard send(connection, chunk) else { break }
            }
            close(connection)
        case .reset(let headers, let declaredLength, let sent):
            _ = send(connection, Self.head(status: 200, headers: headers + [("Content-Length", "\(declaredLength)")]) + sent)
            Thread.sleep(forTimeInterval: 0.05)
            var option = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            close(connection)
        }
    }

    private static func head(status: Int, headers: [(String, String)]) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// Sends all of `bytes`; `false` when the peer has gone.
    @discardableResult
    private func send(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { pointer in
                systemSend(connection, pointer)
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        for start in 0...(count - subsequence.count) where self[start..<start + subsequence.count].elementsEqual(subsequence) {
            return true
        }
        return false
    }
}

/// `send(2)` without SIGPIPE when the peer has gone.
private func systemSend(_ connection: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    #if canImport(Glibc)
        send(connection, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
    #else
        send(connection, bytes.baseAddress, bytes.count, 0)
    #endif
}
