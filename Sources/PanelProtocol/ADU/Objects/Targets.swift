/// A facility system: (system type, system address), the first two bytes of most objects.
public struct SystemTarget: Hashable, Sendable {
    public var systemType: SystemType
    public var systemAddress: UInt8
    public init(systemType: SystemType, systemAddress: UInt8) {
        self.systemType = systemType
        self.systemAddress = systemAddress
    }
}

/// A component of a facility system, as downstream queries name it (no component type).
public struct ComponentTarget: Hashable, Sendable {
    public var systemType: SystemType
    public var systemAddress: UInt8
    /// The 4 address bytes read as a little-endian u32 (vendors split them differently).
    public var componentAddress: UInt32
    public init(systemType: SystemType, systemAddress: UInt8, componentAddress: UInt32) {
        self.systemType = systemType
        self.systemAddress = systemAddress
        self.componentAddress = componentAddress
    }
}

/// A request for stored operation records: how many, from when.
public struct RecordQuery: Hashable, Sendable {
    /// nil for the UITD's own records (type 84).
    public var system: SystemTarget?
    public var count: UInt8
    public var startTime: DeviceTime
    public init(system: SystemTarget?, count: UInt8, startTime: DeviceTime) {
        self.system = system
        self.count = count
        self.startTime = startTime
    }
}
