import Foundation
import GRDB
@testable import MonitorDaemon
import Testing

@Suite("Storage time")
struct StorageTimeTests {
    /// The hand-made text must be GRDB's, byte for byte: `Date` columns are read back by GRDB
    /// and compared as text in SQL.
    @Test func theTextIsGRDBsForEveryKindOfInstant() {
        var rng = SystemRandomNumberGenerator()
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 0.9995), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 4_102_444_799.999),  // 2099-12-31 23:59:59.999
            Date(timeIntervalSince1970: 1_795_420_800.0005), Date(timeIntervalSince1970: 1_795_420_799.9996),
        ]
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<4_200_000_000, using: &rng)))
            // Whole milliseconds, as receive times mostly are, and values just around them.
            let ms = Double(Int64.random(in: 0..<4_200_000_000_000, using: &rng))
            dates.append(Date(timeIntervalSince1970: ms / 1000))
            dates.append(Date(timeIntervalSince1970: ms / 1000 + 0.0000004))
        }
        var mismatches: [String] = []
        for d in dates where StorageTime.databaseValue(d) != d.databaseValue {
            mismatches.append("\(d.timeIntervalSince1970): \(StorageTime.databaseValue(d)) vs \(d.databaseValue)")
        }
        let count = mismatches.count
        #expect(count == 0, "\(mismatches.prefix(5))")
        #expect(StorageTime.databaseValue(Date(timeIntervalSince1970: 1_795_420_800.25)) == "2026-11-23 08:00:00.250".databaseValue)
    }
}
