/// The application data unit 应用数据单元: a type flag, an object count, and the objects.
///
/// Object sizes come from each type's layout (STD §8.3), never from `(L−2)/n`: that shortcut
/// misreads short vendor objects and hides trailing garbage.
public struct ApplicationDataUnit: Hashable, Sendable {
    public var type: DataType
    /// The declared object count; nil when the ADU is a single byte (vendor handshakes).
    public var count: Int?
    /// What ``content`` holds, with the one-object case (most frames) kept inline: decoding such a
    /// frame allocates no array. Always `.one` for exactly one object, so equal contents are
    /// equal storage.
    @usableFromInline var storage: Storage

    public enum Content: Hashable, Sendable {
        /// Typed objects, for every type with a defined layout.
        case objects([InformationObject])
        /// The bytes after type and count, for vendor and reserved types.
        case raw(ArraySlice<UInt8>)
    }

    @usableFromInline enum Storage: Hashable, Sendable {
        case one(InformationObject)
        case objects([InformationObject])
        case raw(ArraySlice<UInt8>)

        init(_ content: Content) {
            switch content {
            case .objects(let objects) where objects.count == 1: self = .one(objects[0])
            case .objects(let objects): self = .objects(objects)
            case .raw(let bytes): self = .raw(bytes)
            }
        }
    }

    public init(type: DataType, count: Int?, content: Content) {
        self.type = type
        self.count = count
        self.storage = Storage(content)
    }

    init(type: DataType, count: Int?, storage: Storage) {
        self.type = type
        self.count = count
        self.storage = storage
    }

    /// An ADU of typed objects; the type is the objects' (all must share it).
    public init(objects: [InformationObject]) {
        precondition(!objects.isEmpty, "an ADU carries at least one object")
        self.init(type: objects[0].dataType, count: objects.count, content: .objects(objects))
    }

    /// The typed objects or the raw bytes. Reading it builds the objects' array; to read the
    /// objects without one, use ``forEachObject(_:)``.
    public var content: Content {
        get {
            switch storage {
            case .one(let object): .objects([object])
            case .objects(let objects): .objects(objects)
            case .raw(let bytes): .raw(bytes)
            }
        }
        set { storage = Storage(newValue) }
    }

    /// The typed objects, empty for a raw ADU.
    public var objects: [InformationObject] {
        switch storage {
        case .one(let object): [object]
        case .objects(let objects): objects
        case .raw: []
        }
    }

    /// Calls `body` with each typed object in order (none for a raw ADU), lending it instead of
    /// copying it out: reading `objects` or `content` copies the array and each object taken from
    /// it. The same objects, in the same order, as ``objects``. In `body`, a `switch` over the
    /// object reads its payload without copying the object (`if case` / `guard case` copy it).
    /// `consuming` for the reason given at ``PanelMessage/forEachObject(_:)``.
    @inlinable
    public consuming func forEachObject<E: Error>(_ body: (borrowing InformationObject) throws(E) -> Void) throws(E) {
        switch storage {
        case .one(let object): try body(object)
        case .objects(let objects): for i in objects.indices { try body(objects[i]) }
        case .raw: return
        }
    }

    // MARK: - Decoding

    /// Decodes ADU bytes. Returns nil for an empty ADU (确认/否认, keep-alives).
    /// - Parameter base: offset of the ADU's first byte, so errors carry frame offsets.
    public static func decode(_ bytes: ArraySlice<UInt8>, dialect: Dialect = .gb2011, base: Int = FrameLayout.headerLength)
        throws(FrameError) -> ApplicationDataUnit?
    {
        if bytes.isEmpty { return nil }
        return try decodeNonEmpty(bytes, dialect: dialect, base: base)
    }

