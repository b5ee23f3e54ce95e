import Synchronization

/// Enforces the whole-request timeout for every request of a run with one ticking task, rather
/// than a timer per request (a cancelled `Task.sleep` keeps its timer, and memory, until it would
/// have fired, so per-request sleeps made memory grow with the number of pages).
final class RequestWatchdog: Sendable {
    private struct Watched {
        var deadline: ContinuousClock.Instant
        var expire: @Sendable () -> Void
    }

    private struct State {
        var nextID = 0
        var watched: [Int: Watched] = [:]
    }

    /// How often deadlines are checked: timeouts fire up to this late.
    let tick: Duration
    private let state = Mutex(State())

    init(timeout: Duration) {
        tick = min(max(timeout / 10, .milliseconds(10)), .milliseconds(250))
    }

    /// Checks deadlines every `tick` until cancelled.
    func start() -> Task<Void, Never> {
        Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                fireExpired()
            }
        }
    }

    /// Calls `expire` once `deadline` has passed, unless `unwatch` comes first.
    func watch(until deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.watched[id] = Watched(deadline: deadline, expire: expire)
            return id
        }
    }

    func unwatch(_ id: Int) {
        _ = state.withLock { $0.watched.removeValue(forKey: id) }
    }

    private func fireExpired() {
        let now = ContinuousClock.now
        let expired = state.withLock { state -> [Watched] in
            let ids = state.watched.filter { $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { state.watched.removeValue(forKey: $0) }
        }
        for watched in expired { watched.expire() }
    }
}

/// A flag set once, from any thread.
final class OnceFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
