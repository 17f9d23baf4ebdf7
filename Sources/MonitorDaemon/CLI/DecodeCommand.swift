import ArgumentParser
import Foundation
import PanelProtocol

/// `firewatch decode`: how operators and support staff read a captured frame.
///
/// Prints one JSON object per frame (an array when there are several); on the first rejection
/// prints `{"error":{"code","message","offset"}}` and exits 65 (EX_DATAERR).
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode GB/T 26875.3 frame(s) or a JSON-form document and print JSON.",
        discussion: "Input is binary frames (--file, or - for standard input) or hex text (--hex). "
            + "A payload whose first non-blank byte is { is read as the JSON form."
    )

    @Option(help: "Gateway dialect: \(Dialect.profiles.keys.sorted().joined(separator: ", ")).")
    var dialect: String = Dialect.gb2011.name

    @Option(help: "Frame bytes as hex digits (whitespace ignored).")
    var hex: String?

    @Option(help: "Read the payload from a file.")
    var file: String?

    @Argument(help: "Use - to read the payload from standard input.")
    var stdin: String?

    @Flag(help: "Pretty-print the JSON.")
    var pretty = false

    func validate() throws {
        let sources = [hex != nil, file != nil, stdin == "-"].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one of --hex HEX, --file PATH or -") }
        if let stdin, stdin != "-" { throw ValidationError("unexpected argument '\(stdin)' (use - for standard input)") }
        guard Dialect.named(dialect) != nil else {
            throw ValidationError("unknown dialect '\(dialect)'; known: \(Dialect.profiles.keys.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let dialect = Dialect.named(dialect) ?? .gb2011
        let payload: [UInt8]
        if let hex {
            switch HexCoding.decode(hex.utf8) {
            case .success(let bytes): payload = bytes
            case .failure(let error): try Self.fail(error)
            }
        } else if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            payload = [UInt8](data)
        } else {
            payload = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        let items = GatewayPayload.decode(payload, dialect: dialect)
        var messages: [PanelMessage] = []
        for item in items {
            switch item.result {
            case .success(let m): messages.append(m)
            case .failure(let e): try Self.fail(e)
            }
        }
        guard !messages.isEmpty else {
            try Self.fail(FrameError(.truncated, offset: 0, "no frame in \(payload.count) bytes of input"))
        }
        print(JSONForm.encode(messages, pretty: pretty))
    }

    /// Prints the error object and exits 65 (EX_DATAERR).
    static func fail(_ error: FrameError) throws -> Never {
        var object: [String: Any] = ["code": error.code.rawValue, "message": error.message]
        object["offset"] = error.offset ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
        throw ExitCode(65)
    }
}
