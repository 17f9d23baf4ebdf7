/// Who is who (interfaces §1): departments (支队) ⊃ brigades (大队) ⊃ units (社会单位) ⊃
/// buildings ⊃ gateways (UITDs).
///
/// A value, validated as a whole: every id well-formed and unique within its kind, every
/// reference resolved, every `sourceAddress` unique. Load it with
/// ``load(path:knownDialects:)``; on SIGHUP load a new one and swap. Lookups are O(1).
struct Registry: Sendable {
    struct Department: Sendable, Hashable {
        var id: String
        var name: String
    }

    struct Brigade: Sendable, Hashable {
        var id: String
        var name: String
        /// Id of its department.
        var department: String
    }

    struct Contact: Sendable, Hashable {
        /// E.g. `fireSafetyManager`, `controlRoom`.
        var role: String
        var name: String?
        var phone: String
    }

    struct Unit: Sendable, Hashable {
        var id: String
        var name: String
        /// Id of the brigade whose jurisdiction it is in.
        var brigade: String
        var contacts: [Contact]
    }

    struct Building: Sendable, Hashable {
        var id: String
        var name: String
        /// Id of the unit that owns it.
        var unit: String
        var address: String
    }

    struct Gateway: Sendable, Hashable {
        var id: String
        /// Id of its building.
        var building: String
        /// The 6-byte source address it sends, as 12 lowercase hex digits; nil: not checked.
        var sourceAddress: String?
        /// Its dialect's name (``Registry/defaultDialect`` unless the registry says otherwise).
        var dialect: String
        /// Its heartbeat interval; nil: `escalation.link.defaultHeartbeatSeconds`.
        var heartbeatSeconds: Int?

        init(id: String, building: String, sourceAddress: String? = nil,
             dialect: String = Registry.defaultDialect, heartbeatSeconds: Int? = nil) {
            self.id = id
            self.building = building
            self.sourceAddress = sourceAddress
            self.dialect = dialect
            self.heartbeatSeconds = heartbeatSeconds
        }
    }

    /// A gateway with everything above it.
    struct ResolvedGateway: Sendable, Hashable {
        var gateway: Gateway
        var building: Building
        var unit: Unit
        var brigade: Brigade
        var department: Department
    }

    /// The dialect of a gateway whose entry names none: GB/T 26875.3-2011 read strictly.
    static let defaultDialect = "gb26875-2011"

    private(set) var departments: [Department] = []
    private(set) var brigades: [Brigade] = []
    private(set) var units: [Unit] = []
    private(set) var buildings: [Building] = []
    private(set) var gateways: [Gateway] = []

    private var departmentIndex: [String: Int] = [:]
    private var brigadeIndex: [String: Int] = [:]
    private var unitIndex: [String: Int] = [:]
    private var buildingIndex: [String: Int] = [:]
    private var gatewayIndex: [String: Int] = [:]
    private var sourceAddressIndex: [String: Int] = [:]
    /// For gateway i: the indexes of its building, unit, brigade and department.
    private var chains: [Chain] = []

    private struct Chain: Sendable {
        var building: Int32, unit: Int32, brigade: Int32, department: Int32
    }

    /// An empty registry.
    init() {}

    func gateway(id: String) -> ResolvedGateway? {
        gatewayIndex[id].map(resolved)
    }

    /// The gateway registered with this source address (any case).
    func gateway(sourceAddress: String) -> ResolvedGateway? {
        sourceAddressIndex[sourceAddress.lowercased()].map(resolved)
    }

    func department(id: String) -> Department? { departmentIndex[id].map { departments[$0] } }
    func brigade(id: String) -> Brigade? { brigadeIndex[id].map { brigades[$0] } }
    func unit(id: String) -> Unit? { unitIndex[id].map { units[$0] } }
    func building(id: String) -> Building? { buildingIndex[id].map { buildings[$0] } }

    /// `1 department, 2 brigades, 5 units, 6 buildings, 8 gateways`.
    var summary: String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        return [count(departments.count, "department"), count(brigades.count, "brigade"), count(units.count, "unit"),
                count(buildings.count, "building"), count(gateways.count, "gateway")].joined(separator: ", ")
    }

    private func resolved(_ i: Int) -> ResolvedGateway {
        let c = chains[i]
        return ResolvedGateway(
            gateway: gateways[i], building: buildings[Int(c.building)], unit: units[Int(c.unit)],
            brigade: brigades[Int(c.brigade)], department: departments[Int(c.department)])
    }
}

/// Registry ids: `[A-Za-z0-9._-]{1,64}`.
enum RegistryID {
    static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }
}

// MARK: - Building and checking the indexes

extension Registry {
    /// Where a record came from, for problems: `gateways[3]` at line 120 of `file`.
    struct Origin: Sendable {
        var file: String
        /// Line of each record, per list; empty when built in code.
        var departmentLines: [Int?] = []
        var brigadeLines: [Int?] = []
        var unitLines: [Int?] = []
        var buildingLines: [Int?] = []
        var gatewayLines: [Int?] = []
        /// True when empty fields were already reported as missing (by the YAML reader).
        var reportsMissingFields = false
    }

