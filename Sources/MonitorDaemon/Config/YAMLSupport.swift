import Foundation
import Yams

/// Reading YAML the way the config and the registry want it: every scalar kept as its text
/// (the basic resolver, so `0100000000` stays a phone number and `000000000001` an address),
/// with line numbers for problems.
enum YAMLFile {
    /// Reads `path` and composes its first document (`nil` for an empty file).
    static func read(path: String, displayName: String) -> Result<Node?, ConfigProblem> {
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(ConfigProblem(file: displayName, key: "", message: "cannot read the file: it does not exist"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ConfigProblem(file: displayName, key: "", message: "cannot read the file: permission denied or not a regular file"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ConfigProblem(file: displayName, key: "", message: "the file is not valid UTF-8"))
        }
        return compose(text, file: displayName)
    }

    /// Composes the first document of `text`.
    static func compose(_ text: String, file: String) -> Result<Node?, ConfigProblem> {
        do {
            return .success(try Yams.compose(yaml: text, .basic))
        } catch let error as YamlError {
            return .failure(problem(error, file: file))
        } catch {
            return .failure(ConfigProblem(file: file, key: "", message: "not valid YAML: \(error)"))
        }
    }

    private static func problem(_ error: YamlError, file: String) -> ConfigProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return ConfigProblem(file: file, key: "", message: "not valid YAML: \(ctx)\(problem) at column \(mark.column)", line: mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigProblem(file: file, key: "", message: "duplicate key \(keys) in one mapping", line: context.mark.line)
        default:
            return ConfigProblem(file: file, key: "", message: "not valid YAML: \(error)")
        }
    }
}

extension Node {
    /// A plain `~`, `null` or nothing at all: "not given".
    var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return false }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The scalar's text, or nil for a mapping, a list or null.
    var text: String? {
        guard case .scalar(let s) = self, !isNull else { return nil }
        return s.string
    }

    /// 1-based line where the node starts.
    var line: Int? { mark?.line }

    /// "a mapping", "a list", "a text" — for "expected X, found Y".
    var kindDescription: String {
        switch self {
        case .scalar: isNull ? "nothing" : "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// Names and near misses.
enum KeyNames {
    /// `escalation.fire.brigadeAfterSeconds` → `FIREWATCH_ESCALATION_FIRE_BRIGADE_AFTER_SECONDS`.
    static func environmentVariable(for path: String) -> String {
        var out = "FIREWATCH_"
        var previous: Character?
        for c in path {
            if c == "." {
                out.append("_")
            } else if c.isUppercase, let p = previous, p.isLowercase || p.isNumber {
                out.append("_")
                out.append(contentsOf: c.uppercased())
            } else {
                out.append(contentsOf: c.uppercased())
            }
            previous = c
        }
        return out
    }

    /// ` (did you mean "topicPrefix"?)` when `key` is a near miss of one of `candidates`, else "".
    static func suggestion(for key: String, among candidates: some Collection<String>) -> String {
        let folded = fold(key)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(folded, fold(candidate))
            if d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        guard let best, best.distance <= max(1, min(3, folded.count / 4 + 1)) else { return "" }
        return " (did you mean \"\(best.name)\"?)"
    }

    private static func fold(_ s: String) -> [Character] {
        Array(s.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Levenshtein distance (keys are short; this is never on a hot path).
    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
