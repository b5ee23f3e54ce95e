public import DocPipe
import Logging

/// The `fetch` source: reads local files, folders and globs, downloads `http(s)` URLs, decodes
/// them, and records where each came from.
///
/// Local files come first (in walk order), then `urls`, then the lines of `url_file`; documents
/// leave in that order although requests run concurrently.
public struct FetchStage: SourceStage {
    public static let name = "fetch"
    public static let summary = "Reads documents from files, folders, globs (with **) and HTTP(S) URLs, decoding their charset."
    public static let options: [OptionSpec] = [
        OptionSpec(
            "paths", .list(.string), default: [],
            doc: "Files, folders (read recursively) and globs such as corpus/**/*.html, relative to the pipeline file."),
        OptionSpec("urls", .list(.string), default: [], doc: "http:// and https:// URLs to download, in order."),
        OptionSpec(
            "url_file", .path,
            doc: "A file of URLs, one per line; blank lines and # comments are ignored."),
        OptionSpec(
            "max_bytes", .size, default: .int(50_000_000),
            doc: "Larger inputs are quarantined as too large (bytes, or e.g. 50MB); downloads stop reading there."),
        OptionSpec("concurrency", .int(min: 1, max: 1024), default: .int(8), doc: "Simultaneous HTTP requests in all."),
        OptionSpec("per_host", .int(min: 1, max: 256), default: .int(2), doc: "Simultaneous HTTP requests to one host."),
        OptionSpec(
            "delay", .duration, default: .string("0s"), doc: "Minimum interval between the starts of requests to one host."),
        OptionSpec(
            "timeout", .duration, default: .string("30s"),
            doc: "Limit for connecting and for a whole request, body included; a timeout is retried."),
        OptionSpec(
            "retries", .int(min: 0, max: 100), default: .int(3),
            doc: "Retries after connection errors, timeouts, 5xx and 429 (exponential backoff with jitter)."),
        OptionSpec(
            "backoff", .duration, default: .string("500ms"),
            doc: "First retry waits about this long, doubling each time (Retry-After, capped at 60s, wins)."),
        OptionSpec("max_redirects", .int(min: 0, max: 100), default: .int(5), doc: "Redirects followed per URL; more are quarantined."),
        OptionSpec(
            "user_agent", .string, default: .string("docpipe/\(DocPipeVersion.current)"),
            doc: "The User-Agent header, and the name looked up in robots.txt."),
        OptionSpec("headers", .map(.string), doc: "Extra request headers, e.g. {Accept-Language: zh-CN}."),
        OptionSpec(
            "robots", .bool, default: .bool(true),
            doc: "Fetch and obey each host's robots.txt (cached per run); disallowed URLs are quarantined."),
        OptionSpec(
            "ca_file", .path,
            doc: "A PEM file of certificate authorities to trust for https:// besides the system's (a private or corporate CA)."),
        OptionSpec(
            "accept", .list(.string), default: .array(["text/html", "application/xhtml+xml", "text/plain"].map(JSONValue.string)),
            doc: "Media types to keep (type/* allowed); other responses are quarantined."),
    ]

    let walker: LocalFileWalker?
    let maximumBytes: Int
    let urls: [String]
    let settings: HTTPFetchSettings

    public init(options: StageOptions, context: StageSetup) throws {
        let paths = options.strings("paths")
        var urls = options.strings("urls")
        for url in urls where URLList.problem(with: url) != nil {
            throw options.invalid("urls", URLList.problem(with: url)!)
        }
        if let urlFile = options.string("url_file") {
            do {
                urls += URLList.parse(try FileSystem.readText(urlFile))
            } catch {
                let reason = error.reason
                throw options.invalid("url_file", "cannot read the URL file \(urlFile): \(reason)")
            }
        }
        guard !paths.isEmpty || !urls.isEmpty || options.string("url_file") != nil else {
            throw StageConfigurationError(message: "fetch needs at least one of 'paths', 'urls' or 'url_file'")
        }
        walker = paths.isEmpty ? nil : LocalFileWalker(paths: paths, baseDirectory: options.baseDirectory)
        maximumBytes = options.int("max_bytes") ?? 50_000_000
        var seen = Set<String>()
        self.urls = urls.filter { seen.insert($0).inserted }
        settings = try Self.settings(options, maximumBytes: maximumBytes)
    }

