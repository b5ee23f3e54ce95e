import AsyncHTTPClient
import DocPipe
import NIOCore
import NIOHTTP1
import NIOSSL

/// Fetches one URL politely and resiliently: robots.txt, per-host and global limits, a timeout
/// for the whole exchange, retries with backoff, redirects (followed here, so the chain is
/// known), the `accept` list and the `max_bytes` cap while streaming the body.
///
/// Holds no state of its own; the client, throttles and robots cache are shared by all requests
/// of one run.
struct HTTPFetcher: Sendable {
    let client: HTTPClient
    let settings: HTTPFetchSettings
    let hostThrottle: HostThrottle
    let globalThrottle: HostThrottle
    let watchdog: RequestWatchdog
    private(set) var robots: RobotsPolicy?

    /// The largest robots.txt read (RFC 9309 asks for at least 500 KiB).
    static let robotsMaximumBytes = 512 * 1024

    init(client: HTTPClient, settings: HTTPFetchSettings, watchdog: RequestWatchdog) {
        self.client = client
        self.settings = settings
        self.watchdog = watchdog
        hostThrottle = HostThrottle(limit: settings.perHost, interval: settings.delay)
        globalThrottle = HostThrottle(limit: settings.concurrency)
        robots = nil
        if settings.robots {
            let plain = self
            robots = RobotsPolicy(userAgent: settings.userAgent) { url in await plain.fetchRobots(for: url) }
        }
    }

    /// The outcome of fetching `url` (following redirects).
    func fetch(_ url: HTTPURL) async -> HTTPFetchOutcome {
        var current = url
        var chain = [url.string]
        while true {
            if let robots, let refusal = await robots.refusal(for: current) {
                return .failed(chain.count > 1 ? "\(refusal) (after redirects: \(chain.joined(separator: " → ")))" : refusal)
            }
            switch await request(current, maximumBytes: settings.maxBytes, checkAccept: true) {
            case .failed(let reason):
                return .failed(reason)
            case .status(let head):
                return .failed("HTTP \(head.status) \(head.reason)")
            case .redirect(let head, let location):
                guard let next = current.resolve(location) else {
                    return .failed("HTTP \(head.status) redirect to '\(location)', which is not an http(s) URL")
                }
                if chain.contains(next.string) {
                    return .failed("redirect loop: \((chain + [next.string]).joined(separator: " → "))")
                }
                guard chain.count <= settings.maxRedirects else {
                    return .failed("more than \(settings.maxRedirects) redirects (max_redirects): \((chain + [next.string]).joined(separator: " → "))")
                }
                chain.append(next.string)
                current = next
            case .body(let head, let body):
                return .fetched(
                    HTTPFetchResult(
                        finalURL: current.string, status: head.status, contentType: head.contentType, body: body,
                        redirects: chain.count - 1))
            }
        }
    }

    /// robots.txt for the origin of `url`, following up to five redirects, without robots or
    /// `accept` checks.
    func fetchRobots(for url: HTTPURL) async -> RobotsPolicy.RobotsFetch {
        guard var current = HTTPURL(url.robotsURL) else { return .failed("invalid robots.txt URL") }
        for _ in 0...5 {
            switch await request(current, maximumBytes: Self.robotsMaximumBytes, checkAccept: false) {
            case .failed(let reason): return .failed(reason)
            case .status(let head): return .response(status: head.status, body: [])
            case .body(let head, let body): return .response(status: head.status, body: body)
            case .redirect(let head, let location):
                guard let next = current.resolve(location) else { return .response(status: head.status, body: []) }
                current = next
            }
        }
        return .failed("too many redirects")
    }

    // MARK: - One hop, with retries

    struct Head: Sendable {
        var status: Int
        var reason: String
        var contentType: String?
    }

    enum HopResult: Sendable {
        /// A 2xx response and its body.
        case body(Head, [UInt8])
        /// A 3xx with a `Location`.
        case redirect(Head, location: String)
        /// Another status that is not retried (4xx other than 429); the body is not read.
        case status(Head)
        case failed(String)
    }

    private enum AttemptResult: Sendable {
        case done(HopResult)
        case retryable(String, retryAfter: Duration?)
    }

    /// One request to `url`, retried per the retry policy.
    func request(_ url: HTTPURL, maximumBytes: Int, checkAccept: Bool) async -> HopResult {
        var attempt = 0
        while true {
            switch await attemptOnce(url, maximumBytes: maximumBytes, checkAccept: checkAccept) {
            case .done(let result):
                return result
            case .retryable(let reason, let retryAfter):
                guard attempt < settings.retry.retries else {
                    return .failed(attempt == 0 ? reason : "\(reason) (\(attempt + 1) attempts)")
                }
                do {
                    try await Task.sleep(for: settings.retry.delay(afterAttempt: attempt, retryAfter: retryAfter))
                } catch {
                    return .failed("cancelled")
                }
                attempt += 1
            }
        }
    }

