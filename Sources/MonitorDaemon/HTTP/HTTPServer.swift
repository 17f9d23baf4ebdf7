import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// Builds the HTTP application (a `Service` of the daemon's group): loopback by default, HTTPS
/// when `http.tls.*` names a certificate and key.
enum HTTPServer {
    static func application(api: FirewatchAPI, settings: FirewatchConfiguration.HTTP, logger: Logger) throws -> some ApplicationProtocol {
        let configuration = ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "firewatch")
        let server: HTTPServerBuilder
        if let cert = settings.tlsCertFile, let key = settings.tlsKeyFile {
            let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .file(key))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        return Application(router: api.router(), server: server, configuration: configuration, logger: logger)
    }
}
