/// A frame read completely: its header and its typed ADU (nil when the ADU is empty).
///
/// This is what the rest of the centre works with, whether the gateway sent binary frames or the
/// JSON form.
public struct PanelMessage: Hashable, Sendable {
    public var header: FrameHeader
    /// The typed ADU; nil when the frame's ADU is empty.
    public var adu: ApplicationDataUnit? {
        @inlinable get { hasADU ? storedADU : nil }
        set {
            if let newValue {
                storedADU = newValue
                hasADU = true
            } else {
                storedADU = Self.noADU
                hasADU = false
            }
        }
    }
    /// How the header's time label reads (the gateway's dialect).
    public var timeFormat: TimeLabelFormat
    /// `adu` without the optional: Swift 6.3 copies and destroys a struct that stores an optional
    /// multi-word value once more at the end of each initialiser (one retain and release of the
    /// whole value). `noADU` (and `hasADU` false) when there is none, so equal messages have equal
    /// stored properties and the synthesised `==` and `hash(into:)` mean what they meant.
    @usableFromInline private(set) var storedADU: ApplicationDataUnit
    @usableFromInline private(set) var hasADU: Bool
    private static var noADU: ApplicationDataUnit { ApplicationDataUnit(type: DataType(rawValue: 0), count: nil, content: .raw([])) }

    public init(header: FrameHeader, adu: ApplicationDataUnit?, timeFormat: TimeLabelFormat = .binary) {
        self.header = header
        if let adu {
            storedADU = adu
            hasADU = true
        } else {
            storedADU = Self.noADU
            hasADU = false
        }
        self.timeFormat = timeFormat
    }

    /// Reads a frame's ADU in the gateway's dialect.
    public init(frame: borrowing Frame, dialect: borrowing Dialect = .gb2011, offset: Int = 0) throws(FrameError) {
        header = frame.header
        timeFormat = dialect.timeLabelFormat
        if frame.adu.isEmpty {
            storedADU = Self.noADU
            hasADU = false
            return
        }
        do {
            // Decoded straight into the stored property: no optional to wrap and unwrap.
            storedADU = try ApplicationDataUnit.decodeNonEmpty(frame.adu, dialect: dialect, base: offset + FrameLayout.headerLength)
        } catch {
            var e = error
            e.header = frame.header
            throw e
        }
        hasADU = true
    }

    /// Calls `body` with each typed object of the ADU in order (none for an empty or raw ADU),
    /// lending it instead of copying it: `adu?.objects.first` copies the ADU, the array and the
    /// object. The same objects, in the same order, as `adu?.objects ?? []`; see
    /// ``ApplicationDataUnit/forEachObject(_:)``. `consuming`: a borrowed message had its
    /// stored ADU copied whole (and destroyed) for the `switch` over its storage, ≈ 260
    /// instructions of a frame's ≈ 1,670; a caller done with the message hands it over, one that
    /// is not gets the same copy as before, made by the compiler.
    @inlinable
    public consuming func forEachObject<E: Error>(_ body: (borrowing InformationObject) throws(E) -> Void) throws(E) {
        guard hasADU else { return }
        try storedADU.forEachObject(body)
    }

    /// The packet's time label as a device time.
    public var time: DeviceTime { header.timeLabel.deviceTime(timeFormat) }

    /// The frame's bytes in the given dialect.
    public func encoded(dialect: Dialect = .gb2011) -> [UInt8] {
        FrameEncoder.encode(header, adu: adu?.encoded(dialect: dialect, downstreamTime: time) ?? [])
    }
}
