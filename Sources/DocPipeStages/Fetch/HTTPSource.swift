import DocPipe
import AsyncHTTPClient
import NIOCore

/// Fetches a list of URLs concurrently and hands the results to the run in input order.
///
/// At most `window` URLs are in flight or waiting to be emitted, so memory does not grow with the
/// number of URLs; a slow URL at the head of the window holds back the ones after it.
struct HTTPSource: Sendable {
    let urls: [String]
    let settings: HTTPFetchSettings

    /// How many URLs may be in flight or finished but not yet emitted.
    var window: Int { max(settings.concurrency * 4, 16) }

    private enum Item: Sendable {
        case document(Document, micros: Int)
        case failed(uri: String, reason: String)
    }

    /// Fetches every URL with one HTTP client, shut down at the end (also on error or cancellation).
    func run(into output: SourceOutput, context: StageContext) async throws {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: Self.configuration(settings))
        let watchdog = RequestWatchdog(timeout: settings.timeout)
        let ticker = watchdog.start()
        defer { ticker.cancel() }
        do {
            let fetcher = HTTPFetcher(client: client, settings: settings, watchdog: watchdog)
            try await fetchAll(fetcher, into: output, context: context)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    static func configuration(_ settings: HTTPFetchSettings) -> HTTPClient.Configuration {
        let timeout = TimeAmount.nanoseconds(
            settings.timeout.components.seconds * 1_000_000_000 + settings.timeout.components.attoseconds / 1_000_000_000)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: timeout, read: timeout),
            connectionPool: HTTPClient.Configuration.ConnectionPool(
                idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(settings.perHost, 1)))
        configuration.httpVersion = .automatic
        // A failed connection fails its request at once; the retry policy decides what happens next
        // (the client's own retrying would hold every failure until the connect timeout).
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.tlsConfiguration = TrustedAuthorities.clientConfiguration(adding: settings.trustedAuthorities)
        return configuration
    }

    private func fetchAll(_ fetcher: HTTPFetcher, into output: SourceOutput, context: StageContext) async throws {
        let isReproducible = context.run.isReproducible
        let epoch = context.run.startedAt
        let urls = self.urls
        try await withThrowingTaskGroup(of: (Int, Item).self) { group in
            var launched = 0
            var emitted = 0
            var ready: [Int: Item] = [:]
            while launched < urls.count, launched < window {
                let index = launched
                group.addTask { (index, await Self.item(urls[index], fetcher, isReproducible ? epoch : nil)) }
                launched += 1
            }
            while let finished = try await group.next() {
                ready[finished.0] = finished.1
                while let item = ready.removeValue(forKey: emitted) {
                    try Task.checkCancellation()
                    switch item {
                    case .document(let document, let micros): try await output.emit(document, micros: micros)
                    case .failed(let uri, let reason): try await output.fail(uri: uri, reason: reason)
                    }
                    emitted += 1
                    if launched < urls.count {
                        let next = launched
                        group.addTask { (next, await Self.item(urls[next], fetcher, isReproducible ? epoch : nil)) }
                        launched += 1
                    }
                }
            }
        }
    }

    private static func item(_ uri: String, _ fetcher: HTTPFetcher, _ reproducibleEpoch: Int?) async -> Item {
        guard let url = HTTPURL(uri) else {
            return .failed(uri: uri, reason: "'\(uri)' is not an absolute http:// or https:// URL")
        }
        let started = ContinuousClock.now
        switch await fetcher.fetch(url) {
        case .failed(let reason):
            return .failed(uri: uri, reason: reason)
        case .fetched(let result):
            let contentType = result.contentType.flatMap(ContentType.init)
            var document = FetchedDocument.make(
                uri: uri, bytes: result.body, mediaType: contentType?.mediaType ?? MediaType.sniff(result.body),
                headerCharset: contentType?.charset, fetchedAt: reproducibleEpoch ?? Timestamp.now(),
                status: result.status, finalURI: result.finalURL)
            document.metadata["redirects"] = .int(result.redirects)
            let elapsed = (ContinuousClock.now - started).components
            return .document(document, micros: Int(elapsed.seconds) * 1_000_000 + Int(elapsed.attoseconds / 1_000_000_000_000))
        }
    }
}
