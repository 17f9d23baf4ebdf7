import Foundation
import GRDB
import PanelProtocol

/// Writes one group of intake items inside the writer's transaction.
///
/// Frames are unique per (gateway, bytes) — as the key (device time, gateway, bytes), the device
/// time being read from the bytes (migration v4) —: a retransmission finds its row, bumps
/// `repeatCount` and is reported as a duplicate, so it is acknowledged again and changes
/// nothing else.
struct IngestStore {
    /// The JSON form of each object, for `frame.objects`.
    private let objectJSON = FrameObjectJSON()

    /// A frame as stored: its row id and whether it was a retransmission of a stored frame.
    struct StoredFrame {
        var id: Int64
        var isDuplicate: Bool
        var frame: AcceptedFrame
    }

    /// `previousId`: the gateway's last stored frame before this one (``FrameChain``).
    func store(_ frame: AcceptedFrame, previousId: Int64?, in db: Database) throws -> StoredFrame {
        let m = frame.message
        // Cached: preparing this insert (parser, authorizer, FK/trigger code generation) cost more
        // than executing it when it was prepared again for every frame. A plain insert rather
        // than `… RETURNING`: the new row's id is `lastInsertedRowID`, no row to read back.
        let insert = try db.cachedStatement(sql: """
            INSERT INTO frame (gatewayId, topic, form, bytes, receivedAt, lastReceivedAt, serial, sourceAddress, command, deviceTime, aduType, previousId, objects)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (deviceTime, gatewayId, bytes) DO NOTHING
            """)
        let receivedAt = StorageTime.databaseValue(frame.receivedAt)
        let gatewayId = frame.gateway.gateway.id
        let bytes = Data(frame.bytes)
        let deviceTime = m.time.iso8601
        // Made before the insert, which alone tells a new frame from a retransmission (whose
        // objects then go unused: rare, and cheaper than asking first).
        let objects = try objectJSON.array(of: m)
        try insert.execute(arguments: [gatewayId, frame.topic, frame.form.rawValue, bytes, receivedAt,
                                       receivedAt, Int(m.header.serial), m.header.source.hex, Int(m.header.command.rawValue),
                                       deviceTime, m.adu.map { Int($0.type.rawValue) }, previousId, objects])
        guard db.changesCount == 0 else {
            return StoredFrame(id: db.lastInsertedRowID, isDuplicate: false, frame: frame)
        }
        // A retransmission: the stored row counts it.
        let repeatUpdate = try db.cachedStatement(sql: """
            UPDATE frame SET repeatCount = repeatCount + 1, lastReceivedAt = ?
            WHERE deviceTime = ? AND gatewayId = ? AND bytes = ? RETURNING id
            """)
        guard let id = try Int64.fetchOne(repeatUpdate, arguments: [receivedAt, deviceTime, gatewayId, bytes]) else {
            throw DatabaseError(message: "frame neither inserted nor found")
        }
        return StoredFrame(id: id, isDuplicate: true, frame: frame)
    }

    /// A write that involves no input: one row rewritten in `storage_probe`. After a group's
    /// commit failed for good, this failing too says the database takes no writes at all (a full
    /// disk, an I/O error) rather than that something in the group cannot be stored.
    func probeWrite(in db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO storage_probe (id, probedAt) VALUES (1, ?)",
                       arguments: [StorageTime.databaseValue(Date())])
    }

    func quarantine(_ input: QuarantinedInput, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO quarantine (gatewayId, topic, receivedAt, reason, message, byteOffset, serial, bytes, bytesTruncated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [input.gatewayId, input.topic, input.receivedAt, input.reason.description, input.message,
                             input.offset, input.header.map { Int($0.serial) }, Data(input.bytes), input.bytesTruncated])
    }
}
