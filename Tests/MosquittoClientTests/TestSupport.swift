import BrokerHarness
import Foundation
import MosquittoClient
import Testing

/// A bounded wait failed.
struct TimeoutError: Error, CustomStringConvertible {
    var what: String
    var seconds: Double
    var description: String { "timed out after \(seconds) s: \(what)" }
}

/// Resumes a continuation at most once, whoever comes first (the operation or the timer).
/// `@unchecked Sendable`: `continuation` is only touched under `lock`.
private final class OneShot<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = continuation
    }

    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        let taken: CheckedContinuation<T, any Error>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        taken?.resume(with: result)
        return taken != nil
    }
}

/// Runs `operation` but gives up after `seconds`. Unlike a task group, this does not wait for
/// the operation to notice cancellation, so even an operation that ignores cancellation (or a bug
/// that hangs) cannot hang the suite.
@discardableResult
func withTimeout<T: Sendable>(
    _ seconds: Double = 10,
    _ what: String,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let once = OneShot(continuation)
        let work = Task {
            do { once.resume(with: .success(try await operation())) } catch { once.resume(with: .failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            if once.resume(with: .failure(TimeoutError(what: what, seconds: seconds))) { work.cancel() }
        }
    }
}

/// Counts what a collector got so far, so that a timeout can say how far it came.
final class Progress: @unchecked Sendable {
    // `@unchecked Sendable`: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0
    func set(_ newValue: Int) { lock.withLock { value = newValue } }
    var current: Int { lock.withLock { value } }
}

/// A thread-safe counter. `@unchecked Sendable`: `count` is only touched under `lock`.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    /// Adds one and returns the new count (exactly one caller sees each value).
    func incremented() -> Int { lock.withLock { count += 1; return count } }
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}

/// Reads exactly `count` messages from the client's stream (bounded).
func receive(_ count: Int, from client: MQTTClient, within seconds: Double = 10) async throws -> [MQTTMessage] {
    let progress = Progress()
    do {
        return try await withTimeout(seconds, "receiving \(count) messages") {
            var received: [MQTTMessage] = []
            for await message in client.messages {
                received.append(message)
                progress.set(received.count)
                if received.count == count { break }
            }
            return received
        }
    } catch let error as TimeoutError {
        throw TimeoutError(what: "\(error.what) (got \(progress.current))", seconds: seconds)
    }
}

/// Reads events until one matches; returns everything read, the match last (bounded).
func events(
    _ stream: AsyncStream<MQTTConnectionEvent>,
    until description: String,
    within seconds: Double = 10,
    _ matches: @escaping @Sendable (MQTTConnectionEvent) -> Bool
) async throws -> [MQTTConnectionEvent] {
    try await withTimeout(seconds, "connection event: \(description)") {
        var seen: [MQTTConnectionEvent] = []
        for await event in stream {
            seen.append(event)
            if matches(event) { return seen }
        }
        return seen
    }
}

extension MQTTConnectionEvent {
    var isConnected: Bool { if case .connected = self { true } else { false } }
    var isFailure: Bool {
        switch self {
        case .connectFailed, .disconnected: true
        default: false
        }
    }
}

/// A client for `broker` with test-friendly reconnect delays (1 s, at most 2 s).
func makeClient(
    _ broker: TestBroker,
    clientId: String = "test-\(UUID().uuidString.prefix(8))",
    cleanSession: Bool = false,
    tls: MQTTClientConfiguration.TLS? = nil
) throws -> MQTTClient {
    try MQTTClient(configuration: MQTTClientConfiguration(
        host: broker.host,
        port: Int(broker.port),
        clientId: clientId,
        cleanSession: cleanSession,
        keepAlive: .seconds(10),
        tls: tls,
        reconnectDelayMin: .seconds(1),
        reconnectDelayMax: .seconds(2)
    ))
}

/// Starts the client and waits (bounded) for the broker's CONNACK.
func connect(_ client: MQTTClient) async throws {
    try client.start()
    try await withTimeout(5, "connecting") { try await client.waitUntilConnected() }
}

/// Shuts down (bounded) so a hanging shutdown fails the test instead of the suite.
func shutDown(_ clients: MQTTClient...) async throws {
    for client in clients {
        try await withTimeout(5, "shutdown") { await client.shutdown() }
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
