import Alerting
import Foundation

/// Where the daemon reads "now" for the alerting core. The core never reads a clock; the daemon
/// reads this one, and tests or `firewatch replay` substitute their own.
protocol AlertingClock: Sendable {
    func now() -> AlertingInstant
}

/// The system's wall clock: escalation rungs are wall-clock deadlines ("60 s after the alarm
/// was received"), and receive times are stored as wall-clock times too.
struct SystemAlertingClock: AlertingClock {
    func now() -> AlertingInstant { AlertingInstant(Date()) }
}

extension AlertingInstant {
    /// The instant of a `Date`, to the millisecond (rounded down).
    init(_ date: Date) {
        self.init(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
