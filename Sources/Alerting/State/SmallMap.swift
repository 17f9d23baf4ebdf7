/// A dictionary for a handful of entries, kept as one sorted array.
///
/// Every point carries two tiny maps (the set bits' onset times, the hazard conditions' recent
/// onsets), usually of one or two entries. A `Dictionary` spends a hash table and its metadata on
/// that: with arrays a point's own allocations fell from ~300 to ~190 bytes (heaptrack, a
/// restart on an alarm storm's 60,000 open points). Lookups scan a few entries. Encoded exactly
/// as the `Dictionary` it replaces, so stored rows read back unchanged.
public struct SmallMap<Key: Hashable & Comparable & Sendable & Codable, Value: Hashable & Sendable & Codable>:
    Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral
{
    struct Entry: Hashable, Sendable {
        var key: Key
        var value: Value
    }

    /// Sorted by key, so that equal maps are equal arrays.
    private var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (Key, Value)...) {
        for (k, v) in elements { self[k] = v }
    }

    public subscript(key: Key) -> Value? {
        get { entries.first { $0.key == key }?.value }
        set {
            let i = entries.firstIndex { $0.key >= key } ?? entries.endIndex
            let present = i < entries.endIndex && entries[i].key == key
            switch (newValue, present) {
            case let (value?, true): entries[i].value = value
            case let (value?, false): entries.insert(Entry(key: key, value: value), at: i)
            case (nil, true): entries.remove(at: i)
            case (nil, false): break
            }
        }
    }

    public var count: Int { entries.count }
    public var keys: [Key] { entries.map(\.key) }

    public init(from decoder: any Decoder) throws {
        for (k, v) in try decoder.singleValueContainer().decode([Key: Value].self) { self[k] = v }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) }))
    }
}