    /// ``decode(_:dialect:base:)`` of a non-empty ADU: no optional to build and unwrap for
    /// `PanelMessage`, which stores the unit itself.
    static func decodeNonEmpty(_ bytes: ArraySlice<UInt8>, dialect: borrowing Dialect, base: Int) throws(FrameError) -> ApplicationDataUnit {
        let type = DataType(rawValue: bytes[bytes.startIndex])
        guard bytes.count >= 2 else { return ApplicationDataUnit(type: type, count: nil, content: .raw(bytes.dropFirst())) }
        let count = Int(bytes[bytes.startIndex + 1])
        let start = bytes.startIndex + 2
        let body = bytes.count - 2
        func bad(_ message: String, at position: Int = start) -> FrameError {
            FrameError(.badObject, offset: base + position - bytes.startIndex, "type \(type.rawValue): \(message)")
        }
        if dialect.rawTypes.contains(type.rawValue) {
            return ApplicationDataUnit(type: type, count: count, content: .raw(bytes[start...]))
        }
        guard let size = objectSize(type, body: body, count: count, dialect: dialect) else {
            return ApplicationDataUnit(type: type, count: count, content: .raw(bytes[start...]))
        }
        // Every type's limit is at least 1: the usual single object skips the lookup.
        if count > 1, dialect.enforceObjectLimits, let limit = type.maxObjects, count > limit {
            throw bad("\(count) objects exceed the limit of \(limit) for this type", at: start - 1)
        }
        let timeFormat = dialect.timeLabelFormat
        switch size {
        case .fixed(let n):
            guard body == n * count else {
                throw bad("\(count) object\(count == 1 ? "" : "s") of \(n) bytes need \(n * count) bytes, the ADU has \(body) after type and count")
            }
            // The objects are read through one raw pointer: a reader holding the slice cost a
            // retain and a release, and every field read a bounds check.
            let storage = bytes.withUnsafeBytes { raw -> Storage in
                var reader = ByteReader(raw, at: 2, timeFormat: timeFormat)
                // Most frames carry one object: kept inline, no array.
                if count == 1 { return .one(readObject(type, size: n, &reader, in: bytes)) }
                var objects: [InformationObject] = []
                objects.reserveCapacity(count)
                for _ in 0..<count { objects.append(readObject(type, size: n, &reader, in: bytes)) }
                return .objects(objects)
            }
            return ApplicationDataUnit(type: type, count: count, storage: storage)
        case .lengthPrefixed(let prefix):
            let objects = try readTexts(type, count: count, prefix: prefix, in: bytes, bad: bad)
            return ApplicationDataUnit(type: type, count: count, content: .objects(objects))
        }
    }

    /// Reads `count` length-prefixed texts (types 6 and 26): the length byte is the `prefix`-th
    /// byte of each object. `bad` makes an error at an index of `bytes`.
    private static func readTexts(_ type: DataType, count: Int, prefix: Int, in bytes: ArraySlice<UInt8>,
                                  bad: (String, Int) -> FrameError) throws(FrameError) -> [InformationObject]
    {
        var position = bytes.startIndex + 2
        var objects: [InformationObject] = []
        objects.reserveCapacity(count)
        for i in 0..<count {
            let lengthAt = position + prefix - 1
            guard lengthAt < bytes.endIndex else { throw bad("object \(i + 1) of \(count) is missing", position) }
            let n = Int(bytes[lengthAt])
            guard lengthAt + 1 + n <= bytes.endIndex else {
                throw bad("object \(i + 1) declares \(n) bytes of text, only \(bytes.endIndex - lengthAt - 1) remain", lengthAt)
            }
            let system: SystemTarget? = prefix == 3
                ? SystemTarget(systemType: SystemType(rawValue: bytes[position]), systemAddress: bytes[position + 1])
                : nil
            let text = EncodedText(bytes: bytes[(lengthAt + 1)..<(lengthAt + 1 + n)], isPaddedField: false)
            position = lengthAt + 1 + n
            objects.append(type == .systemConfiguration
                ? .systemConfiguration(ConfigurationText(system: system, text: text))
                : .uitdConfiguration(ConfigurationText(system: nil, text: text)))
        }
        guard position == bytes.endIndex else {
            throw bad("\(bytes.endIndex - position) bytes follow the last object", position)
        }
        return objects
    }

    enum ObjectSize: Equatable {
        case fixed(Int)
        /// Variable: the length byte is the `n`-th byte of the object, the text follows it.
        case lengthPrefixed(Int)
    }

    /// The per-type object size (STD §8.3), with the dialect's tolerated variants; nil = no layout.
    static func objectSize(_ type: DataType, body: Int, count: Int, dialect: Dialect) -> ObjectSize? {
        let down = dialect.downstreamTimeLabels ? 6 : 0
        switch type.rawValue {
        case 1: return .fixed(10)
        case 2:
            if dialect.shortComponentStatus, count > 0, body == 15 * count { return .fixed(15) }
            return .fixed(46)
        case 3: return .fixed(16)
        case 4: return .fixed(10)
        case 5: return .fixed(4)
        case 6: return .lengthPrefixed(3)
        case 7: return .fixed(38)
        case 8: return .fixed(8)
        case 21:
            if dialect.uitdStatusWithoutTime, count > 0, body == count { return .fixed(1) }
            return .fixed(7)
        case 24: return .fixed(8)
        case 25: return .fixed(2)
        case 26: return .lengthPrefixed(1)
        case 28: return .fixed(6)
        case 61, 65, 66, 68: return .fixed(2 + down)
        case 62, 63, 67: return .fixed(6 + down)
        case 64: return .fixed(9 + down)
        case 81, 85, 86, 88, 89, 91: return .fixed(1 + down)
        case 84: return .fixed(7 + down)
        case 90: return .fixed(6 + down)
        case 134 where dialect.restoreTypes: return .fixed(10)
        case 135 where dialect.restoreTypes:
            if dialect.shortComponentStatus, count > 0, body == 15 * count { return .fixed(15) }
            return .fixed(46)
        case 136 where dialect.restoreTypes:
            if dialect.uitdStatusWithoutTime, count > 0, body == count { return .fixed(1) }
            return .fixed(7)
        default: return nil
        }
    }

