// The JSON form: `firewatch decode` prints it, JSON gateways publish it, one set of field names.
// See docs/json-form.md.

enum JSONKey: String, CodingKey {
    case serial, version, time, source, destination, commandCode, command, adu
    case type, count, objects, raw
    case kind, systemType, systemAddress, componentType, componentAddress, status, flags
    case restored, restoredFlags, description, analogType, rawValue, value, unit
    case operation, `operator`, major, minor, text, startTime, reserved, replyTimeoutMinutes
}

extension PanelMessage: Codable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(header.serial, forKey: .serial)
        try c.encode([header.version.major, header.version.minor], forKey: .version)
        try c.encode(time.iso8601, forKey: .time)
        try c.encode(header.source.hex, forKey: .source)
        try c.encode(header.destination.hex, forKey: .destination)
        try c.encode(header.command.rawValue, forKey: .commandCode)
        try c.encode(header.command.name, forKey: .command)
        try c.encodeIfPresent(adu, forKey: .adu)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        let serial = try c.decode(UInt16.self, forKey: .serial)
        let version = try c.decodeIfPresent([UInt8].self, forKey: .version) ?? [1, 1]
        guard version.count == 2 else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: c, debugDescription: "version is [major, minor]")
        }
        let label: TimeLabel
        if let t = try c.decodeIfPresent(String.self, forKey: .time) {
            guard let time = DeviceTime(iso8601: t) else {
                throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "time must be YYYY-MM-DDTHH:MM:SS")
            }
            label = TimeLabel(time, format: .binary)
        } else {
            label = .zero
        }
        func address(_ key: JSONKey) throws -> NodeAddress {
            guard let hex = try c.decodeIfPresent(String.self, forKey: key) else { return .zero }
            guard let a = NodeAddress(hex: hex) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) must be 12 hex digits")
            }
            return a
        }
        let command = try c.decodeIfPresent(UInt8.self, forKey: .commandCode) ?? Command.send.rawValue
        self.init(
            header: FrameHeader(serial: serial, version: ProtocolVersion(major: version[0], minor: version[1]), timeLabel: label,
                                source: try address(.source), destination: try address(.destination),
                                command: Command(rawValue: command)),
            adu: try c.decodeIfPresent(ApplicationDataUnit.self, forKey: .adu),
            timeFormat: .binary)
    }
}

extension ApplicationDataUnit: Codable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(type.rawValue, forKey: .type)
        try c.encodeIfPresent(count, forKey: .count)
        switch content {
        case .objects(let objects): try c.encode(objects, forKey: .objects)
        case .raw(let bytes): try c.encode(HexCoding.string(bytes), forKey: .raw)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        let type = DataType(rawValue: try c.decode(UInt8.self, forKey: .type))
        if let raw = try c.decodeIfPresent(String.self, forKey: .raw) {
            guard let bytes = HexCoding.bytes(raw) else {
                throw DecodingError.dataCorruptedError(forKey: .raw, in: c, debugDescription: "raw must be hex")
            }
            self.init(type: type, count: try c.decodeIfPresent(Int.self, forKey: .count), content: .raw(bytes[...]))
            return
        }
        let objects = try c.decode([InformationObject].self, forKey: .objects)
        guard !objects.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .objects, in: c, debugDescription: "an ADU carries at least one object")
        }
        for o in objects where o.dataType != type && !(type.rawValue >= 134 && type.rawValue <= 136) {
            throw DecodingError.dataCorruptedError(forKey: .objects, in: c,
                debugDescription: "object kind \(o.kind) does not belong in an ADU of type \(type.rawValue)")
        }
        if let count = try c.decodeIfPresent(Int.self, forKey: .count), count != objects.count {
            throw DecodingError.dataCorruptedError(forKey: .count, in: c, debugDescription: "count \(count) but \(objects.count) objects")
        }
        self.init(type: type, count: objects.count, content: .objects(objects))
    }
}

