import ArgumentParser
import Foundation

/// `firewatch user add|password|disable|token|revoke|list`: accounts of the console and the API.
/// There is no default account and no default password; the first admin is created here, on the
/// server. Passwords are read from standard input, never from the command line.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage console and API accounts.",
        subcommands: [Add.self, Password.self, Disable.self, Token.self, Revoke.self, List.self]
    )

    struct Options: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The configuration file (names the database).", valueName: "file"))
        var config: String

        func store() throws -> AccountStore {
            let loaded = try LoadedConfiguration.loadOrExit(configPath: config)
            return AccountStore(pool: try FirewatchDatabase.open(path: loaded.configuration.database.path))
        }
    }

    /// Reads one line from standard input (prompting when it is a terminal).
    static func readPassword(for username: String) throws -> String {
        if isatty(0) != 0 { FileHandle.standardError.write(Data("password for \(username): ".utf8)) }
        guard let password = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
        return password
    }

    /// Runs `body`, printing an account problem as one line and exiting 1.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let problem as AccountStore.Problem {
            FileHandle.standardError.write(Data("\(problem)\n".utf8))
            throw ExitCode(1)
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
            let password = try UserCommand.readPassword(for: username)
            try UserCommand.reporting {
                let account = try options.store().create(username: username, password: password, role: role, brigade: brigade)
                print("created \(account.username) (\(account.role.rawValue)\(account.brigade.map { ", brigade \($0)" } ?? ""))")
            }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account; prints it once.")

        @OptionGroup var options: Options
        @Argument(help: "The account the token acts as.") var username: String
        @Option(help: "What the token is for (e.g. 119-gateway).") var name: String

        func run() throws {
            try UserCommand.reporting { print(try options.store().createToken(username: username, name: name)) }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (from standard input); ends the account's console sessions.")

        @OptionGroup var options: Options
        @Argument(help: "The account.") var username: String

        func run() throws {
            let password = try UserCommand.readPassword(for: username)
            try UserCommand.reporting {
                try options.store().setPassword(username: username, password: password)
                print("password of \(username) changed; its sessions ended")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: no sign-in, its sessions end and its API tokens are revoked at once.")

        @OptionGroup var options: Options
        @Argument(help: "The account.") var username: String

        func run() throws {
            try UserCommand.reporting {
                try options.store().disable(username: username)
                print("disabled \(username)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an account's API token by its name.")

        @OptionGroup var options: Options
        @Argument(help: "The account.") var username: String
        @Option(help: "The token's name, as given to `user token`.") var name: String

        func run() throws {
            let count = try options.store().revokeToken(username: username, name: name)
            guard count > 0 else {
                FileHandle.standardError.write(Data("no active token \(name) of \(username)\n".utf8))
                throw ExitCode(1)
            }
            print("revoked \(count) token\(count == 1 ? "" : "s") named \(name) of \(username)")
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
