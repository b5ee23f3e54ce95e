/// A small open-addressing map from 64-bit keys (hashes, interned-name pointers) to values, for
/// the per-element caches of the SAX callbacks.
///
/// `Dictionary<Int, …>` hashes every key with SipHash; these keys are already hashes or unique
/// pointers, so one multiply picks the slot. Linear probing, grown at half load.
struct IntKeyTable<Value> {
    /// Slot keys; 0 marks an empty slot (the key 0 itself lives in `zeroValue`).
    private var keys: [UInt64]
    private var values: [Value]
    private var zeroValue: Value?
    /// Stored keys (not counting the key 0).
    private(set) var count = 0
    private var shift: UInt64
    private let filler: Value

    /// An empty table; `filler` only fills unused slots.
    init(filler: Value, capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: filler, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        self.filler = filler
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    func value(for key: UInt64) -> Value? {
        if key == 0 { return zeroValue }
        let mask = keys.count - 1
        var index = slot(key)
        while true {
            let stored = keys[index]
            if stored == key { return values[index] }
            if stored == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    /// Stores `value` for `key` (replacing any earlier value).
    mutating func set(_ value: Value, for key: UInt64) {
        if key == 0 {
            zeroValue = value
            return
        }
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var index = slot(key)
        while true {
            let stored = keys[index]
            if stored == key {
                values[index] = value
                return
            }
            if stored == 0 {
                keys[index] = key
                values[index] = value
                count += 1
                return
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let size = oldKeys.count * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: filler, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 { set(oldValues[index], for: oldKeys[index]) }
    }
}
