/// A monitored point: one component, one facility system's status word, or a UITD itself,
/// as seen through one gateway of one building.
///
/// Keeping the current condition of every point is what lets the core tell a restore (a bit
/// that cleared) from a repeat, and make a reconnect burst a resynchronisation that raises only
/// what changed (issue 4, item 2).
public struct PointKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Level: String, Hashable, Sendable, Codable {
        /// A component (type 2 objects).
        case component
        /// A facility system's status word (type 1 objects); its fire bit is a summary.
        case system
        /// The UITD's own status (type 21 objects).
        case uitd
    }

    public var building: String
    public var gateway: String
    public var level: Level
    public var systemType: UInt8
    public var systemAddress: UInt8
    public var componentType: UInt8
    public var componentAddress: UInt32

    public init(building: String, gateway: String, level: Level, systemType: UInt8 = 0, systemAddress: UInt8 = 0,
                componentType: UInt8 = 0, componentAddress: UInt32 = 0) {
        self.building = building
        self.gateway = gateway
        self.level = level
        self.systemType = systemType
        self.systemAddress = systemAddress
        self.componentType = componentType
        self.componentAddress = componentAddress
    }

    /// Stable text id: `gw-0001/1.3/40.393433`, `gw-0001/1.3`, `gw-0001/uitd`.
    public var id: String {
        switch level {
        case .component: "\(systemId)/\(componentType).\(componentAddress)"
        case .system: systemId
        case .uitd: "\(gateway)/uitd"
        }
    }

    /// The facility system it belongs to (`gw-0001/1.3`); for a UITD, the UITD.
    public var systemId: String {
        level == .uitd ? "\(gateway)/uitd" : "\(gateway)/\(systemType).\(systemAddress)"
    }

    public var description: String { id }
}
