/// One information object 信息对象 of an ADU, typed by what it says.
///
/// The case name is the `kind` that `firewatch decode` and the JSON form use.
public enum InformationObject: Hashable, Sendable {
    // Uploads (UITD → centre)
    case systemStatus(SystemStatus)
    case componentStatus(ComponentStatus)
    case analogValue(AnalogValue)
    case facilityOperation(FacilityOperation)
    case facilitySoftwareVersion(SoftwareVersion)
    case systemConfiguration(ConfigurationText)
    case componentConfiguration(ComponentConfiguration)
    case facilitySystemTime(SystemTime)
    case uitdStatus(UITDStatus)
    case uitdOperation(UITDOperation)
    case uitdSoftwareVersion(SoftwareVersion)
    case uitdConfiguration(ConfigurationText)
    case uitdSystemTime(SystemTime)
    // Downloads (centre → UITD): queries and control
    case readSystemStatus(SystemTarget)
    case readComponentStatus(ComponentTarget)
    case readAnalogValues(ComponentTarget)
    case readFacilityOperations(RecordQuery)
    case readFacilitySoftwareVersion(SystemTarget)
    case readSystemConfiguration(SystemTarget)
    case readComponentConfiguration(ComponentTarget)
    case readFacilitySystemTime(SystemTarget)
    case readUITDStatus(reserved: UInt8)
    case readUITDOperations(RecordQuery)
    case readUITDSoftwareVersion(reserved: UInt8)
    case readUITDConfiguration(reserved: UInt8)
    case readUITDSystemTime(reserved: UInt8)
    case initializeUITD(reserved: UInt8)
    case synchronizeClock(DeviceTime)
    /// 查岗: the person on duty must answer within this many minutes.
    case patrol(replyTimeoutMinutes: UInt8)

    /// The JSON `kind`.
    public var kind: String {
        switch self {
        case .systemStatus: "systemStatus"
        case .componentStatus: "componentStatus"
        case .analogValue: "analogValue"
        case .facilityOperation: "facilityOperation"
        case .facilitySoftwareVersion: "facilitySoftwareVersion"
        case .systemConfiguration: "systemConfiguration"
        case .componentConfiguration: "componentConfiguration"
        case .facilitySystemTime: "facilitySystemTime"
        case .uitdStatus: "uitdStatus"
        case .uitdOperation: "uitdOperation"
        case .uitdSoftwareVersion: "uitdSoftwareVersion"
        case .uitdConfiguration: "uitdConfiguration"
        case .uitdSystemTime: "uitdSystemTime"
        case .readSystemStatus: "readSystemStatus"
        case .readComponentStatus: "readComponentStatus"
        case .readAnalogValues: "readAnalogValues"
        case .readFacilityOperations: "readFacilityOperations"
        case .readFacilitySoftwareVersion: "readFacilitySoftwareVersion"
        case .readSystemConfiguration: "readSystemConfiguration"
        case .readComponentConfiguration: "readComponentConfiguration"
        case .readFacilitySystemTime: "readFacilitySystemTime"
        case .readUITDStatus: "readUITDStatus"
        case .readUITDOperations: "readUITDOperations"
        case .readUITDSoftwareVersion: "readUITDSoftwareVersion"
        case .readUITDConfiguration: "readUITDConfiguration"
        case .readUITDSystemTime: "readUITDSystemTime"
        case .initializeUITD: "initializeUITD"
        case .synchronizeClock: "synchronizeClock"
        case .patrol: "patrol"
        }
    }

    /// The standard ADU type that carries this object.
    public var dataType: DataType {
        switch self {
        case .systemStatus: .systemStatus
        case .componentStatus: .componentStatus
        case .analogValue: .analogValue
        case .facilityOperation: .facilityOperation
        case .facilitySoftwareVersion: .facilitySoftwareVersion
        case .systemConfiguration: .systemConfiguration
        case .componentConfiguration: .componentConfiguration
        case .facilitySystemTime: .facilitySystemTime
        case .uitdStatus: .uitdStatus
        case .uitdOperation: .uitdOperation
        case .uitdSoftwareVersion: .uitdSoftwareVersion
        case .uitdConfiguration: .uitdConfiguration
        case .uitdSystemTime: .uitdSystemTime
        case .readSystemStatus: .readSystemStatus
        case .readComponentStatus: .readComponentStatus
        case .readAnalogValues: .readAnalogValues
        case .readFacilityOperations: .readFacilityOperations
        case .readFacilitySoftwareVersion: .readFacilitySoftwareVersion
        case .readSystemConfiguration: .readSystemConfiguration
        case .readComponentConfiguration: .readComponentConfiguration
        case .readFacilitySystemTime: .readFacilitySystemTime
        case .readUITDStatus: .readUITDStatus
        case .readUITDOperations: .readUITDOperations
        case .readUITDSoftwareVersion: .readUITDSoftwareVersion
        case .readUITDConfiguration: .readUITDConfiguration
        case .readUITDSystemTime: .readUITDSystemTime
        case .initializeUITD: .initializeUITD
        case .synchronizeClock: .synchronizeClock
        case .patrol: .patrol
        }
    }
}
