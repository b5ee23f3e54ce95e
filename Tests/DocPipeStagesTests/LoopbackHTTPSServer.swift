import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTPS server on 127.0.0.1 for the fetch tests: Python's `http.server` behind `ssl`, with a
/// self-signed certificate for 127.0.0.1 that `openssl` makes for each server. Every path but
/// `/robots.txt` (404) answers 200 with a small Chinese page.
final class LoopbackHTTPSServer: Sendable {
    let port: Int
    /// The server's certificate (PEM), to trust with `ca_file`.
    let certificatePath: String
    private let folder: String
    private let process: Process

    static let page = "<html><head><meta charset=\"utf-8\"><title>安全页面</title></head><body><p>经由 HTTPS 取得的页面。</p></body></html>"

    private static let script = """
        import http.server, ssl, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/robots.txt":
                    self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
                body = sys.argv[3].encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args): pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("docpipe-https-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        certificatePath = folder + "/cert.pem"
        let keyPath = folder + "/key.pem"
        let openssl = try Self.launch([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyPath, "-out", certificatePath,
        ])
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw ServerError("openssl could not make a test certificate") }
        let output = Pipe()
        process = try Self.launch(["python3", "-c", Self.script, certificatePath, keyPath, Self.page], output: output)
        let line = String(decoding: output.fileHandleForReading.availableLine(), as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw ServerError("the HTTPS test server did not start (printed '\(line)')")
        }
        self.port = port
    }

    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    func stop() {
        // SIGKILL: a child of the test process may inherit a signal mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func launch(_ arguments: [String], output: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

extension FileHandle {
    /// Bytes up to the first newline (or the end of the stream).
    fileprivate func availableLine() -> [UInt8] {
        var line: [UInt8] = []
        while let data = try? read(upToCount: 1), let byte = data.first, byte != 0x0A { line.append(byte) }
        return line
    }
}
