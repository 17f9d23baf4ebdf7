public import Foundation

/// A throw-away certificate authority with a server certificate for 127.0.0.1 and a client
/// certificate, made with the `openssl` command in a directory of the caller's choice. For
/// TLS tests against a real ``TestBroker``: nothing is checked in, nothing outlives the test.
public struct TestCertificates: Sendable {
    public let caFile: String
    public let serverCertificateFile: String
    public let serverKeyFile: String
    public let clientCertificateFile: String
    public let clientKeyFile: String

    /// Makes the files in `directory` (created if needed). Takes a second or two (RSA keys).
    public static func make(in directory: URL) throws -> TestCertificates {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func run(_ arguments: [String]) throws { try TestBroker.runTool("openssl", arguments) }
        try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=firewatch test CA",
                 "-keyout", path("ca.key"), "-out", path("ca.pem")])
        // The client checks the server's name against the host it dialled: 127.0.0.1.
        try "subjectAltName = IP:127.0.0.1\n".write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        for (name, extensions) in [("server", Optional(path("server.ext"))), ("client", nil)] {
            try run(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name == "server" ? "127.0.0.1" : "firewatch-test-client")",
                     "-keyout", path("\(name).key"), "-out", path("\(name).csr")])
            try run(["x509", "-req", "-days", "2", "-in", path("\(name).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                     "-CAcreateserial", "-out", path("\(name).pem")] + (extensions.map { ["-extfile", $0] } ?? []))
        }
        return TestCertificates(
            caFile: path("ca.pem"), serverCertificateFile: path("server.pem"), serverKeyFile: path("server.key"),
            clientCertificateFile: path("client.pem"), clientKeyFile: path("client.key"))
    }

    /// Broker configuration lines for the listener: TLS with these files, and a client
    /// certificate signed by the CA required.
    public var brokerConfiguration: [String] {
        ["cafile \(caFile)", "certfile \(serverCertificateFile)", "keyfile \(serverKeyFile)", "require_certificate true"]
    }
}
