/// A flat trie over normalized Unicode scalars, built once per taxonomy.
///
/// Scalars are first mapped to dense alphabet codes (a 64 K table for the BMP, a dictionary for
/// the rare astral scalars); a scalar that occurs in no phrase maps to 0, so most positions of a
/// text cost one table load. The root has a dense transition table indexed by code; every other
/// node keeps its children sorted by code in one flat array, found by binary search. The work per
/// text position is bounded by the length of the longest phrase that starts there, not by the
/// number of phrases.
struct PhraseTrie: Sendable {
    /// Alphabet code of each BMP scalar (0: in no phrase).
    private var bmpCodes: [UInt16]
    /// Alphabet codes of astral scalars.
    private var astralCodes: [UInt32: UInt16]
    /// Child of the root for each alphabet code (0: none; the root is node 0).
    private var rootNext: [Int32]
    /// For node n, its children are `childCodes[childStart[n]..<childStart[n + 1]]`.
    private var childStart: [Int32]
    private var childCodes: [UInt16]
    private var childNodes: [Int32]
    /// For each node, the value stored at it (-1: none).
    private(set) var values: [Int32]

    /// The most distinct scalars the phrases of one trie may use.
    static let maximumAlphabet = Int(UInt16.max) - 1

    /// Builds a trie of `keys` (normalized scalars, non-empty); key `i` stores value `i`. Later
    /// duplicates of a key are ignored.
    init(keys: [[UInt32]]) {
        // Alphabet.
        var bmpCodes = [UInt16](repeating: 0, count: 0x10000)
        var astralCodes: [UInt32: UInt16] = [:]
        var alphabetSize = 0
        func code(_ value: UInt32) -> UInt16 {
            if value < 0x10000 {
                if bmpCodes[Int(value)] == 0 {
                    alphabetSize += 1
                    bmpCodes[Int(value)] = UInt16(truncatingIfNeeded: min(alphabetSize, Self.maximumAlphabet))
                }
                return bmpCodes[Int(value)]
            }
            if let existing = astralCodes[value] { return existing }
            alphabetSize += 1
            let new = UInt16(truncatingIfNeeded: min(alphabetSize, Self.maximumAlphabet))
            astralCodes[value] = new
            return new
        }
        // Build a pointer trie with dictionaries, then flatten it breadth-first.
        var children: [[UInt16: Int32]] = [[:]]
        var values: [Int32] = [-1]
        for (index, key) in keys.enumerated() where !key.isEmpty {
            var node = 0
            for value in key {
                let c = code(value)
                if let next = children[node][c] {
                    node = Int(next)
                } else {
                    children.append([:])
                    values.append(-1)
                    children[node][c] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            if values[node] < 0 { values[node] = Int32(index) }
        }
        var order: [Int] = [0]
        var newIndex = [Int32](repeating: 0, count: children.count)
        var head = 0
        while head < order.count {
            let node = order[head]
            head += 1
            for (_, child) in children[node].sorted(by: { $0.key < $1.key }) {
                newIndex[Int(child)] = Int32(order.count)
                order.append(Int(child))
            }
        }
        var rootNext = [Int32](repeating: 0, count: alphabetSize + 1)
        for (c, child) in children[0] { rootNext[Int(c)] = newIndex[Int(child)] }
        var childStart: [Int32] = []
        var childCodes: [UInt16] = []
        var childNodes: [Int32] = []
        var flatValues: [Int32] = []
        childStart.reserveCapacity(order.count + 1)
        for node in order {
            childStart.append(Int32(childCodes.count))
            flatValues.append(values[node])
            for (c, child) in children[node].sorted(by: { $0.key < $1.key }) {
                childCodes.append(c)
                childNodes.append(newIndex[Int(child)])
            }
        }
        childStart.append(Int32(childCodes.count))
        self.bmpCodes = bmpCodes
        self.astralCodes = astralCodes
        self.rootNext = rootNext
        self.childStart = childStart
        self.childCodes = childCodes
        self.childNodes = childNodes
        self.values = flatValues
    }

    /// The number of trie nodes (for tests and figures).
    var nodeCount: Int { values.count }

    /// Calls `visit(start, end, value)` for every occurrence of every key inside `range` of
    /// `text` (overlapping occurrences included), by increasing start, then shortest first;
    /// `end` is exclusive.
    @inline(__always)
    func forEachOccurrence(
        in text: UnsafeBufferPointer<UInt32>, range: Range<Int>, _ visit: (Int, Int, Int) -> Void
    ) {
        bmpCodes.withUnsafeBufferPointer { bmp in
            rootNext.withUnsafeBufferPointer { root in
                childStart.withUnsafeBufferPointer { starts in
                    childCodes.withUnsafeBufferPointer { codes in
                        childNodes.withUnsafeBufferPointer { nodes in
                            values.withUnsafeBufferPointer { vals in
                                let limit = range.upperBound
                                var start = range.lowerBound
                                while start < limit {
                                    defer { start += 1 }
                                    var c = code(text[start], bmp)
                                    guard c != 0 else { continue }
                                    var node = Int(root[Int(c)])
                                    var position = start
                                    while node != 0 {
                                        let value = vals[node]
                                        if value >= 0 { visit(start, position + 1, Int(value)) }
                                        position += 1
                                        guard position < limit else { break }
                                        c = code(text[position], bmp)
                                        guard c != 0 else { break }
                                        // Binary search among the node's children.
                                        var low = Int(starts[node])
                                        var high = Int(starts[node + 1])
                                        node = 0
                                        while low < high {
                                            let middle = (low + high) >> 1
                                            let m = codes[middle]
                                            if m < c {
                                                low = middle + 1
                                            } else if m > c {
                                                high = middle
                                            } else {
                                                node = Int(nodes[middle])
                                                break
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func code(_ value: UInt32, _ bmp: UnsafeBufferPointer<UInt16>) -> UInt16 {
        value < 0x10000 ? bmp[Int(value)] : (astralCodes[value] ?? 0)
    }
}
