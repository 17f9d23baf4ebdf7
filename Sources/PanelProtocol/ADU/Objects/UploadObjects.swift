// The information objects a UITD uploads (types 1–8, 21–28; STD §8.3.1).

/// Type 1: the status word of a facility system.
public struct SystemStatus: Hashable, Sendable {
    public var system: SystemTarget
    public var status: SystemStatusFlags
    /// Set for vendor restore type 134: the bits that cleared (``status`` is then 0).
    public var restored: SystemStatusFlags?
    public var time: DeviceTime
    public init(system: SystemTarget, status: SystemStatusFlags, restored: SystemStatusFlags? = nil, time: DeviceTime) {
        self.system = system
        self.status = status
        self.restored = restored
        self.time = time
    }
}

/// Type 2: the running state of one component (a detector, a module, a call point…).
public struct ComponentStatus: Hashable, Sendable {
    public var system: SystemTarget
    public var componentType: ComponentType
    public var componentAddress: UInt32
    public var status: ComponentStatusFlags
    /// Set for vendor restore type 135: the bits that cleared (``status`` is then 0).
    public var restored: ComponentStatusFlags?
    /// 31 bytes of GB 18030; nil in the 15-byte variant that carries none (Fubei 2018).
    public var description: EncodedText? {
        @inlinable get { hasDescription ? storedDescription : nil }
        set {
            if let newValue {
                storedDescription = newValue
                hasDescription = true
            } else {
                storedDescription = Self.noDescription
                hasDescription = false
            }
        }
    }
    public var time: DeviceTime
    /// `description` without the optional (see `PanelMessage.storedADU`): empty bytes (and
    /// `hasDescription` false) when there is none, so the synthesised `==` and `hash(into:)`
    /// mean what they meant.
    @usableFromInline private(set) var storedDescription: EncodedText
    @usableFromInline private(set) var hasDescription: Bool
    private static var noDescription: EncodedText { EncodedText(bytes: [], isPaddedField: true) }

    public init(system: SystemTarget, componentType: ComponentType, componentAddress: UInt32,
                status: ComponentStatusFlags, restored: ComponentStatusFlags? = nil,
                description: EncodedText?, time: DeviceTime) {
        self.system = system
        self.componentType = componentType
        self.componentAddress = componentAddress
        self.status = status
        self.restored = restored
        if let description {
            storedDescription = description
            hasDescription = true
        } else {
            storedDescription = Self.noDescription
            hasDescription = false
        }
        self.time = time
    }
}

/// Type 3: one sampled analog value.
public struct AnalogValue: Hashable, Sendable {
    public var system: SystemTarget
    public var componentType: ComponentType
    public var componentAddress: UInt32
    public var analogType: AnalogType
    /// Signed count of ``AnalogType/scale`` steps.
    public var rawValue: Int16
    public var time: DeviceTime
    public init(system: SystemTarget, componentType: ComponentType, componentAddress: UInt32,
                analogType: AnalogType, rawValue: Int16, time: DeviceTime) {
        self.system = system
        self.componentType = componentType
        self.componentAddress = componentAddress
        self.analogType = analogType
        self.rawValue = rawValue
        self.time = time
    }
    /// The value in ``AnalogType/unit``.
    public var value: Double { Double(rawValue) * analogType.scale }
}

/// Type 4: an operation on a facility (reset, silence, manual alarm…).
public struct FacilityOperation: Hashable, Sendable {
    public var system: SystemTarget
    public var operation: OperationFlags
    public var operatorNumber: UInt8
    public var time: DeviceTime
    public init(system: SystemTarget, operation: OperationFlags, operatorNumber: UInt8, time: DeviceTime) {
        self.system = system
        self.operation = operation
        self.operatorNumber = operatorNumber
        self.time = time
    }
}

/// Types 5 and 25: a software version (system nil for the UITD's own).
public struct SoftwareVersion: Hashable, Sendable {
    public var system: SystemTarget?
    public var major: UInt8
    public var minor: UInt8
    public init(system: SystemTarget?, major: UInt8, minor: UInt8) {
        self.system = system
        self.major = major
        self.minor = minor
    }
}

/// Types 6 and 26: a configuration description (system nil for the UITD's own).
public struct ConfigurationText: Hashable, Sendable {
    public var system: SystemTarget?
    /// Length-prefixed GB 18030 (at most 255 bytes).
    public var text: EncodedText
    public init(system: SystemTarget?, text: EncodedText) {
        self.system = system
        self.text = text
    }
}

/// Type 7: a configured component and its description.
public struct ComponentConfiguration: Hashable, Sendable {
    public var system: SystemTarget
    public var componentType: ComponentType
    public var componentAddress: UInt32
    public var description: EncodedText
    public init(system: SystemTarget, componentType: ComponentType, componentAddress: UInt32, description: EncodedText) {
        self.system = system
        self.componentType = componentType
        self.componentAddress = componentAddress
        self.description = description
    }
}

/// Types 8 and 28: a device's clock (system nil for the UITD's own).
public struct SystemTime: Hashable, Sendable {
    public var system: SystemTarget?
    public var time: DeviceTime
    public init(system: SystemTarget?, time: DeviceTime) {
        self.system = system
        self.time = time
    }
}

/// Type 21: the UITD's own running status.
public struct UITDStatus: Hashable, Sendable {
    public var status: UITDStatusFlags
    /// Set for vendor restore type 136: the bits that cleared (``status`` is then 0).
    public var restored: UITDStatusFlags?
    /// nil for heartbeats sent without a time label (a tolerated vendor variant).
    public var time: DeviceTime?
    public init(status: UITDStatusFlags, restored: UITDStatusFlags? = nil, time: DeviceTime?) {
        self.status = status
        self.restored = restored
        self.time = time
    }
}

/// Type 24: an operation on the UITD; bit 5 is the answer to a 查岗 (patrol).
public struct UITDOperation: Hashable, Sendable {
    public var operation: UITDOperationFlags
    public var operatorNumber: UInt8
    public var time: DeviceTime
    public init(operation: UITDOperationFlags, operatorNumber: UInt8, time: DeviceTime) {
        self.operation = operation
        self.operatorNumber = operatorNumber
        self.time = time
    }
}
