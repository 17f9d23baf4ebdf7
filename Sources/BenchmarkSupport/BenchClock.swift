import Foundation

/// The one time base of a benchmark run: every timestamp is nanoseconds since `epoch`.
///
/// ContinuousClock, because the MQTT client stamps `MQTTMessage.receivedAt` with it on
/// libmosquitto's network thread, so send and receive times compare directly.
public enum BenchClock {
    /// Both read together (statics are initialised lazily, on first use): the wall clock at
    /// `epoch`, in milliseconds since 1970, converts our instants to the daemon's database
    /// timestamps (milliseconds since the epoch, UTC).
    public static let origin = (instant: ContinuousClock.now, wallMs: Date().timeIntervalSince1970 * 1000)
    public static var epoch: ContinuousClock.Instant { origin.instant }
    public static var epochWallMs: Double { origin.wallMs }
}

/// Nanoseconds since `BenchClock.epoch` (inlinable: it runs once per frame on the hot paths).
@inlinable @inline(__always) public func nanos(_ instant: ContinuousClock.Instant) -> Int64 {
    let d = instant - BenchClock.epoch
    return d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
}

/// Now, in nanoseconds since `BenchClock.epoch`.
@inlinable @inline(__always) public func nowNs() -> Int64 { nanos(.now) }
