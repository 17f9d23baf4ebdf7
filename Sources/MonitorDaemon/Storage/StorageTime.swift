import Alerting
import Foundation
import GRDB

/// A receive time in GRDB's storage form of a `Date` (`yyyy-MM-dd HH:mm:ss.SSS`, UTC), made
/// without a `DateFormatter`.
///
/// GRDB formats every `Date` argument through ICU; for the ingest path (a frame's receive time,
/// twice per frame) that cost more than the row's insert. The text is the same, so reads
/// (`Date` columns through GRDB) and SQL comparisons are unchanged.
enum StorageTime {
    static func databaseValue(_ date: Date) -> DatabaseValue {
        // To the nearest millisecond, as GRDB's formatter rounds (not down).
        let instant = AlertingInstant(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        let t = CivilTime(instant: instant, utcOffsetSeconds: 0)
        // Years outside 0…9999 do not fit the fixed-width form: leave those to GRDB.
        guard (0...9999).contains(t.year) else { return date.databaseValue }
        let millis = Int(((instant.milliseconds % 1000) + 1000) % 1000)
        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int, _ width: Int, at index: Int) {
            var v = value
            for i in stride(from: index + width - 1, through: index, by: -1) {
                bytes[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                v /= 10
            }
        }
        put(t.year, 4, at: 0); bytes[4] = 0x2D  // -
        put(t.month, 2, at: 5); bytes[7] = 0x2D
        put(t.day, 2, at: 8); bytes[10] = 0x20  // space
        put(t.hour, 2, at: 11); bytes[13] = 0x3A  // :
        put(t.minute, 2, at: 14); bytes[16] = 0x3A
        put(t.second, 2, at: 17); bytes[19] = 0x2E  // .
        put(millis, 3, at: 20)
        return String(decoding: bytes, as: UTF8.self).databaseValue
    }
}
