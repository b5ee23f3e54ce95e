/// Obeys robots.txt: fetches it once per origin per run (concurrent requests share the fetch)
/// and answers whether a URL may be fetched by our user agent.
///
/// A robots.txt answering 2xx is parsed; 4xx (including 404) means no restrictions; 5xx or an
/// unreachable server after retries means the whole host is treated as disallowed (RFC 9309 §2.3.1.4).
actor RobotsPolicy {
    /// Loads the robots.txt at a URL: its status and body, or why it could not be fetched.
    typealias Loader = @Sendable (HTTPURL) async -> RobotsFetch

    enum RobotsFetch: Sendable {
        case response(status: Int, body: [UInt8])
        case failed(String)
    }

    private let userAgent: String
    private let load: Loader
    private var cache: [String: Task<RobotsRules, Never>] = [:]

    init(userAgent: String, load: @escaping Loader) {
        self.userAgent = userAgent
        self.load = load
    }

    /// `nil` when `url` may be fetched, otherwise the reason it may not.
    func refusal(for url: HTTPURL) async -> String? {
        let task: Task<RobotsRules, Never>
        if let cached = cache[url.origin] {
            task = cached
        } else {
            let load = self.load
            let userAgent = self.userAgent
            task = Task { Self.rules(from: await load(url), url: url, userAgent: userAgent) }
            cache[url.origin] = task
        }
        return await task.value.refusal(for: url.pathAndQuery)
    }

    static func rules(from fetch: RobotsFetch, url: HTTPURL, userAgent: String) -> RobotsRules {
        switch fetch {
        case .response(let status, let body) where (200...299).contains(status):
            return RobotsRules.parse(String(decoding: body, as: UTF8.self), userAgent: userAgent)
        case .response(let status, _) where (400...499).contains(status):
            return .allowAll
        case .response(let status, _):
            return RobotsRules(rules: [], disallowAll: "robots.txt at \(url.robotsURL) answered HTTP \(status), so the host is treated as disallowed")
        case .failed(let reason):
            return RobotsRules(rules: [], disallowAll: "robots.txt at \(url.robotsURL) could not be fetched (\(reason)), so the host is treated as disallowed")
        }
    }
}
