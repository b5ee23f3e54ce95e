import Synchronization

/// A value delivered once and awaited once: the slot that keeps a concurrent stage's output in
/// input order.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<Value?, Never>)
        case filled(Value)
        case closed
    }

    private let state = Mutex(State.empty)

    /// Delivers the value, waking the waiter.
    func fulfill(_ value: Value) {
        let waiter: CheckedContinuation<Value?, Never>? = state.withLock { state in
            switch state {
            case .waiting(let continuation):
                state = .closed
                return continuation
            case .empty:
                state = .filled(value)
                return nil
            case .filled(let old):
                state = .filled(old)
                return nil
            case .closed:
                state = .closed
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    /// Wakes the waiter with `nil`: the value will never come (the run is stopping).
    func close() {
        let waiter: CheckedContinuation<Value?, Never>? = state.withLock { state in
            switch state {
            case .waiting(let continuation):
                state = .closed
                return continuation
            case .filled(let value):
                state = .filled(value)
                return nil
            case .empty, .closed:
                state = .closed
                return nil
            }
        }
        waiter?.resume(returning: nil)
    }

    /// Whether the value has been delivered (and not yet taken).
    var isReady: Bool {
        state.withLock { state in
            if case .filled = state { return true }
            return false
        }
    }

    /// The value, once delivered; `nil` if the slot was closed.
    func value() async -> Value? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
            let ready: Value?? = state.withLock { state in
                switch state {
                case .filled(let value):
                    state = .closed
                    return .some(value)
                case .closed:
                    state = .closed
                    return .some(nil)
                case .empty:
                    state = .waiting(continuation)
                    return nil
                case .waiting(let other):
                    state = .waiting(other)
                    return .some(nil)
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