    /// Reads one fixed-size object; the caller checked that `size` bytes are there.
    @inline(__always)
    static func readObject(_ type: DataType, size: Int, _ r: inout ByteReader, in bytes: ArraySlice<UInt8>) -> InformationObject {
        let start = r.position
        defer { r.position = start + size }  // skips a vendor's trailing downstream time label
        switch type.rawValue {
        case 1, 134:
            let system = r.system()
            let status = SystemStatusFlags(rawValue: r.u16())
            let time = r.time()
            return .systemStatus(type.rawValue == 134
                ? SystemStatus(system: system, status: [], restored: status, time: time)
                : SystemStatus(system: system, status: status, time: time))
        case 2, 135:
            let system = r.system()
            let componentType = ComponentType(rawValue: r.u8())
            let address = r.u32()
            let status = ComponentStatusFlags(rawValue: r.u16())
            let description: EncodedText? = size == 46 ? EncodedText(bytes: r.slice(31, of: bytes)) : nil
            let time = r.time()
            return .componentStatus(ComponentStatus(
                system: system, componentType: componentType, componentAddress: address,
                status: type.rawValue == 135 ? [] : status, restored: type.rawValue == 135 ? status : nil,
                description: description, time: time))
        case 3:
            let system = r.system()
            let componentType = ComponentType(rawValue: r.u8())
            let address = r.u32()
            let analogType = AnalogType(rawValue: r.u8())
            let value = Int16(bitPattern: r.u16())
            return .analogValue(AnalogValue(system: system, componentType: componentType, componentAddress: address,
                                            analogType: analogType, rawValue: value, time: r.time()))
        case 4:
            let system = r.system()
            let op = OperationFlags(rawValue: r.u8())
            let operatorNumber = r.u8()
            return .facilityOperation(FacilityOperation(system: system, operation: op, operatorNumber: operatorNumber, time: r.time()))
        case 5:
            return .facilitySoftwareVersion(SoftwareVersion(system: r.system(), major: r.u8(), minor: r.u8()))
        case 7:
            let system = r.system()
            let componentType = ComponentType(rawValue: r.u8())
            let address = r.u32()
            return .componentConfiguration(ComponentConfiguration(system: system, componentType: componentType,
                                                                  componentAddress: address, description: EncodedText(bytes: r.slice(31, of: bytes))))
        case 8:
            return .facilitySystemTime(SystemTime(system: r.system(), time: r.time()))
        case 21, 136:
            let status = UITDStatusFlags(rawValue: r.u8())
            let time: DeviceTime? = size == 7 ? r.time() : nil
            return .uitdStatus(type.rawValue == 136
                ? UITDStatus(status: [], restored: status, time: time)
                : UITDStatus(status: status, time: time))
        case 24:
            let op = UITDOperationFlags(rawValue: r.u8())
            let operatorNumber = r.u8()
            return .uitdOperation(UITDOperation(operation: op, operatorNumber: operatorNumber, time: r.time()))
        case 25:
            return .uitdSoftwareVersion(SoftwareVersion(system: nil, major: r.u8(), minor: r.u8()))
        case 28:
            return .uitdSystemTime(SystemTime(system: nil, time: r.time()))
        case 61: return .readSystemStatus(r.system())
        case 62: return .readComponentStatus(r.component())
        case 63: return .readAnalogValues(r.component())
        case 64:
            let system = r.system()
            let n = r.u8()
            return .readFacilityOperations(RecordQuery(system: system, count: n, startTime: r.time()))
        case 65: return .readFacilitySoftwareVersion(r.system())
        case 66: return .readSystemConfiguration(r.system())
        case 67: return .readComponentConfiguration(r.component())
        case 68: return .readFacilitySystemTime(r.system())
        case 81: return .readUITDStatus(reserved: r.u8())
        case 84:
            let n = r.u8()
            return .readUITDOperations(RecordQuery(system: nil, count: n, startTime: r.time()))
        case 85: return .readUITDSoftwareVersion(reserved: r.u8())
        case 86: return .readUITDConfiguration(reserved: r.u8())
        case 88: return .readUITDSystemTime(reserved: r.u8())
        case 89: return .initializeUITD(reserved: r.u8())
        case 90: return .synchronizeClock(r.time())
        case 91: return .patrol(replyTimeoutMinutes: r.u8())
        default:
            preconditionFailure("readObject called for type \(type.rawValue) without a layout")
        }
    }