    static func settings(_ options: StageOptions, maximumBytes: Int) throws -> HTTPFetchSettings {
        var settings = HTTPFetchSettings()
        settings.concurrency = options.int("concurrency") ?? 8
        settings.perHost = options.int("per_host") ?? 2
        settings.delay = options.duration("delay") ?? .zero
        settings.timeout = options.duration("timeout") ?? .seconds(30)
        guard settings.timeout > .zero else { throw options.invalid("timeout", "timeout must be more than 0s") }
        settings.retry = RetryPolicy(retries: options.int("retries") ?? 3, backoff: options.duration("backoff") ?? .milliseconds(500))
        settings.maxRedirects = options.int("max_redirects") ?? 5
        settings.maxBytes = maximumBytes
        settings.userAgent = options.string("user_agent") ?? "docpipe/\(DocPipeVersion.current)"
        guard !settings.userAgent.isEmpty else { throw options.invalid("user_agent", "user_agent must not be empty") }
        settings.headers = options.stringMap("headers").map { (name: $0.key, value: $0.value) }
        settings.robots = options.bool("robots") ?? true
        settings.accept = options.strings("accept").map { $0.lowercased() }
        guard !settings.accept.isEmpty else {
            throw options.invalid("accept", "accept needs at least one media type, e.g. text/html or */*")
        }
        for type in settings.accept where !type.contains("/") {
            throw options.invalid("accept", "'\(type)' is not a media type such as text/html or text/*")
        }
        if let caFile = options.string("ca_file") {
            do {
                settings.trustedAuthorities = try TrustedAuthorities(pemFile: caFile)
            } catch {
                throw options.invalid("ca_file", "\(error)")
            }
        }
        return settings
    }

    public func run(into output: SourceOutput, context: StageContext) async throws {
        if let walker { try await runLocal(walker, into: output, context: context) }
        if !urls.isEmpty {
            try await HTTPSource(urls: urls, settings: settings).run(into: output, context: context)
        } else if walker == nil {
            context.logger.warning("fetch: the url_file lists no URLs")
        }
    }

    private func runLocal(_ walker: LocalFileWalker, into output: SourceOutput, context: StageContext) async throws {
        let fetchedAt = context.run.isReproducible ? context.run.startedAt : Timestamp.now()
        var matched = 0
        try await walker.walk { found in
            switch found {
            case .file(let path):
                matched += 1
                let started = ContinuousClock.now
                do {
                    let document = try FetchedDocument.load(path: path, fetchedAt: fetchedAt, maximumBytes: maximumBytes)
                    let elapsed = (ContinuousClock.now - started).components
                    try await output.emit(document, micros: Int(elapsed.seconds) * 1_000_000 + Int(elapsed.attoseconds / 1_000_000_000_000))
                } catch let error as FileSystem.Failure {
                    try await output.fail(uri: FileURL.from(path: path), reason: error.reason)
                } catch let error as DocumentError {
                    try await output.fail(uri: FileURL.from(path: path), reason: error.message)
                }
            case .failure(let path, let reason):
                try await output.fail(uri: FileURL.from(path: path), reason: reason)
            }
        }
        if matched == 0 {
            context.logger.warning("fetch: no files matched \(walker.patternsDescription)")
        }
    }
}

extension LocalFileWalker {
    var patternsDescription: String {
        entries.map { entry in
            switch entry {
            case .file(let path), .directory(let path), .missing(let path): path
            case .glob(_, let original): original
            }
        }.joined(separator: ", ")
    }
}
