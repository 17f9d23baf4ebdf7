/// Everything needed to open (and keep reopening) one MQTT connection.
///
/// Defaults follow the interface contract (§2): a persistent session (`cleanSession == false`)
/// with a fixed client id, so that QoS 1 messages published while the centre is down are queued by
/// the broker and delivered when it comes back.
public struct MQTTClientConfiguration: Sendable, Equatable {
    /// TLS settings, handed to `mosquitto_tls_set` / `mosquitto_tls_insecure_set`.
    public struct TLS: Sendable, Equatable {
        /// PEM file with the CA certificate(s) that signed the broker's certificate.
        public var caFile: String
        /// PEM client certificate, for brokers that require client authentication.
        public var certificateFile: String?
        /// PEM private key of `certificateFile`.
        public var keyFile: String?
        /// Skips the check that the broker certificate's name matches `host`. Off by default: only
        /// for test set-ups, since it allows a man in the middle.
        public var allowInsecure: Bool

        public init(caFile: String, certificateFile: String? = nil, keyFile: String? = nil, allowInsecure: Bool = false) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.allowInsecure = allowInsecure
        }
    }

    /// The message the broker publishes on our behalf when the connection dies without a proper
    /// DISCONNECT (e.g. `{"state":"offline"}` on `{prefix}/centre/status`).
    public struct LastWill: Sendable, Equatable {
        public var topic: String
        public var payload: [UInt8]
        public var qos: Int32
        public var retain: Bool

        public init(topic: String, payload: [UInt8], qos: Int32 = 1, retain: Bool = true) {
            self.topic = topic
            self.payload = payload
            self.qos = qos
            self.retain = retain
        }
    }

    public var host: String
    public var port: Int
    /// Fixed client id: the broker finds the persistent session by this id.
    public var clientId: String
    /// `false` (default) keeps the session, its subscriptions and queued QoS 1 messages across
    /// disconnects.
    public var cleanSession: Bool
    /// MQTT keep-alive; rounded up to whole seconds, at least 5 s (libmosquitto's minimum).
    public var keepAlive: Duration
    public var username: String?
    public var password: String?
    public var tls: TLS?
    /// First reconnect delay, in whole seconds (rounded up, at least 1).
    public var reconnectDelayMin: Duration
    /// Upper bound of the growing reconnect delay, which is `min × n²` after the n-th failed
    /// attempt in a row (libmosquitto's "exponential" backoff), reset by an accepted CONNACK.
    public var reconnectDelayMax: Duration
    public var lastWill: LastWill?

    public init(
        host: String,
        port: Int = 1883,
        clientId: String,
        cleanSession: Bool = false,
        keepAlive: Duration = .seconds(30),
        username: String? = nil,
        password: String? = nil,
        tls: TLS? = nil,
        reconnectDelayMin: Duration = .seconds(1),
        reconnectDelayMax: Duration = .seconds(30),
        lastWill: LastWill? = nil
    ) {
        self.host = host
        self.port = port
        self.clientId = clientId
        self.cleanSession = cleanSession
        self.keepAlive = keepAlive
        self.username = username
        self.password = password
        self.tls = tls
        self.reconnectDelayMin = reconnectDelayMin
        self.reconnectDelayMax = reconnectDelayMax
        self.lastWill = lastWill
    }

    /// Rejects values libmosquitto would refuse later with a bare `MOSQ_ERR_INVAL`.
    func validate() throws(MQTTError) {
        if host.isEmpty { throw .invalidArgument("host is empty") }
        if !(1...65535).contains(port) { throw .invalidArgument("port \(port) is out of range") }
        if clientId.isEmpty || clientId.utf8.count > 65535 {
            throw .invalidArgument("clientId must be 1...65535 bytes (a persistent session needs a fixed id)")
        }
        if password != nil && username == nil { throw .invalidArgument("password given without username") }
        if let tls, (tls.certificateFile == nil) != (tls.keyFile == nil) {
            throw .invalidArgument("TLS client certificate and key must be given together")
        }
        if let lastWill, !(0...2).contains(lastWill.qos) {
            throw .invalidArgument("last will QoS \(lastWill.qos) is not 0, 1 or 2")
        }
        if reconnectDelayMax < reconnectDelayMin {
            throw .invalidArgument("reconnectDelayMax is shorter than reconnectDelayMin")
        }
    }

    var keepAliveSeconds: Int32 { Int32(clamping: max(5, Self.wholeSeconds(keepAlive))) }
    var reconnectDelayMinSeconds: UInt32 { UInt32(clamping: max(1, Self.wholeSeconds(reconnectDelayMin))) }
    var reconnectDelayMaxSeconds: UInt32 {
        max(reconnectDelayMinSeconds, UInt32(clamping: max(1, Self.wholeSeconds(reconnectDelayMax))))
    }

    /// Rounds up: a configured 1.5 s must not silently become 1 s.
    private static func wholeSeconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return attoseconds > 0 ? seconds + 1 : seconds
    }
}