    // MARK: - Encoding

    /// The ADU bytes in the given dialect (time format; downstream time labels where the vendor wants them).
    public func encoded(dialect: Dialect = .gb2011, downstreamTime: DeviceTime? = nil) -> [UInt8] {
        var w = ByteWriter(timeFormat: dialect.timeLabelFormat)
        w.u8(type.rawValue)
        if case .raw(let bytes) = storage {
            if let count { w.u8(UInt8(truncatingIfNeeded: count)) }
            w.raw(bytes)
        } else {
            w.u8(UInt8(truncatingIfNeeded: count ?? objects.count))
            let trailer = dialect.downstreamTimeLabels ? (downstreamTime ?? DeviceTime(year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0)) : nil
            forEachObject { object in Self.write(object, type: type, &w, trailer: trailer) }
        }
        return w.bytes
    }

    static func write(_ object: InformationObject, type: DataType, _ w: inout ByteWriter, trailer: DeviceTime?) {
        func down() { if let trailer { w.time(trailer) } }
        switch object {
        case .systemStatus(let o):
            w.system(o.system); w.u16((type.rawValue == 134 ? o.restored?.rawValue : nil) ?? o.status.rawValue); w.time(o.time)
        case .componentStatus(let o):
            w.system(o.system); w.u8(o.componentType.rawValue); w.u32(o.componentAddress)
            w.u16((type.rawValue == 135 ? o.restored?.rawValue : nil) ?? o.status.rawValue)
            if let d = o.description { w.raw(Self.field(d, width: 31)) }
            w.time(o.time)
        case .analogValue(let o):
            w.system(o.system); w.u8(o.componentType.rawValue); w.u32(o.componentAddress)
            w.u8(o.analogType.rawValue); w.u16(UInt16(bitPattern: o.rawValue)); w.time(o.time)
        case .facilityOperation(let o):
            w.system(o.system); w.u8(o.operation.rawValue); w.u8(o.operatorNumber); w.time(o.time)
        case .facilitySoftwareVersion(let o):
            w.system(o.system ?? SystemTarget(systemType: .general, systemAddress: 0)); w.u8(o.major); w.u8(o.minor)
        case .systemConfiguration(let o):
            w.system(o.system ?? SystemTarget(systemType: .general, systemAddress: 0))
            let b = o.text.bytes.prefix(255); w.u8(UInt8(b.count)); w.raw(b)
        case .componentConfiguration(let o):
            w.system(o.system); w.u8(o.componentType.rawValue); w.u32(o.componentAddress); w.raw(Self.field(o.description, width: 31))
        case .facilitySystemTime(let o):
            w.system(o.system ?? SystemTarget(systemType: .general, systemAddress: 0)); w.time(o.time)
        case .uitdStatus(let o):
            w.u8((type.rawValue == 136 ? o.restored?.rawValue : nil) ?? o.status.rawValue)
            if let t = o.time { w.time(t) }
        case .uitdOperation(let o):
            w.u8(o.operation.rawValue); w.u8(o.operatorNumber); w.time(o.time)
        case .uitdSoftwareVersion(let o): w.u8(o.major); w.u8(o.minor)
        case .uitdConfiguration(let o):
            let b = o.text.bytes.prefix(255); w.u8(UInt8(b.count)); w.raw(b)
        case .uitdSystemTime(let o): w.time(o.time)
        case .readSystemStatus(let s), .readFacilitySoftwareVersion(let s), .readSystemConfiguration(let s), .readFacilitySystemTime(let s):
            w.system(s); down()
        case .readComponentStatus(let c), .readAnalogValues(let c), .readComponentConfiguration(let c):
            w.component(c); down()
        case .readFacilityOperations(let q):
            w.system(q.system ?? SystemTarget(systemType: .general, systemAddress: 0)); w.u8(q.count); w.time(q.startTime); down()
        case .readUITDOperations(let q):
            w.u8(q.count); w.time(q.startTime); down()
        case .readUITDStatus(let r), .readUITDSoftwareVersion(let r), .readUITDConfiguration(let r),
             .readUITDSystemTime(let r), .initializeUITD(let r):
            w.u8(r); down()
        case .synchronizeClock(let t): w.time(t); down()
        case .patrol(let minutes): w.u8(minutes); down()
        }
    }

    /// A fixed-width text field: the text's bytes, NUL-padded or cut to `width`.
    static func field(_ text: EncodedText, width: Int) -> [UInt8] {
        var b = Array(text.bytes.prefix(width))
        b.append(contentsOf: repeatElement(0, count: width - b.count))
        return b
    }
}
