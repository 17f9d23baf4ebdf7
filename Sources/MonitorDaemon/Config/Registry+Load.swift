import Foundation
import PanelProtocol
import Yams

extension Registry {
    /// Dialect names the codec knows (`Dialect.profiles`).
    static var codecDialectNames: Set<String> { Set(Dialect.profiles.keys) }

    /// Loads and checks the registry at `path`.
    ///
    /// - Parameter knownDialects: names a gateway's `dialect` may take.
    /// - Throws: ``ConfigErrors`` with every problem, each with its key path
    ///   (`gateways[3].building`, 0-based) and line.
    static func load(path: String, knownDialects: Set<String> = codecDialectNames) throws(ConfigErrors) -> Registry {
        switch YAMLFile.read(path: path, displayName: path) {
        case .failure(let problem): throw ConfigErrors([problem])
        case .success(let root): return try decode(root: root, file: path, knownDialects: knownDialects)
        }
    }

    /// Parses registry YAML text; `file` names it in problems.
    static func parse(yaml: String, file: String, knownDialects: Set<String> = codecDialectNames) throws(ConfigErrors) -> Registry {
        switch YAMLFile.compose(yaml, file: file) {
        case .failure(let problem): throw ConfigErrors([problem])
        case .success(let root): return try decode(root: root, file: file, knownDialects: knownDialects)
        }
    }

    private static func decode(root: Node?, file: String, knownDialects: Set<String>) throws(ConfigErrors) -> Registry {
        var reader = RegistryReader(file: file, knownDialects: knownDialects)
        reader.read(root)
        return try Registry(
            departments: reader.departments, brigades: reader.brigades, units: reader.units,
            buildings: reader.buildings, gateways: reader.gateways, origin: reader.origin, problems: reader.problems)
    }
}

/// Turns the YAML tree into records, reporting shape problems (unknown keys, missing or
/// malformed fields); ids, duplicates and references are checked by ``Registry``'s init.
private struct RegistryReader {
    let file: String
    let knownDialects: Set<String>
    var problems: [ConfigProblem] = []
    var origin: Registry.Origin
    var departments: [Registry.Department] = []
    var brigades: [Registry.Brigade] = []
    var units: [Registry.Unit] = []
    var buildings: [Registry.Building] = []
    var gateways: [Registry.Gateway] = []

    static let lists = ["departments", "brigades", "units", "buildings", "gateways"]

    init(file: String, knownDialects: Set<String>) {
        self.file = file
        self.knownDialects = knownDialects
        self.origin = Registry.Origin(file: file, reportsMissingFields: true)
    }

    mutating func read(_ root: Node?) {
        guard let root, !root.isNull else { return }
        guard case .mapping(let top) = root else {
            problem("", "expected a mapping with the lists \(Self.lists.joined(separator: ", ")), found \(root.kindDescription)", root.line)
            return
        }
        for (keyNode, value) in top {
            let name = keyNode.text ?? ""
            switch name {
            case "departments": each(value, name) { r, node, path in r.department(node, path) }
            case "brigades": each(value, name) { r, node, path in r.brigade(node, path) }
            case "units": each(value, name) { r, node, path in r.unit(node, path) }
            case "buildings": each(value, name) { r, node, path in r.building(node, path) }
            case "gateways": each(value, name) { r, node, path in r.gateway(node, path) }
            default:
                problem(name, "unknown key\(hint(name, Self.lists))", keyNode.line)
            }
        }
    }

    // MARK: Records

    mutating func department(_ node: Node, _ path: String) {
        let f = fields(node, path, ["id", "name"])
        origin.departmentLines.append(node.line)
        departments.append(.init(id: required(f, "id", path, node), name: required(f, "name", path, node)))
    }

    mutating func brigade(_ node: Node, _ path: String) {
        let f = fields(node, path, ["id", "name", "department"])
        origin.brigadeLines.append(node.line)
        brigades.append(.init(id: required(f, "id", path, node), name: required(f, "name", path, node),
                              department: required(f, "department", path, node)))
    }

    mutating func unit(_ node: Node, _ path: String) {
        let f = fields(node, path, ["id", "name", "brigade", "contacts"])
        origin.unitLines.append(node.line)
        var contacts: [Registry.Contact] = []
        if let list = f["contacts"], !list.isNull {
            if case .sequence(let items) = list {
                for (i, item) in items.enumerated() {
                    let cPath = "\(path).contacts[\(i)]"
                    let c = fields(item, cPath, ["role", "name", "phone"])
                    let role = required(c, "role", cPath, item)
                    let phone = required(c, "phone", cPath, item)
                    if !phone.isEmpty, !Self.isPhone(phone) {
                        problem("\(cPath).phone", "\"\(phone)\" is not a phone number (digits, with + - ( ) or spaces)", c["phone"]?.line)
                    }
                    contacts.append(.init(role: role, name: optional(c, "name", cPath), phone: phone))
                }
            } else {
                problem("\(path).contacts", "expected a list of contacts, found \(list.kindDescription)", list.line)
            }
        }
        units.append(.init(id: required(f, "id", path, node), name: required(f, "name", path, node),
                           brigade: required(f, "brigade", path, node), contacts: contacts))
    }