extension InformationObject: Codable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        try c.encode(kind, forKey: .kind)
        func system(_ s: SystemTarget?) throws {
            guard let s else { return }
            try c.encode(s.systemType.rawValue, forKey: .systemType)
            try c.encode(s.systemAddress, forKey: .systemAddress)
        }
        func time(_ t: DeviceTime?, _ key: JSONKey = .time) throws { try c.encodeIfPresent(t?.iso8601, forKey: key) }
        func flags<F: NamedFlags>(_ f: F, restored: F?) throws {
            try c.encode(f.rawValue, forKey: .status)
            try c.encode(f.flagNames, forKey: .flags)
            if let restored {
                try c.encode(restored.rawValue, forKey: .restored)
                try c.encode(restored.flagNames.filter { $0 != F.clearBit0Name }, forKey: .restoredFlags)
            }
        }
        switch self {
        case .systemStatus(let o):
            try system(o.system); try flags(o.status, restored: o.restored); try time(o.time)
        case .componentStatus(let o):
            try system(o.system)
            try c.encode(o.componentType.rawValue, forKey: .componentType)
            try c.encode(o.componentAddress, forKey: .componentAddress)
            try flags(o.status, restored: o.restored)
            try c.encodeIfPresent(o.description?.text, forKey: .description)
            try time(o.time)
        case .analogValue(let o):
            try system(o.system)
            try c.encode(o.componentType.rawValue, forKey: .componentType)
            try c.encode(o.componentAddress, forKey: .componentAddress)
            try c.encode(o.analogType.rawValue, forKey: .analogType)
            try c.encode(o.rawValue, forKey: .rawValue)
            try c.encode(o.value, forKey: .value)
            try c.encodeIfPresent(o.analogType.unit, forKey: .unit)
            try time(o.time)
        case .facilityOperation(let o):
            try system(o.system)
            try c.encode(o.operation.rawValue, forKey: .operation)
            try c.encode(o.operation.flagNames, forKey: .flags)
            try c.encode(o.operatorNumber, forKey: .operator)
            try time(o.time)
        case .facilitySoftwareVersion(let o), .uitdSoftwareVersion(let o):
            try system(o.system); try c.encode(o.major, forKey: .major); try c.encode(o.minor, forKey: .minor)
        case .systemConfiguration(let o), .uitdConfiguration(let o):
            try system(o.system); try c.encode(o.text.text, forKey: .text)
        case .componentConfiguration(let o):
            try system(o.system)
            try c.encode(o.componentType.rawValue, forKey: .componentType)
            try c.encode(o.componentAddress, forKey: .componentAddress)
            try c.encode(o.description.text, forKey: .description)
        case .facilitySystemTime(let o), .uitdSystemTime(let o):
            try system(o.system); try time(o.time)
        case .uitdStatus(let o):
            try flags(o.status, restored: o.restored); try time(o.time)
        case .uitdOperation(let o):
            try c.encode(o.operation.rawValue, forKey: .operation)
            try c.encode(o.operation.flagNames, forKey: .flags)
            try c.encode(o.operatorNumber, forKey: .operator)
            try time(o.time)
        case .readSystemStatus(let s), .readFacilitySoftwareVersion(let s), .readSystemConfiguration(let s), .readFacilitySystemTime(let s):
            try system(s)
        case .readComponentStatus(let t), .readAnalogValues(let t), .readComponentConfiguration(let t):
            try system(SystemTarget(systemType: t.systemType, systemAddress: t.systemAddress))
            try c.encode(t.componentAddress, forKey: .componentAddress)
        case .readFacilityOperations(let q), .readUITDOperations(let q):
            try system(q.system); try c.encode(q.count, forKey: .count); try time(q.startTime, .startTime)
        case .readUITDStatus(let r), .readUITDSoftwareVersion(let r), .readUITDConfiguration(let r),
             .readUITDSystemTime(let r), .initializeUITD(let r):
            try c.encode(r, forKey: .reserved)
        case .synchronizeClock(let t): try time(t)
        case .patrol(let m): try c.encode(m, forKey: .replyTimeoutMinutes)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        let kind = try c.decode(String.self, forKey: .kind)
        func system() throws -> SystemTarget {
            SystemTarget(systemType: SystemType(rawValue: try c.decode(UInt8.self, forKey: .systemType)),
                         systemAddress: try c.decode(UInt8.self, forKey: .systemAddress))
        }
        func optionalSystem() throws -> SystemTarget? {
            c.contains(.systemType) ? try system() : nil
        }
        func time(_ key: JSONKey = .time) throws -> DeviceTime {
            let s = try c.decode(String.self, forKey: key)
            guard let t = DeviceTime(iso8601: s) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) must be YYYY-MM-DDTHH:MM:SS")
            }
            return t
        }
        func status<F: NamedFlags>(_: F.Type) throws -> F {
            if let raw = try c.decodeIfPresent(F.RawValue.self, forKey: .status) { return F(rawValue: raw) }
            let names = try c.decode([String].self, forKey: .flags)
            guard let f = F(flagNames: names) else {
                throw DecodingError.dataCorruptedError(forKey: .flags, in: c, debugDescription: "unknown flag in \(names)")
            }
            return f
        }
        func restored<F: NamedFlags>(_: F.Type) throws -> F? {
            try c.decodeIfPresent(F.RawValue.self, forKey: .restored).map { F(rawValue: $0) }
        }
        func operation<F: NamedFlags>(_: F.Type) throws -> F where F.RawValue == UInt8 {
            if let raw = try c.decodeIfPresent(UInt8.self, forKey: .operation) { return F(rawValue: raw) }
            let names = try c.decode([String].self, forKey: .flags)
            guard let f = F(flagNames: names) else {
                throw DecodingError.dataCorruptedError(forKey: .flags, in: c, debugDescription: "unknown flag in \(names)")
            }
            return f
        }
        func componentType() throws -> ComponentType { ComponentType(rawValue: try c.decode(UInt8.self, forKey: .componentType)) }
        func address() throws -> UInt32 { try c.decode(UInt32.self, forKey: .componentAddress) }
        func text(_ key: JSONKey, width: Int?) throws -> EncodedText { EncodedText(try c.decode(String.self, forKey: key), width: width) }
        func reserved() throws -> UInt8 { try c.decodeIfPresent(UInt8.self, forKey: .reserved) ?? 0 }
        func target() throws -> ComponentTarget {
            let s = try system()
            return ComponentTarget(systemType: s.systemType, systemAddress: s.systemAddress, componentAddress: try address())
        }

        switch kind {
        case "systemStatus":
            self = .systemStatus(SystemStatus(system: try system(), status: try status(SystemStatusFlags.self),
                                              restored: try restored(SystemStatusFlags.self), time: try time()))
        case "componentStatus":
            self = .componentStatus(ComponentStatus(
                system: try system(), componentType: try componentType(), componentAddress: try address(),
                status: try status(ComponentStatusFlags.self), restored: try restored(ComponentStatusFlags.self),
                description: try c.decodeIfPresent(String.self, forKey: .description).map { EncodedText($0, width: 31) },
                time: try time()))
        case "analogValue":
            self = .analogValue(AnalogValue(system: try system(), componentType: try componentType(), componentAddress: try address(),
                                            analogType: AnalogType(rawValue: try c.decode(UInt8.self, forKey: .analogType)),
                                            rawValue: try c.decode(Int16.self, forKey: .rawValue), time: try time()))
        case "facilityOperation":
            self = .facilityOperation(FacilityOperation(system: try system(), operation: try operation(OperationFlags.self),
                                                        operatorNumber: try c.decodeIfPresent(UInt8.self, forKey: .operator) ?? 0,
                                                        time: try time()))
        case "facilitySoftwareVersion":
            self = .facilitySoftwareVersion(SoftwareVersion(system: try system(), major: try c.decode(UInt8.self, forKey: .major),
                                                            minor: try c.decode(UInt8.self, forKey: .minor)))
        case "uitdSoftwareVersion":
            self = .uitdSoftwareVersion(SoftwareVersion(system: nil, major: try c.decode(UInt8.self, forKey: .major),
                                                        minor: try c.decode(UInt8.self, forKey: .minor)))
        case "systemConfiguration":
            self = .systemConfiguration(ConfigurationText(system: try system(), text: try text(.text, width: nil)))
        case "uitdConfiguration":
            self = .uitdConfiguration(ConfigurationText(system: nil, text: try text(.text, width: nil)))
        case "componentConfiguration":
            self = .componentConfiguration(ComponentConfiguration(system: try system(), componentType: try componentType(),
                                                                  componentAddress: try address(), description: try text(.description, width: 31)))
        case "facilitySystemTime": self = .facilitySystemTime(SystemTime(system: try system(), time: try time()))
        case "uitdSystemTime": self = .uitdSystemTime(SystemTime(system: nil, time: try time()))
        case "uitdStatus":
            self = .uitdStatus(UITDStatus(status: try status(UITDStatusFlags.self), restored: try restored(UITDStatusFlags.self),
                                          time: c.contains(.time) ? try time() : nil))
        case "uitdOperation":
            self = .uitdOperation(UITDOperation(operation: try operation(UITDOperationFlags.self),
                                                operatorNumber: try c.decodeIfPresent(UInt8.self, forKey: .operator) ?? 0, time: try time()))
        case "readSystemStatus": self = .readSystemStatus(try system())
        case "readComponentStatus": self = .readComponentStatus(try target())
        case "readAnalogValues": self = .readAnalogValues(try target())
        case "readFacilityOperations":
            self = .readFacilityOperations(RecordQuery(system: try system(), count: try c.decode(UInt8.self, forKey: .count), startTime: try time(.startTime)))
        case "readFacilitySoftwareVersion": self = .readFacilitySoftwareVersion(try system())
        case "readSystemConfiguration": self = .readSystemConfiguration(try system())
        case "readComponentConfiguration": self = .readComponentConfiguration(try target())
        case "readFacilitySystemTime": self = .readFacilitySystemTime(try system())
        case "readUITDStatus": self = .readUITDStatus(reserved: try reserved())
        case "readUITDOperations":
            self = .readUITDOperations(RecordQuery(system: try optionalSystem(), count: try c.decode(UInt8.self, forKey: .count), startTime: try time(.startTime)))
        case "readUITDSoftwareVersion": self = .readUITDSoftwareVersion(reserved: try reserved())
        case "readUITDConfiguration": self = .readUITDConfiguration(reserved: try reserved())
        case "readUITDSystemTime": self = .readUITDSystemTime(reserved: try reserved())
        case "initializeUITD": self = .initializeUITD(reserved: try reserved())
        case "synchronizeClock": self = .synchronizeClock(try time())
        case "patrol": self = .patrol(replyTimeoutMinutes: try c.decode(UInt8.self, forKey: .replyTimeoutMinutes))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown kind \"\(kind)\"")
        }
    }
}
