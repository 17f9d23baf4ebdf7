import Alerting
import Foundation
import Logging

/// The daemon's configuration: one YAML file, every key overridable from the environment.
///
/// Load it with ``load(path:environment:)``; each key, its type, default and environment variable
/// is listed in ``ConfigKey/all`` (and in `docs/configuration.md`). Property defaults here *are*
/// the documented defaults. After loading, relative paths (`database.path`, `registry.path`,
/// `mqtt.tls.*`) are absolute, resolved against the folder of the config file.
struct FirewatchConfiguration: Sendable, Equatable {
    var centre = Centre()
    var mqtt = MQTT()
    var database = Database()
    var http = HTTP()
    var registry = RegistrySource()
    var shutdown = Shutdown()
    var log = Log()
    /// Every timer of the escalation policy (`escalation.*`): the core's own value, so there is
    /// one definition of each number. Its `version` and `clock.utcOffsetSeconds` are derived at
    /// load time (from the section's contents and `centre.timeZone`), never written by hand.
    var escalation = EscalationPolicy()

    init() {}

    struct Centre: Sendable, Equatable {
        /// This centre's id, used in logs and status messages.
        var id = "centre"
        /// The zone device time labels are read in (`centre.timeZone`).
        var timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }

    struct MQTT: Sendable, Equatable {
        var host = "127.0.0.1"
        var port = 1883
        var username: String?
        var password: String?
        /// Fixed, so the broker keeps the persistent session (clean session off).
        var clientId = "firewatch-centre"
        /// Topic prefix without a trailing slash, e.g. `firewatch/v1`.
        var topicPrefix = "firewatch/v1"
        var keepAliveSeconds = 30
        /// A larger payload is stored and quarantined as `oversizePayload`.
        var maxPayloadBytes = 65536
        var tls = TLS()
    }

    /// TLS to the broker: on when `caFile` is given (loading refuses a client certificate
    /// without it); certificate and key go together.
    struct TLS: Sendable, Equatable {
        var caFile: String?
        var certFile: String?
        var keyFile: String?
    }

    struct Database: Sendable, Equatable {
        var path = "firewatch.sqlite"
        /// Most frames committed in one transaction.
        var groupCommitMaxFrames = 256
        /// Below this much free space on the database's file system, warn (0: never).
        var minFreeMegabytes = 1024
    }

    struct HTTP: Sendable, Equatable {
        /// Loopback by default: put a TLS-terminating proxy or `http.tls.*` in front before
        /// opening it to a network.
        var host = "127.0.0.1"
        var port = 8080
        /// HTTPS when both are set (PEM files).
        var tlsCertFile: String?
        var tlsKeyFile: String?
        /// A console session lasts at most this long (one shift).
        var sessionHours = 12
        var isTLS: Bool { tlsCertFile != nil && tlsKeyFile != nil }
    }

    struct RegistrySource: Sendable, Equatable {
        var path = "registry.yaml"
    }

    struct Shutdown: Sendable, Equatable {
        /// How long services get to finish after SIGTERM before the daemon exits anyway.
        var timeoutSeconds = 10
    }

    struct Log: Sendable, Equatable {
        var level: Logger.Level = .info
    }
}