    /// A registry built in code (tests, tools), checked like a loaded one.
    init(
        departments: [Department], brigades: [Brigade], units: [Unit], buildings: [Building], gateways: [Gateway],
        knownDialects: Set<String> = Registry.codecDialectNames
    ) throws(ConfigErrors) {
        var problems: [ConfigProblem] = []
        let origin = Origin(file: "registry")
        for (i, g) in gateways.enumerated() {
            if !knownDialects.contains(g.dialect) {
                problems.append(ConfigProblem(file: origin.file, key: "gateways[\(i)].dialect", message: "unknown dialect \"\(g.dialect)\""))
            }
        }
        let normalised = gateways.map { g in
            var g = g
            g.sourceAddress = g.sourceAddress?.lowercased()
            return g
        }
        try self.init(departments: departments, brigades: brigades, units: units, buildings: buildings,
                      gateways: normalised, origin: origin, problems: problems)
    }

    /// Indexes the lists, checking ids, duplicates and references; throws every problem,
    /// including `problems` found earlier. Source addresses must already be lowercase.
    init(
        departments: [Department], brigades: [Brigade], units: [Unit], buildings: [Building], gateways: [Gateway],
        origin: Origin, problems earlier: [ConfigProblem]
    ) throws(ConfigErrors) {
        var problems = earlier
        let skipEmpty = origin.reportsMissingFields
        func problem(_ list: String, _ i: Int, _ lines: [Int?], _ field: String, _ message: String) {
            problems.append(ConfigProblem(
                file: origin.file, key: "\(list)[\(i)].\(field)", message: message, line: i < lines.count ? lines[i] : nil))
        }
        func index<T>(_ items: [T], _ list: String, _ lines: [Int?], _ id: (T) -> String) -> [String: Int] {
            var result: [String: Int] = [:]
            result.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                let key = id(item)
                if skipEmpty, key.isEmpty { continue }
                if !RegistryID.isValid(key) {
                    problem(list, i, lines, "id", "\"\(key)\" is not an id (1–64 of A–Z a–z 0–9 . _ -)")
                }
                if let first = result[key] {
                    problem(list, i, lines, "id", "duplicate id \"\(key)\" (first at \(list)[\(first)])")
                } else {
                    result[key] = i
                }
            }
            return result
        }

        self.departments = departments
        self.brigades = brigades
        self.units = units
        self.buildings = buildings
        self.gateways = gateways
        departmentIndex = index(departments, "departments", origin.departmentLines, \.id)
        brigadeIndex = index(brigades, "brigades", origin.brigadeLines, \.id)
        unitIndex = index(units, "units", origin.unitLines, \.id)
        buildingIndex = index(buildings, "buildings", origin.buildingLines, \.id)
        gatewayIndex = index(gateways, "gateways", origin.gatewayLines, \.id)

        for (i, b) in brigades.enumerated() where departmentIndex[b.department] == nil && !(skipEmpty && b.department.isEmpty) {
            problem("brigades", i, origin.brigadeLines, "department", "unknown department \"\(b.department)\"")
        }
        for (i, u) in units.enumerated() where brigadeIndex[u.brigade] == nil && !(skipEmpty && u.brigade.isEmpty) {
            problem("units", i, origin.unitLines, "brigade", "unknown brigade \"\(u.brigade)\"")
        }
        for (i, b) in buildings.enumerated() where unitIndex[b.unit] == nil && !(skipEmpty && b.unit.isEmpty) {
            problem("buildings", i, origin.buildingLines, "unit", "unknown unit \"\(b.unit)\"")
        }

        chains.reserveCapacity(gateways.count)
        for (i, g) in gateways.enumerated() {
            if let address = g.sourceAddress {
                if !SourceAddress.isValid(address) {
                    problem("gateways", i, origin.gatewayLines, "sourceAddress", "\"\(address)\" is not 12 hex digits")
                } else if let other = sourceAddressIndex[address] {
                    problem("gateways", i, origin.gatewayLines, "sourceAddress",
                            "\(address) is already the address of gateway \"\(gateways[other].id)\" (gateways[\(other)])")
                } else {
                    sourceAddressIndex[address] = i
                }
            }
            guard let b = buildingIndex[g.building] else {
                if skipEmpty, g.building.isEmpty { continue }
                problem("gateways", i, origin.gatewayLines, "building", "unknown building \"\(g.building)\"")
                continue
            }
            // A broken link higher up is reported above; only a complete chain is kept.
            guard let u = unitIndex[buildings[b].unit], let br = brigadeIndex[units[u].brigade],
                  let d = departmentIndex[brigades[br].department] else { continue }
            chains.append(Chain(building: Int32(b), unit: Int32(u), brigade: Int32(br), department: Int32(d)))
        }
        guard problems.isEmpty else { throw ConfigErrors(problems.inReadingOrder()) }
    }
}

/// A gateway's 6-byte source address as 12 hex digits.
enum SourceAddress {
    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
        }
    }
}
