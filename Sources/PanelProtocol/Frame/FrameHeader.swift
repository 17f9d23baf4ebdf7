/// The control unit of a frame (bytes 2…26): everything but the ADU.
public struct FrameHeader: Hashable, Sendable {
    /// 业务流水号: chosen by the initiator, echoed by the replier.
    public var serial: UInt16
    /// Main and user version bytes; user versions vary widely and are never validated.
    public var version: ProtocolVersion
    public var timeLabel: TimeLabel
    public var source: NodeAddress
    public var destination: NodeAddress
    public var command: Command

    public init(serial: UInt16, version: ProtocolVersion = .standard, timeLabel: TimeLabel,
                source: NodeAddress, destination: NodeAddress, command: Command) {
        self.serial = serial
        self.version = version
        self.timeLabel = timeLabel
        self.source = source
        self.destination = destination
        self.command = command
    }
}

/// The two version bytes (main, user).
public struct ProtocolVersion: Hashable, Sendable {
    public var major: UInt8
    public var minor: UInt8
    public init(major: UInt8, minor: UInt8) { self.major = major; self.minor = minor }
    /// `1.1`, what most standard devices send.
    public static let standard = ProtocolVersion(major: 1, minor: 1)
}
