import Foundation

/// When and how long to wait before trying a request again.
///
/// Connection errors, timeouts, 5xx and 429 are retried up to `retries` times with exponential
/// backoff and jitter: attempt *n* (from 0) waits a random time between half and all of
/// `backoff · 2ⁿ`, at most `maximumBackoff`. A `Retry-After` header replaces the computed wait,
/// capped at `maximumRetryAfter`.
struct RetryPolicy: Sendable {
    var retries: Int
    var backoff: Duration
    var maximumBackoff: Duration = .seconds(30)
    var maximumRetryAfter: Duration = .seconds(60)

    /// Whether a response with `status` is worth another attempt.
    static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// The wait before retry number `attempt + 1`.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maximumRetryAfter) }
        let exponent = min(attempt, 20)
        let full = min(backoff * (1 << exponent), maximumBackoff)
        return full * Double.random(in: 0.5...1.0)
    }

    /// A `Retry-After` value: delay seconds, or an HTTP date (waiting until then).
    static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? .seconds(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int((date.timeIntervalSince(now) * 1000).rounded(.up))))
    }
}