    mutating func building(_ node: Node, _ path: String) {
        let f = fields(node, path, ["id", "name", "unit", "address"])
        origin.buildingLines.append(node.line)
        buildings.append(.init(id: required(f, "id", path, node), name: required(f, "name", path, node),
                               unit: required(f, "unit", path, node), address: required(f, "address", path, node)))
    }

    mutating func gateway(_ node: Node, _ path: String) {
        let f = fields(node, path, ["id", "building", "sourceAddress", "dialect", "heartbeatSeconds"])
        origin.gatewayLines.append(node.line)
        var gateway = Registry.Gateway(id: required(f, "id", path, node), building: required(f, "building", path, node))
        if let address = optional(f, "sourceAddress", path) {
            if SourceAddress.isValid(address) {
                gateway.sourceAddress = address.lowercased()
            } else {
                problem("\(path).sourceAddress", "\"\(address)\" is not 12 hex digits (the 6 address bytes as transmitted)", f["sourceAddress"]?.line)
            }
        }
        if let dialect = optional(f, "dialect", path) {
            if knownDialects.contains(dialect) {
                gateway.dialect = dialect
            } else {
                problem("\(path).dialect", "unknown dialect \"\(dialect)\"\(hint(dialect, knownDialects.sorted()))", f["dialect"]?.line)
            }
        }
        if let text = optional(f, "heartbeatSeconds", path) {
            if let seconds = Int(text), (10...3600).contains(seconds) {
                gateway.heartbeatSeconds = seconds
            } else {
                problem("\(path).heartbeatSeconds", "\(text) is not a heartbeat interval (10–3600 s)", f["heartbeatSeconds"]?.line)
            }
        }
        gateways.append(gateway)
    }

    // MARK: Helpers

    /// Calls `body` for each item of the list `value`, with the item's key path.
    private mutating func each(_ value: Node, _ list: String, _ body: (inout RegistryReader, Node, String) -> Void) {
        if value.isNull { return }
        guard case .sequence(let items) = value else {
            problem(list, "expected a list, found \(value.kindDescription)", value.line)
            return
        }
        for (i, item) in items.enumerated() {
            body(&self, item, "\(list)[\(i)]")
        }
    }

    /// The fields of one record, reporting unknown keys and a record that is not a mapping.
    private mutating func fields(_ node: Node, _ path: String, _ known: [String]) -> Fields {
        guard case .mapping(let mapping) = node else {
            problem(path, "expected a mapping with keys \(known.joined(separator: ", ")), found \(node.kindDescription)", node.line)
            return Fields()
        }
        var result = Fields()
        for (keyNode, value) in mapping {
            let name = keyNode.text ?? ""
            if known.contains(name) {
                result.pairs.append((name, value))
            } else {
                problem("\(path).\(name)", "unknown key\(hint(name, known))", keyNode.line)
            }
        }
        return result
    }

    /// A required text field; "" (with a problem) when missing or not text.
    private mutating func required(_ fields: Fields, _ name: String, _ path: String, _ record: Node) -> String {
        guard let node = fields[name], !node.isNull else {
            // A record that is not a mapping was reported once already.
            if case .mapping = record { problem("\(path).\(name)", "missing", record.line) }
            return ""
        }
        guard let text = node.text, !text.isEmpty else {
            problem("\(path).\(name)", "expected text, found \(node.kindDescription)", node.line)
            return ""
        }
        return text
    }

    /// An optional text field; nil when missing, null, or not text (reported).
    private mutating func optional(_ fields: Fields, _ name: String, _ path: String) -> String? {
        guard let node = fields[name], !node.isNull else { return nil }
        guard let text = node.text else {
            problem("\(path).\(name)", "expected text, found \(node.kindDescription)", node.line)
            return nil
        }
        return text.isEmpty ? nil : text
    }

    private mutating func problem(_ key: String, _ message: String, _ line: Int?) {
        problems.append(ConfigProblem(file: file, key: key, message: message, line: line))
    }

    private func hint(_ name: String, _ known: [String]) -> String {
        let s = KeyNames.suggestion(for: name, among: known)
        return s.isEmpty ? " (known: \(known.joined(separator: ", ")))" : s
    }

    /// A record's known fields (a handful: a linear search beats hashing).
    struct Fields {
        var pairs: [(String, Node)] = []
        subscript(name: String) -> Node? {
            for (key, value) in pairs where key == name { return value }
            return nil
        }
    }

    static func isPhone(_ text: String) -> Bool {
        var digits = 0
        for c in text.utf8 {
            switch c {
            case 0x30...0x39: digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: " "): continue
            default: return false
            }
        }
        return digits >= 3
    }
}
