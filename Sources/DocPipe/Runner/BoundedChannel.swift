import Synchronization

/// A multi-producer, multi-consumer queue with a capacity: `send` waits while it is full,
/// `receive` waits while it is empty. This is what keeps memory bounded: a fast stage cannot
/// run ahead of a slow one by more than the capacity.
///
/// ``finish()`` ends the stream after the queued elements; ``cancel()`` ends it at once, drops
/// queued elements and wakes every waiter (senders throw ``ChannelCancelled``).
final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State: ~Copyable {
        var buffer: [Element] = []
        var head = 0
        var finished = false
        var cancelled = false
        var receivers: [CheckedContinuation<Element?, Never>] = []
        var senders: [(element: Element, continuation: CheckedContinuation<Void, any Error>)] = []

        var count: Int { buffer.count - head }

        mutating func popFirst() -> Element? {
            guard head < buffer.count else { return nil }
            let element = buffer[head]
            head += 1
            if head > 64 && head * 2 > buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return element
        }
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `element`, waiting while the channel is full; throws ``ChannelCancelled`` once
    /// the channel is cancelled or finished.
    func send(_ element: Element) async throws {
        if try offer(element, waiting: nil) { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            do {
                if try offer(element, waiting: continuation) { continuation.resume() }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Hands `element` to a waiting receiver or buffers it; returns false when it must wait
    /// (and then parks `waiting`, if given, as a sender).
    private func offer(_ element: Element, waiting: CheckedContinuation<Void, any Error>?) throws -> Bool {
        let outcome: OfferOutcome = state.withLock { state in
            if state.cancelled || state.finished { return .closed }
            if !state.receivers.isEmpty { return .handed(state.receivers.removeFirst()) }
            if state.count < capacity {
                state.buffer.append(element)
                return .accepted
            }
            if let waiting { state.senders.append((element, waiting)) }
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
        return await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
            switch take(waiting: continuation) {
            case .value(let element): continuation.resume(returning: element)
            case .end: continuation.resume(returning: nil)
            case .parked: break
            }
        }
    }

    private enum Taken { case value(Element), end, parked }
    private enum OfferOutcome { case accepted, full, closed, handed(CheckedContinuation<Element?, Never>) }

    /// Takes the next element (refilling the buffer from a waiting sender), or parks `waiting`.
    private func take(waiting: CheckedContinuation<Element?, Never>?) -> Taken {
        let (taken, sender): (Taken, CheckedContinuation<Void, any Error>?) = state.withLock { state in
            if state.cancelled { return (.end, nil) }
            if let element = state.popFirst() {
                guard !state.senders.isEmpty else { return (.value(element), nil) }
                let sender = state.senders.removeFirst()
                state.buffer.append(sender.element)
                return (.value(element), sender.continuation)
            }
            if !state.senders.isEmpty {
                let sender = state.senders.removeFirst()
                return (.value(sender.element), sender.continuation)
            }
            if state.finished { return (.end, nil) }
            if let waiting { state.receivers.append(waiting) }
            return (.parked, nil)
        }
        sender?.resume()
        return taken
    }

    /// The element `receive()` would return next, if one is queued now (without taking it).
    func peek() -> Element? {
        state.withLock { state in
            state.head < state.buffer.count ? state.buffer[state.head] : state.senders.first?.element
        }
    }

    /// Ends the stream: receivers get the queued elements, then `nil`.
    func finish() {
        let receivers = state.withLock { state -> [CheckedContinuation<Element?, Never>] in
            state.finished = true
            guard state.count == 0 && state.senders.isEmpty else { return [] }
            defer { state.receivers.removeAll() }
            return state.receivers
        }
        for receiver in receivers { receiver.resume(returning: nil) }
    }

    /// Ends the stream now: queued elements are dropped, waiting senders throw, receivers get `nil`.
    func cancel() {
        let (receivers, senders) = state.withLock { state in
            state.cancelled = true
            state.buffer.removeAll()
            state.head = 0
            defer {
                state.receivers.removeAll()
                state.senders.removeAll()
            }
            return (state.receivers, state.senders.map(\.continuation))
        }
        for receiver in receivers { receiver.resume(returning: nil) }
        for sender in senders { sender.resume(throwing: ChannelCancelled()) }
    }
}

/// The channel was cancelled because the run is stopping.
struct ChannelCancelled: Error {}
