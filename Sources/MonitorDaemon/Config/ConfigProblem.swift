/// One thing wrong with the configuration or the registry: where it is and why it is wrong.
///
/// Rendered as `FILE: KEY: why` (one line), the format `firewatch check-config` prints. A value
/// that came from an environment variable is reported with `file` = `environment` and `key` = the
/// variable's name, because that is where it has to be fixed.
struct ConfigProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (as named on the command line or resolved from the config), or `environment`.
    var file: String
    /// Key path (`mqtt.port`, `gateways[3].building`), environment variable, or empty for the
    /// whole file.
    var key: String
    /// Why it is wrong, in words an operator can act on.
    var message: String
    /// 1-based line in `file`, when known.
    var line: Int?

    init(file: String, key: String, message: String, line: Int? = nil) {
        self.file = file
        self.key = key
        self.message = message
        self.line = line
    }

    var description: String {
        let at = line.map { " (line \($0))" } ?? ""
        return key.isEmpty ? "\(file): \(message)\(at)" : "\(file): \(key): \(message)\(at)"
    }
}

extension [ConfigProblem] {
    /// In reading order: by file (as first met), then line; problems without a line after those
    /// with one, in the order found.
    func inReadingOrder() -> [ConfigProblem] {
        var fileRank: [String: Int] = [:]
        for p in self where fileRank[p.file] == nil { fileRank[p.file] = fileRank.count }
        return enumerated().sorted { a, b in
            let ka = (fileRank[a.element.file]!, a.element.line ?? .max, a.offset)
            let kb = (fileRank[b.element.file]!, b.element.line ?? .max, b.offset)
            return ka < kb
        }.map(\.element)
    }
}

/// Every problem found in one pass; thrown by the loaders when there is at least one.
struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    var problems: [ConfigProblem]

    init(_ problems: [ConfigProblem]) { self.problems = problems }

    var description: String { problems.map(\.description).joined(separator: "\n") }
}
