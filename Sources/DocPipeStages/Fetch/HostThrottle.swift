/// Limits simultaneous requests per key (a host's origin, or one shared key for the global
/// limit) and spaces the starts of requests to one key by at least `interval`.
///
/// Waiters are served first come, first served; a cancelled waiter leaves the queue with
/// `CancellationError`.
actor HostThrottle {
    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct KeyState {
        var active = 0
        var lastStart: ContinuousClock.Instant?
        var waiters: [Waiter] = []
    }

    let limit: Int
    let interval: Duration
    private var keys: [String: KeyState] = [:]
    private var nextWaiterID = 0

    init(limit: Int, interval: Duration = .zero) {
        self.limit = max(1, limit)
        self.interval = interval
    }

    /// Waits for a slot for `key` (and for its turn when `interval` is set). Every successful
    /// `acquire` must be balanced by one `release`.
    func acquire(_ key: String) async throws {
        try await takeSlot(key)
        guard interval > .zero else { return }
        // Spacing is measured between actual starts: sleepers that wake late (a busy machine) or
        // together re-check, so two starts are never closer than `interval`.
        while true {
            let now = ContinuousClock.now
            let earliest = keys[key]?.lastStart.map { $0 + interval } ?? now
            if earliest <= now {
                keys[key, default: KeyState()].lastStart = now
                return
            }
            do {
                try await Task.sleep(until: earliest, clock: .continuous)
            } catch {
                release(key)
                throw error
            }
        }
    }

    /// Gives back a slot taken by `acquire`.
    func release(_ key: String) {
        guard var state = keys[key] else { return }
        if state.waiters.isEmpty {
            state.active -= 1
        } else {
            state.waiters.removeFirst().continuation.resume()
        }
        if state.active == 0, state.waiters.isEmpty, interval == .zero {
            keys[key] = nil
        } else {
            keys[key] = state
        }
    }

    private func takeSlot(_ key: String) async throws {
        var state = keys[key, default: KeyState()]
        if state.active < limit {
            state.active += 1
            keys[key] = state
            return
        }
        let id = nextWaiterID
        nextWaiterID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    keys[key, default: KeyState()].waiters.append(Waiter(id: id, continuation: continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(key, id: id) }
        }
    }

    private func cancelWaiter(_ key: String, id: Int) {
        guard let index = keys[key]?.waiters.firstIndex(where: { $0.id == id }) else { return }
        keys[key]!.waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
