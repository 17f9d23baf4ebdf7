/// A point in time as the alerting core sees it: milliseconds since the Unix epoch (UTC).
///
/// The core never reads a clock: every input carries its time, and a tick says what "now" is.
/// That is what makes escalations testable to the second with a test clock and replayable on a
/// virtual clock. Integer milliseconds, not `Double` seconds, so that "exactly 60 s" is exact and
/// a JSON round trip of the state loses nothing.
public struct AlertingInstant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// From whole seconds since the Unix epoch.
    public init(secondsSinceEpoch seconds: Int64) { self.milliseconds = seconds * 1000 }

    /// Whole seconds since the epoch, rounded down.
    public var secondsSinceEpoch: Int64 {
        milliseconds >= 0 ? milliseconds / 1000 : -((-milliseconds + 999) / 1000)
    }

    /// This instant moved by whole seconds.
    public func adding(seconds: Int) -> AlertingInstant {
        AlertingInstant(milliseconds: milliseconds + Int64(seconds) * 1000)
    }

    /// Seconds from `earlier` to this instant (negative when `earlier` is later), in milliseconds
    /// precision.
    public func milliseconds(since earlier: AlertingInstant) -> Int64 { milliseconds - earlier.milliseconds }

    /// True when at least `seconds` have passed from `earlier` to this instant.
    public func isAtLeast(_ seconds: Int, after earlier: AlertingInstant) -> Bool {
        milliseconds - earlier.milliseconds >= Int64(seconds) * 1000
    }

    public static func < (a: AlertingInstant, b: AlertingInstant) -> Bool { a.milliseconds < b.milliseconds }

    /// Encoded as the bare number of milliseconds: compact rows, and readable in SQL.
    public init(from decoder: any Decoder) throws {
        milliseconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(milliseconds)
    }

    /// RFC 3339 in UTC, for logs and test failures.
    public var description: String { rfc3339(utcOffsetSeconds: 0) }

    /// RFC 3339 with the given fixed offset (`2026-11-23T08:00:00+08:00`); milliseconds are shown
    /// only when not zero.
    public func rfc3339(utcOffsetSeconds offset: Int) -> String {
        let local = CivilTime(instant: self, utcOffsetSeconds: offset)
        var s = local.isoDateTime
        let ms = Int(((milliseconds % 1000) + 1000) % 1000)
        if ms != 0 { s += "." + CivilTime.pad(ms, 3) }
        if offset == 0 { return s + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        return s + sign + CivilTime.pad(a / 3600, 2) + ":" + CivilTime.pad(a % 3600 / 60, 2)
    }
}

extension AlertingInstant {
    /// The later of two instants.
    static func latest(_ a: AlertingInstant?, _ b: AlertingInstant?) -> AlertingInstant? {
        switch (a, b) {
        case (nil, let x), (let x, nil): x
        case (let x?, let y?): max(x, y)
        }
    }

    /// The earlier of two instants.
    static func earliest(_ a: AlertingInstant?, _ b: AlertingInstant?) -> AlertingInstant? {
        switch (a, b) {
        case (nil, let x), (let x, nil): x
        case (let x?, let y?): min(x, y)
        }
    }
}
