import BrokerHarness
import Foundation
import Testing

/// `firewatch user …` as an operator runs it on the server: passwords from standard input,
/// one line per problem, exit 1.
@Suite("firewatch user")
struct UserCommandTests {
    @Test func accountsAreAddedListedAndDisabled() throws {
        let files = try DaemonHarness(broker: TestBroker(port: 1))
        let config = ["--config", files.configFile.path]
        let weak = try firewatch(["user", "add", "zhang", "--role", "operator"] + config, stdin: Array("short\n".utf8))
        #expect(weak.status == 1 && weak.stderr.contains("at least 12 characters"))
        let badRole = try firewatch(["user", "add", "zhang", "--role", "chief"] + config, stdin: Array("a long passphrase\n".utf8))
        #expect(badRole.status != 0 && badRole.stderr.contains("role must be"))
        let added = try firewatch(["user", "add", "zhang", "--role", "operator"] + config, stdin: Array("a long passphrase\n".utf8))
        #expect(added.status == 0 && added.stdout.contains("created zhang (operator)"), "\(added.stderr)")
        let twice = try firewatch(["user", "add", "zhang"] + config, stdin: Array("a long passphrase\n".utf8))
        #expect(twice.status == 1 && twice.stderr.contains("exists already"))
        let token = try firewatch(["user", "token", "zhang", "--name", "119"] + config)
        #expect(token.status == 0 && token.stdout.hasPrefix("fw_"))
        #expect(try firewatch(["user", "revoke", "zhang", "--name", "119"] + config).stdout.contains("revoked 1 token"))
        #expect(try firewatch(["user", "revoke", "zhang", "--name", "119"] + config).status == 1)
        #expect(try firewatch(["user", "list"] + config).stdout.contains("zhang\toperator"))
        #expect(try firewatch(["user", "disable", "zhang"] + config).stdout.contains("disabled zhang"))
        #expect(!(try firewatch(["user", "list"] + config).stdout.contains("zhang")))
        #expect(try firewatch(["user", "password", "zhang"] + config, stdin: Array("another passphrase\n".utf8)).status == 1)
    }
}
