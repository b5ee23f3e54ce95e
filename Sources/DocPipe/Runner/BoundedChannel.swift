import Synchronization

/// A multi-producer, multi-consumer queue with a capacity: `send` waits while it is full,
/// `receive` waits while it is empty. This is what keeps memory bounded: a fast stage cannot
/// run ahead of a slow one by more than the capacity.
///
/// ``finish()`` ends the stream after the queued elements; ``cancel()`` ends it at once, drops
/// queued elements and wakes every waiter (senders throw ``ChannelCancelled``). A task that is
/// cancelled while it waits is woken too: its `receive` returns `nil`, its `send` throws.
final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State: ~Copyable {
        /// A ring of `capacity` slots; elements are moved out, never copied, when taken.
        var ring: [Element?]
        var head = 0
        var count = 0
        var finished = false
        var cancelled = false
        var receivers: [(id: Int, continuation: CheckedContinuation<Element?, Never>)] = []
        var senders: [(id: Int, element: Element, continuation: CheckedContinuation<Void, any Error>)] = []
        /// Waiters whose task was cancelled before they parked.
        var cancelledWaiters: Set<Int> = []
        var nextWaiterID = 0

        init(capacity: Int) {
            ring = Array(repeating: nil, count: capacity)
        }

        mutating func append(_ element: Element) {
            ring[(head + count) % ring.count] = element
            count += 1
        }

        mutating func popFirst() -> Element? {
            guard count > 0 else { return nil }
            let element = ring[head].take()
            head = (head + 1) % ring.count
            count -= 1
            return element
        }

        mutating func removeAll() {
            for index in ring.indices { ring[index] = nil }
            head = 0
            count = 0
        }
    }

    private let capacity: Int
    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        state = Mutex(State(capacity: max(1, capacity)))
    }

    /// Queues `element`, waiting while the channel is full; throws ``ChannelCancelled`` once
    /// the channel is cancelled or finished.
    func send(_ element: Element) async throws {
        if try offer(element, waiting: nil) { return }
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                do {
                    if try offer(element, waiting: (id, continuation)) { continuation.resume() }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let sender = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                if let index = state.senders.firstIndex(where: { $0.id == id }) {
                    return state.senders.remove(at: index).continuation
                }
                state.cancelledWaiters.insert(id)
                return nil
            }
            sender?.resume(throwing: CancellationError())
        }
    }

    /// Hands `element` to a waiting receiver or buffers it; returns false when it must wait
    /// (and then parks `waiting`, if given, as a sender).
    private func offer(_ element: Element, waiting: (id: Int, continuation: CheckedContinuation<Void, any Error>)?) throws -> Bool {
        let outcome: OfferOutcome = state.withLock { state in
            if state.cancelled || state.finished { return .closed }
            if let waiting, state.cancelledWaiters.remove(waiting.id) != nil { return .closed }
            if !state.receivers.isEmpty { return .handed(state.receivers.removeFirst().continuation) }
            if state.count < capacity {
                state.append(element)
                return .accepted
            }
            if let waiting { state.senders.append((waiting.id, element, waiting.continuation)) }
            return .full
        }
        switch outcome {
        case .accepted: return true
        case .full: return false
        case .closed: throw ChannelCancelled()
        case .handed(let receiver):
            receiver.resume(returning: element)
            return true
        }
    }

    /// The next element, or `nil` once the channel is finished and empty, or cancelled.
    func receive() async -> Element? {
        switch take(waiting: nil) {
        case .value(let element): return element
        case .end: return nil
        case .parked: break
        }
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                switch take(waiting: (id, continuation)) {
                case .value(let element): continuation.resume(returning: element)
                case .end: continuation.resume(returning: nil)
                case .parked: break
                }
            }
        } onCancel: {
            let receiver = state.withLock { state -> CheckedContinuation<Element?, Never>? in
                if let index = state.receivers.firstIndex(where: { $0.id == id }) {
                    return state.receivers.remove(at: index).continuation
                }
                state.cancelledWaiters.insert(id)
                return nil
            }
            receiver?.resume(returning: nil)
        }
    }

    private enum Taken { case value(Element), end, parked }
    private enum OfferOutcome { case accepted, full, closed, handed(CheckedContinuation<Element?, Never>) }

    /// Takes the next element (refilling the buffer from a waiting sender), or parks `waiting`.
    private func take(waiting: (id: Int, continuation: CheckedContinuation<Element?, Never>)?) -> Taken {
        let (taken, sender): (Taken, CheckedContinuation<Void, any Error>?) = state.withLock { state in
            if state.cancelled { return (.end, nil) }
            if let element = state.popFirst() {
                guard !state.senders.isEmpty else { return (.value(element), nil) }
                let sender = state.senders.removeFirst()
                state.append(sender.element)
                return (.value(element), sender.continuation)
            }
            if !state.senders.isEmpty {
                let sender = state.senders.removeFirst()
                return (.value(sender.element), sender.continuation)
            }
            if state.finished { return (.end, nil) }
            if let waiting {
                if state.cancelledWaiters.remove(waiting.id) != nil { return (.end, nil) }
                state.receivers.append(waiting)
            }
            return (.parked, nil)
        }
        sender?.resume()
        return taken
    }

    /// The element `receive()` would return next, if one is queued now (without taking it).
    func peek() -> Element? {
        state.withLock { state in
            state.count > 0 ? state.ring[state.head] : state.senders.first?.element
        }
    }

    /// Ends the stream: receivers get the queued elements, then `nil`.
    func finish() {
        let receivers = state.withLock { state -> [CheckedContinuation<Element?, Never>] in
            state.finished = true
            guard state.count == 0 && state.senders.isEmpty else { return [] }
            defer { state.receivers.removeAll() }
            return state.receivers.map(\.continuation)
        }
        for receiver in receivers { receiver.resume(returning: nil) }
    }

    /// Ends the stream now: queued elements are dropped, waiting senders throw, receivers get `nil`.
    func cancel() {
        let (receivers, senders) = state.withLock { state in
            state.cancelled = true
            state.removeAll()
            defer {
                state.receivers.removeAll()
                state.senders.removeAll()
            }
            return (state.receivers.map(\.continuation), state.senders.map(\.continuation))
        }
        for receiver in receivers { receiver.resume(returning: nil) }
        for sender in senders { sender.resume(throwing: ChannelCancelled()) }
    }
}

/// The channel was cancelled because the run is stopping.
struct ChannelCancelled: Error {}
