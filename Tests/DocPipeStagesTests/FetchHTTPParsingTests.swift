import Foundation
import Testing

@testable import DocPipeStages

@Suite("fetch: HTTP parsing")
struct FetchHTTPParsingTests {
    @Test("robots.txt: groups, longest match, Allow wins ties, wildcards, $ anchors")
    func robotsRules() {
        let text = """
            User-agent: Googlebot
            Disallow: /

            User-agent: DocPipe
            User-agent: other
            Disallow: /a
            Allow: /a/b
            Disallow: /*.pdf$
            Disallow: /q?*secret
            Allow: /x
            Disallow: /x

            User-agent: *
            Disallow: /everything
            """
        let rules = RobotsRules.parse(text, userAgent: "docpipe/1.0 (+https://example.org)")
        #expect(rules.rules.count == 6)
        #expect(rules.refusal(for: "/a/c") == "disallowed by robots.txt (Disallow: /a)")
        #expect(rules.refusal(for: "/a/b/c") == nil)
        #expect(rules.refusal(for: "/doc.pdf") != nil)
        #expect(rules.refusal(for: "/doc.pdf?x=1") == nil)
        #expect(rules.refusal(for: "/q?token=secret") != nil)
        #expect(rules.refusal(for: "/x") == nil, "Allow wins a tie")
        #expect(rules.refusal(for: "/everything") == nil, "the * group does not apply when ours exists")
        #expect(rules.refusal(for: "/robots.txt") == nil)
        let star = RobotsRules.parse(text, userAgent: "somebot")
        #expect(star.refusal(for: "/everything/x") != nil)
        #expect(star.refusal(for: "/a") == nil)
    }

    @Test("robots.txt: bad input never crashes and means no restriction")
    func robotsBadInput() {
        for text in ["", "garbage\n\u{0}\u{1}", "Disallow: /before-any-agent", ":::", "User-agent:\nDisallow:", "User-agent: *\nDisallow"] {
            let rules = RobotsRules.parse(text, userAgent: "docpipe")
            #expect(rules.refusal(for: "/before-any-agent") == nil, "\(text.debugDescription)")
        }
        #expect(RobotsRules.matches(pattern: "*", path: "/anything"))
        #expect(RobotsRules.matches(pattern: "/$", path: "/"))
        #expect(!RobotsRules.matches(pattern: "/$", path: "/a"))
        #expect(RobotsRules.productToken("DocPipe/0.1") == "docpipe")
    }

    @Test("robots.txt status rules: 4xx allows all, 5xx and failures disallow the host")
    func robotsStatus() {
        let url = HTTPURL("http://example.org:8080/p")!
        #expect(RobotsPolicy.rules(from: .response(status: 404, body: []), url: url, userAgent: "d") == .allowAll)
        #expect(RobotsPolicy.rules(from: .response(status: 503, body: []), url: url, userAgent: "d").refusal(for: "/p")?.contains("HTTP 503") == true)
        #expect(RobotsPolicy.rules(from: .failed("refused"), url: url, userAgent: "d").refusal(for: "/p")?.contains("refused") == true)
        #expect(url.robotsURL == "http://example.org:8080/robots.txt")
        #expect(HTTPURL("https://Example.org/a?b=1#frag")?.pathAndQuery == "/a?b=1")
        #expect(HTTPURL("https://example.org")?.pathAndQuery == "/")
        #expect(HTTPURL("https://example.org")?.origin == "https://example.org:443")
    }

    @Test("URL files: comments, blank lines, CRLF, trailing notes")
    func urlFiles() {
        #expect(URLList.parse("# c\r\nhttp://a/1\r\n\r\n  http://a/2 # note\n#http://a/3\n\u{FEFF}") == ["http://a/1", "http://a/2"])
        #expect(URLList.parse("") == [])
        #expect(URLList.problem(with: "http://a/1") == nil)
        #expect(URLList.problem(with: "https://a") == nil)
        for bad in ["", "a/b", "ftp://a/b", "http://", "file:///etc/passwd", "mailto:x@y"] {
            #expect(URLList.problem(with: bad) != nil, "\(bad)")
        }
    }

    @Test("Content-Type: media type and charset, quoted or not; bad headers are nil")
    func contentType() {
        #expect(ContentType("text/html; charset=GBK") == ContentType(mediaType: "text/html", charset: "GBK"))
        #expect(ContentType("Text/HTML;Charset=\"big5\"")?.charset == "big5")
        #expect(ContentType("text/plain")?.charset == nil)
        #expect(ContentType("text/plain; charset=")?.charset == nil)
        #expect(ContentType("") == nil)
        #expect(ContentType("garbage") == nil)
        #expect(ContentType(";charset=utf-8") == nil)
    }

    @Test("Retry-After: seconds or an HTTP date; garbage is ignored; backoff grows with jitter, Retry-After capped")
    func retryAfter() {
        #expect(RetryPolicy.parseRetryAfter("1") == .seconds(1))
        #expect(RetryPolicy.parseRetryAfter(" 120 ") == .seconds(120))
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == .seconds(10))
        let policy = RetryPolicy(retries: 3, backoff: .milliseconds(100))
        #expect(policy.delay(afterAttempt: 0, retryAfter: .seconds(600)) == .seconds(60))
        for attempt in 0..<4 {
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil)
            #expect(delay >= .milliseconds(50 << attempt) && delay <= .milliseconds(100 << attempt))
        }
        #expect(RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 500))
        #expect(!RetryPolicy.isRetryable(status: 404) && !RetryPolicy.isRetryable(status: 200))
    }

    @Test("the throttle holds the limit per key and serves waiters in order")
    func throttle() async throws {
        let throttle = HostThrottle(limit: 2)
        try await throttle.acquire("h")
        try await throttle.acquire("h")
        try await throttle.acquire("other")
        let waiter = Task { try await throttle.acquire("h") }
        try await Task.sleep(for: .milliseconds(20))
        await throttle.release("h")
        try await waiter.value
        let cancelled = Task { try await throttle.acquire("h") }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
    }
}
