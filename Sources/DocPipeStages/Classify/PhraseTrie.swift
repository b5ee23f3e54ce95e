/// A flat trie over normalized Unicode scalars, built once per taxonomy.
///
/// Scalars are first mapped to dense alphabet codes (a 64 K table for the BMP, a dictionary for
/// the rare astral scalars); a scalar that occurs in no phrase maps to 0, so most positions of a
/// text cost one table load. The root has a dense transition table indexed by code; the other
/// transitions live in one open-addressing hash table (load ≤ 1/2), so every step is O(1) whatever
/// the number of phrases. The work per text position is bounded by the length of the longest
/// phrase prefix that starts there.
struct PhraseTrie: Sendable {
    /// Alphabet code of each BMP scalar (0: in no phrase).
    private var bmpCodes: [UInt16]
    /// Alphabet codes of astral scalars.
    private var astralCodes: [UInt32: UInt16]
    /// Child of the root for each alphabet code, packed with the child's value (see ``pack``);
    /// 0 means none (the root is node 0).
    private var rootNext: [UInt64]
    /// Transitions from non-root nodes: an open-addressing hash table with linear probing, slot `i`
    /// at `edges[2i]` (key `node << 16 | code`, never 0 as the root's transitions are in
    /// `rootNext`; 0 marks an empty slot) and `edges[2i + 1]` (the packed child), so one probe
    /// usually touches one cache line.
    private var edges: [UInt64]
    /// The number of slots minus one (a power of two minus one).
    private var edgeMask: Int
    /// For each node, the value stored at it (-1: none).
    private(set) var values: [Int32]

    /// The most distinct scalars the phrases of one trie may use.
    static let maximumAlphabet = Int(UInt16.max) - 1
    /// The most keys and the most nodes of one trie (24-bit fields of the packed transitions).
    static let maximumKeys = 1 << 24 - 2

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
        // Taxonomy files are checked against these limits when parsed (``TaxonomyParser``).
        precondition(order.count <= Self.maximumKeys, "a phrase trie holds at most \(Self.maximumKeys) nodes")
        precondition(
            alphabetSize <= Self.maximumAlphabet, "a phrase trie holds at most \(Self.maximumAlphabet) characters")
        var rootNext = [UInt64](repeating: 0, count: alphabetSize + 1)
        for (c, child) in children[0] {
            rootNext[Int(c)] = Self.pack(
                node: newIndex[Int(child)], value: values[Int(child)], bloom: Self.bloom(children[Int(child)].keys))
        }
        let edgeCount = children.dropFirst().reduce(0) { $0 + $1.count }
        var capacity = 16
        while capacity < edgeCount * 2 { capacity <<= 1 }
        var edges = [UInt64](repeating: 0, count: 2 * capacity)
        var flatValues = [Int32](repeating: -1, count: order.count)
        for (node, oldNode) in order.enumerated() {
            flatValues[node] = values[oldNode]
            guard node != 0 else { continue }
            for (c, child) in children[oldNode] {
                let key = UInt64(node) << 16 | UInt64(c)
                var slot = Self.slot(key, mask: capacity - 1)
                while edges[2 * slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                edges[2 * slot] = key
                edges[2 * slot + 1] = Self.pack(
                    node: newIndex[Int(child)], value: values[Int(child)], bloom: Self.bloom(children[Int(child)].keys))
            }
        }
        self.bmpCodes = bmpCodes
        self.astralCodes = astralCodes
        self.rootNext = rootNext
        self.edges = edges
        self.edgeMask = capacity - 1
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
        let mask = edgeMask
        bmpCodes.withUnsafeBufferPointer { bmp in
            rootNext.withUnsafeBufferPointer { root in
                edges.withUnsafeBufferPointer { edges in
                    let limit = range.upperBound
                    var start = range.lowerBound
                    while start < limit {
                        defer { start += 1 }
                        var c = code(text[start], bmp)
                        guard c != 0 else { continue }
                        var packed = root[Int(c)]
                        var position = start
                        while packed != 0 {
                            let value = Int(packed & 0xFF_FFFF) - 1
                            if value >= 0 { visit(start, position + 1, value) }
                            position += 1
                            guard position < limit else { break }
                            c = code(text[position], bmp)
                            // The bloom bits say which codes may follow (none at a leaf): most
                            // positions stop here without probing the hash table.
                            guard c != 0, (packed >> 48) & (1 << UInt64(c & 15)) != 0 else { break }
                            let key = ((packed >> 24) & 0xFF_FFFF) << 16 | UInt64(c)
                            var slot = Self.slot(key, mask: mask)
                            packed = 0
                            while true {
                                let found = edges[2 &* slot]
                                if found == key {
                                    packed = edges[2 &* slot &+ 1]
                                    break
                                }
                                if found == 0 { break }
                                slot = (slot &+ 1) & mask
                            }
                        }
                    }
                }
            }
        }
    }

    /// A node, its value and the bloom bits of its children's codes in one word: value + 1 in bits
    /// 0–23 (0: none), node in bits 24–47, bloom in bits 48–63 (bit `code & 15` per child).
    @inline(__always)
    private static func pack(node: Int32, value: Int32, bloom: UInt16) -> UInt64 {
        UInt64(bloom) << 48 | UInt64(UInt32(bitPattern: node)) << 24 | UInt64(UInt32(bitPattern: value &+ 1))
    }

    /// The bloom bits of a set of child codes.
    private static func bloom(_ codes: some Sequence<UInt16>) -> UInt16 {
        codes.reduce(0) { $0 | 1 << ($1 & 15) }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    @inline(__always)
    private func code(_ value: UInt32, _ bmp: UnsafeBufferPointer<UInt16>) -> UInt16 {
        value < 0x10000 ? bmp[Int(value)] : (astralCodes[value] ?? 0)
    }
}