    /// One attempt: waits for the host's and the run's limits, then runs the exchange under the
    /// timeout.
    private func attemptOnce(_ url: HTTPURL, maximumBytes: Int, checkAccept: Bool) async -> AttemptResult {
        do {
            try await hostThrottle.acquire(url.origin)
        } catch {
            return .done(.failed("cancelled"))
        }
        do {
            try await globalThrottle.acquire("")
        } catch {
            await hostThrottle.release(url.origin)
            return .done(.failed("cancelled"))
        }
        let timedOut = OnceFlag()
        let work = Task { await self.exchange(url, maximumBytes: maximumBytes, checkAccept: checkAccept) }
        let watch = watchdog.watch(until: .now + settings.timeout) {
            timedOut.set()
            work.cancel()
        }
        var result = await withTaskCancellationHandler { await work.value } onCancel: { work.cancel() }
        watchdog.unwatch(watch)
        switch (timedOut.isSet, result) {
        case (true, .done(.failed)), (true, .retryable):
            // Cancelled by the watchdog; a response that completed at the deadline is kept.
            result = .retryable("timed out after \(DurationParser.format(settings.timeout)) (timeout)", retryAfter: nil)
        default:
            break
        }
        await globalThrottle.release("")
        await hostThrottle.release(url.origin)
        return result
    }

    private func exchange(_ url: HTTPURL, maximumBytes: Int, checkAccept: Bool) async -> AttemptResult {
        var request = HTTPClientRequest(url: url.string)
        request.headers.replaceOrAdd(name: "User-Agent", value: settings.userAgent)
        for header in settings.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        do {
            let nanoseconds = settings.timeout.components.seconds * 1_000_000_000 + settings.timeout.components.attoseconds / 1_000_000_000
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            let status = Int(response.status.code)
            let head = Head(status: status, reason: response.status.reasonPhrase, contentType: response.headers.first(name: "content-type"))
            if (300...399).contains(status), let location = response.headers.first(name: "location") {
                return .done(.redirect(head, location: location))
            }
            if RetryPolicy.isRetryable(status: status) {
                let retryAfter = response.headers.first(name: "retry-after").flatMap { RetryPolicy.parseRetryAfter($0) }
                return .retryable("HTTP \(status) \(head.reason)", retryAfter: retryAfter)
            }
            guard (200...299).contains(status) else { return .done(.status(head)) }
            let declared = head.contentType.flatMap(ContentType.init)
            if checkAccept, let declared, !settings.accepts(declared.mediaType) {
                return .done(.failed(notAccepted(declared.mediaType)))
            }
            let length = response.headers.first(name: "content-length").flatMap { Int($0) }
            if let length, length > maximumBytes {
                return .done(.failed(tooLarge("\(length) bytes (Content-Length)", maximumBytes)))
            }
            var body: [UInt8] = []
            body.reserveCapacity(min(length ?? 64 * 1024, maximumBytes))
            for try await buffer in response.body {
                guard body.count + buffer.readableBytes <= maximumBytes else {
                    return .done(.failed(tooLarge("more than \(maximumBytes) bytes", maximumBytes)))
                }
                body.append(contentsOf: buffer.readableBytesView)
            }
            if checkAccept, declared == nil {
                let sniffed = MediaType.sniff(body)
                if !settings.accepts(sniffed) { return .done(.failed(notAccepted(sniffed) + " (sniffed; no Content-Type)")) }
            }
            return .done(.body(head, body))
        } catch let error as HTTPClientError {
            if [.connectTimeout, .readTimeout, .deadlineExceeded, .writeTimeout, .getConnectionFromPoolTimeout]
                .contains(error)
            {
                return .retryable("timed out after \(DurationParser.format(settings.timeout)) (timeout)", retryAfter: nil)
            }
            if error == .remoteConnectionClosed {
                return .retryable("connection closed by the server before the response was complete", retryAfter: nil)
            }
            if [.invalidURL, .emptyHost, .emptyScheme, .cancelled, .alreadyShutdown].contains(error) {
                return .done(.failed("request failed: \(error)"))
            }
            return .retryable("request failed: \(error)", retryAfter: nil)
        } catch let error as NIOSSLError {
            // An untrusted certificate or no common protocol: trying again cannot help.
            return .done(.failed(Self.tlsFailure(error)))
        } catch let error as NIOSSLExtraError {
            return .done(.failed(Self.tlsFailure(error)))
        } catch is CancellationError {
            return .done(.failed("cancelled"))
        } catch {
            return .retryable("connection error: \(error)", retryAfter: nil)
        }
    }

    /// A TLS failure in words, with the fix for the common case of a private authority.
    private static func tlsFailure(_ error: any Error) -> String {
        let detail = "\(error)"
        if detail.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS handshake failed: the server's certificate is not trusted (a private authority can be added with ca_file)"
        }
        if detail.contains("failedToValidateHostname") {
            return "TLS handshake failed: the server's certificate is not valid for this host name"
        }
        return "TLS handshake failed: \(detail)"
    }

    private func notAccepted(_ mediaType: String) -> String {
        "media type \(mediaType) is not accepted (accept: \(settings.accept.joined(separator: ", ")))"
    }

    private func tooLarge(_ size: String, _ maximumBytes: Int) -> String {
        "response too large: \(size), over max_bytes (\(maximumBytes))"
    }
}

/// What fetching one URL gave.
enum HTTPFetchOutcome: Sendable {
    case fetched(HTTPFetchResult)
    /// The reason the URL yields no document.
    case failed(String)
}

/// A successful fetch.
struct HTTPFetchResult: Sendable {
    /// The URL of the response, after redirects.
    var finalURL: String
    var status: Int
    /// The `Content-Type` header, if any.
    var contentType: String?
    var body: [UInt8]
    var redirects: Int
}
