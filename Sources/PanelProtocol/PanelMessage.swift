/// A frame read completely: its header and its typed ADU (nil when the ADU is empty).
///
/// This is what the rest of the centre works with, whether the gateway sent binary frames or the
/// JSON form.
public struct PanelMessage: Hashable, Sendable {
    public var header: FrameHeader
    public var adu: ApplicationDataUnit?
    /// How the header's time label reads (the gateway's dialect).
    public var timeFormat: TimeLabelFormat

    public init(header: FrameHeader, adu: ApplicationDataUnit?, timeFormat: TimeLabelFormat = .binary) {
        self.header = header
        self.adu = adu
        self.timeFormat = timeFormat
    }

    /// Reads a frame's ADU in the gateway's dialect.
    public init(frame: borrowing Frame, dialect: borrowing Dialect = .gb2011, offset: Int = 0) throws(FrameError) {
        let adu: ApplicationDataUnit?
        do {
            adu = try ApplicationDataUnit.decode(frame.adu, dialect: dialect, base: offset + FrameLayout.headerLength)
        } catch {
            var e = error
            e.header = frame.header
            throw e
        }
        header = frame.header
        self.adu = adu
        timeFormat = dialect.timeLabelFormat
    }

    /// The packet's time label as a device time.
    public var time: DeviceTime { header.timeLabel.deviceTime(timeFormat) }

    /// The frame's bytes in the given dialect.
    public func encoded(dialect: Dialect = .gb2011) -> [UInt8] {
        FrameEncoder.encode(header, adu: adu?.encoded(dialect: dialect, downstreamTime: time) ?? [])
    }
}
