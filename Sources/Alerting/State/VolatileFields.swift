/// A state value with fields that change on every frame but decide nothing: when a gateway was
/// last heard, when a point last reported, how many repeats since its last change.
///
/// Writing a row for each of them would cost a JSON row per frame — most of a busy centre's
/// writes — for values the daemon can rebuild: the `frame` table records every report, and the
/// last frame of each gateway is kept durably (``AlertingState/restoreLiveness(lastFrames:)``).
/// A write that changes only these fields leaves the row as it was; the row catches up with the
/// next real change. After a restart they read as of that last row (and the restored liveness).
public protocol VolatileFields: Equatable {
    /// The value with its volatile fields set to fixed values: two values with equal durable
    /// parts need no new row.
    var durablePart: Self { get }
}

extension PointState: VolatileFields {
    /// Without `lastReportAt` and `repeatCount`.
    public var durablePart: PointState {
        var p = self
        p.lastReportAt = firstSeenAt
        p.repeatCount = 0
        return p
    }
}

extension GatewayState: VolatileFields {
    /// Without `lastFrameAt`, `supervisionBase` (rebuilt from the last frame) and
    /// `lastSkewSeconds` (the next labelled frame measures it again).
    public var durablePart: GatewayState {
        var g = self
        g.lastFrameAt = nil
        g.supervisionBase = nil
        g.lastSkewSeconds = nil
        return g
    }
}
