import ArgumentParser

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "TODO")
    func run() async throws {}
}
