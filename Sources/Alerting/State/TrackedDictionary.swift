/// A `[String: Value]` that remembers which keys were written since it was last asked.
///
/// The state of a city is large (tens of thousands of points and hazards); rewriting all of it
/// in every transaction is not an option. Every write to the core's collections goes through
/// this subscript, so the set of changed entities is exact by construction — no rule can forget
/// to report what it touched — and the daemon persists only those rows
/// (``AlertingState/takeChanges()``). The marks are not part of the value: they are neither
/// encoded nor compared.
public struct TrackedDictionary<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable, Sequence,
    ExpressibleByDictionaryLiteral
{
    public private(set) var storage: [String: Value]
    /// Keys written (set, changed or removed) since the last ``takeDirty()``.
    public private(set) var dirty: Set<String> = []

    public init(_ storage: [String: Value] = [:]) { self.storage = storage }

    public init(dictionaryLiteral elements: (String, Value)...) {
        storage = Dictionary(elements, uniquingKeysWith: { _, b in b })
    }

    public subscript(key: String) -> Value? {
        get { storage[key] }
        _modify {
            dirty.insert(key)
            yield &storage[key]
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> Value? {
        guard let v = storage.removeValue(forKey: key) else { return nil }
        dirty.insert(key)
        return v
    }

    /// Stores a value without marking its key: for a write that changed only volatile fields
    /// (``VolatileFields``), which need no new row. The row catches up with the key's next
    /// marked write.
    public mutating func setUnmarked(_ value: Value, forKey key: String) {
        storage[key] = value
    }

    /// Changes a stored value in place without marking its key. Only for a value whose own
    /// change is volatile, or that marks what changed inside it (a building whose point changed
    /// quietly); nil when the key is absent.
    @discardableResult
    public mutating func modifyUnmarked<R>(_ key: String, _ body: (inout Value) throws -> R) rethrows -> R? {
        guard storage[key] != nil else { return nil }
        return try body(&storage[key]!)
    }

    /// Stores `value`, marking the key unless the stored value differs only in volatile fields.
    public mutating func update(_ key: String, to value: Value) where Value: VolatileFields {
        if let old = storage[key], old.durablePart == value.durablePart {
            storage[key] = value
        } else {
            self[key] = value
        }
    }

    /// The written keys, forgetting them.
    public mutating func takeDirty() -> Set<String> {
        defer { dirty = [] }
        return dirty
    }

    public var keys: Dictionary<String, Value>.Keys { storage.keys }
    public var values: Dictionary<String, Value>.Values { storage.values }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }
    public func makeIterator() -> Dictionary<String, Value>.Iterator { storage.makeIterator() }

    public static func == (a: Self, b: Self) -> Bool { a.storage == b.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }

    public init(from decoder: any Decoder) throws {
        storage = try decoder.singleValueContainer().decode([String: Value].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(storage)
    }
}
