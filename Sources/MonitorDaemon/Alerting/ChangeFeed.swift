import Foundation
import Synchronization

/// What just committed, for live views: the console's Server-Sent Events.
struct ChangeEvent: Sendable, Codable, Equatable {
    /// `incident`, `hazard`, `notice`, `frame`, `gateway`, `outage`, `maintenance`.
    var kind: String
    /// Its id (a gateway id for frames).
    var subject: String
    var building: String?
}

/// Fans committed changes out to live subscribers.
///
/// These are refresh hints, not data (the data is in the database): each subscriber buffers the
/// newest 512, so a stalled browser tab can never hold memory or slow the writer, and a
/// subscriber that missed hints reloads what it shows.
final class ChangeFeed: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<ChangeEvent>.Continuation]>([:])

    init() {}

    func publish(_ events: [ChangeEvent]) {
        guard !events.isEmpty else { return }
        let continuations = subscribers.withLock { Array($0.values) }
        for c in continuations { for e in events { c.yield(e) } }
    }

    /// A stream of every change from now on; it ends when the consumer stops iterating.
    func subscribe() -> AsyncStream<ChangeEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: ChangeEvent.self, bufferingPolicy: .bufferingNewest(512))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    var subscriberCount: Int { subscribers.withLock { $0.count } }
}
