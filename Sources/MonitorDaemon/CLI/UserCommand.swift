import ArgumentParser
import Foundation

/// `firewatch user add|token|list`: accounts of the console and the API. There is no default
/// account and no default password; the first admin is created here, on the server.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage console and API accounts.",
        subcommands: [Add.self, Token.self, List.self]
    )

    struct Options: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The configuration file (names the database).", valueName: "file"))
        var config: String

        func store() throws -> AccountStore {
            let loaded = try LoadedConfiguration.loadOrExit(configPath: config)
            return AccountStore(pool: try FirewatchDatabase.open(path: loaded.configuration.database.path))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. The password is read from standard input (one line), never from the command line.")

        @OptionGroup var options: Options
        @Argument(help: "User name (letters, digits, '.', '_', '-').") var username: String
        @Option(help: "admin, operator or viewer.") var role: String = "viewer"
        @Option(help: "Limit a viewer to the units of this brigade (registry id).") var brigade: String?

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("role must be admin, operator or viewer") }
            if isatty(0) != 0 { FileHandle.standardError.write(Data("password for \(username): ".utf8)) }
            guard let password = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
            do {
                let account = try options.store().create(username: username, password: password, role: role, brigade: brigade)
                print("created \(account.username) (\(account.role.rawValue)\(account.brigade.map { ", brigade \($0)" } ?? ""))")
            } catch let problem as AccountStore.Problem {
                FileHandle.standardError.write(Data("\(problem)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account; prints it once.")

        @OptionGroup var options: Options
        @Argument(help: "The account the token acts as.") var username: String
        @Option(help: "What the token is for (e.g. 119-gateway).") var name: String

        func run() throws {
            do {
                print(try options.store().createToken(username: username, name: name))
            } catch let problem as AccountStore.Problem {
                FileHandle.standardError.write(Data("\(problem)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var options: Options

        func run() throws {
            for a in try options.store().list() {
                print("\(a.username)\t\(a.role.rawValue)\t\(a.brigade ?? "-")")
            }
        }
    }
}
