import Foundation
import Testing
@testable import MonitorDaemon

@Suite("Registry")
struct ConfigRegistryTests {
    @Test func sampleRegistryLoadsAndResolves() throws {
        let path = repositoryRoot().appendingPathComponent("config/registry.example.yaml").path
        let registry = try Registry.load(path: path, knownDialects: testDialects)
        #expect(registry.departments.count == 1)
        #expect(registry.brigades.count == 2)
        #expect(registry.units.count == 5)
        #expect(registry.buildings.count == 6)
        #expect(registry.gateways.count == 8)

        let demo = try #require(registry.gateway(id: "gw-demo"))
        #expect(demo.building.id == "bldg-0001")
        #expect(demo.gateway.sourceAddress == nil)
        #expect(demo.gateway.dialect == Registry.defaultDialect)

        let dahua = try #require(registry.gateway(id: "gw-0004"))
        #expect(dahua.gateway.dialect == "dahua-v1.03")
        #expect(dahua.unit.id == "unit-0003")
        #expect(dahua.brigade.id == "brig-01")
        #expect(dahua.department.id == "dept-01")
        #expect(registry.gateway(sourceAddress: "0400A8C00000")?.gateway.id == "gw-0004")
        #expect(registry.gateway(id: "gw-9999") == nil)
        #expect(registry.unit(id: "unit-0001")?.contacts.first?.role == "fireSafetyManager")
        #expect(registry.summary == "1 department, 2 brigades, 5 units, 6 buildings, 8 gateways")
    }

    @Test func sampleRegistryUsesOnlyDialectsTheCodecKnows() throws {
        let path = repositoryRoot().appendingPathComponent("config/registry.example.yaml").path
        _ = try Registry.load(path: path)
    }

    @Test func danglingReferenceIsReportedWithItsKeyPath() {
        let problems = registryProblems(registryHead + "gateways:\n  - {id: gw-1, building: bldg-1}\n  - {id: gw-2, building: bldg-9}\n")
        #expect(problems.map(\.description) == ["registry.yaml: gateways[1].building: unknown building \"bldg-9\" (line 8)"])
    }

    @Test func duplicateIdIsReported() {
        let problems = registryProblems(registryHead + "gateways:\n  - {id: gw-1, building: bldg-1}\n  - {id: gw-1, building: bldg-1}\n")
        #expect(problems.map(\.description) == ["registry.yaml: gateways[1].id: duplicate id \"gw-1\" (first at gateways[0]) (line 8)"])
    }

    @Test func badIdIsReported() {
        let problems = registryProblems(registryHead + "gateways:\n  - {id: gw 1/a, building: bldg-1}\n")
        #expect(problems.map(\.key) == ["gateways[0].id"])
        #expect(problems.first?.message.contains("is not an id") == true)
        let tooLong = registryProblems(registryHead + "gateways:\n  - {id: \(String(repeating: "g", count: 65)), building: bldg-1}\n")
        #expect(tooLong.map(\.key) == ["gateways[0].id"])
    }

    @Test func badAndDuplicateSourceAddressesAreReported() throws {
        let problems = registryProblems(registryHead + """
            gateways:
              - {id: gw-1, building: bldg-1, sourceAddress: 0102030405}
              - {id: gw-2, building: bldg-1, sourceAddress: 01020304050g}
              - {id: gw-3, building: bldg-1, sourceAddress: 0102030405AB}
              - {id: gw-4, building: bldg-1, sourceAddress: 0102030405ab}
            """)
        #expect(problems.map(\.key) == ["gateways[0].sourceAddress", "gateways[1].sourceAddress", "gateways[3].sourceAddress"])
        #expect(problems[2].message.contains("gw-3"))

        let registry = try Registry.parse(yaml: registryHead + "gateways: [{id: gw-1, building: bldg-1, sourceAddress: 0102030405AB}]",
                                          file: "r.yaml", knownDialects: testDialects)
        #expect(registry.gateway(id: "gw-1")?.gateway.sourceAddress == "0102030405ab")
    }

    @Test func unknownKeysAndDialectsAreReported() {
        let problems = registryProblems(registryHead + """
            gateways:
              - {id: gw-1, building: bldg-1, dialetc: dahua-v1.03}
              - {id: gw-2, building: bldg-1, dialect: dahua-v1.3, heartbeatSeconds: 5}
            sites: []
            """)
        #expect(problems.map(\.description) == [
            "registry.yaml: gateways[0].dialetc: unknown key (did you mean \"dialect\"?) (line 7)",
            "registry.yaml: gateways[1].dialect: unknown dialect \"dahua-v1.3\" (did you mean \"dahua-v1.03\"?) (line 8)",
            "registry.yaml: gateways[1].heartbeatSeconds: 5 is not a heartbeat interval (10–3600 s) (line 8)",
            "registry.yaml: sites: unknown key (known: departments, brigades, units, buildings, gateways) (line 9)",
        ])
    }

    @Test func everyProblemOfTheFileIsReportedAtOnce() {
        let problems = registryProblems("""
            departments: [{id: dept-01, name: 支队}]
            brigades: [{id: brig-01, name: 大队, department: dept-02}]
            units:
              - {id: unit-1, name: 单位, brigade: brig-01, contacts: [{role: controlRoom, phone: call me}]}
              - {id: unit-1, brigade: brig-01}
            buildings: [{id: bldg-1, name: 大厦, unit: unit-1}]
            gateways: [{id: gw-1, building: bldg-2}]
            """)
        #expect(problems.map(\.key) == [
            "brigades[0].department", "units[0].contacts[0].phone", "units[1].name", "units[1].id",
            "buildings[0].address", "gateways[0].building",
        ])
    }

    @Test func registryBuiltInCodeIsChecked() {
        #expect(throws: ConfigErrors.self) {
            try Registry(departments: [.init(id: "d", name: "D")], brigades: [], units: [], buildings: [],
                         gateways: [.init(id: "g", building: "nowhere")], knownDialects: testDialects)
        }
    }

    @Test func fiftyThousandGatewaysLoadAndLookUp() throws {
        let count = 50_000
        var yaml = "departments: [{id: dept-01, name: 支队}]\nbrigades:\n"
        for b in 0..<20 { yaml += "  - {id: brig-\(b), name: 大队\(b), department: dept-01}\n" }
        yaml += "units:\n"
        for u in 0..<5000 {
            yaml += "  - id: unit-\(u)\n    name: 单位\(u)\n    brigade: brig-\(u % 20)\n    contacts: [{role: controlRoom, phone: \"0100\(u)\"}]\n"
        }
        yaml += "buildings:\n"
        for b in 0..<10_000 { yaml += "  - {id: bldg-\(b), name: 楼\(b), unit: unit-\(b / 2), address: 某路\(b)号}\n" }
        yaml += "gateways:\n"
        for g in 0..<count {
            let address = String(format: "%012x", g + 1)
            yaml += "  - {id: gw-\(g), building: bldg-\(g / 5), sourceAddress: \"\(address)\"}\n"
        }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("registry.yaml")
        try Data(yaml.utf8).write(to: file)

        let clock = ContinuousClock()
        var registry = Registry()
        let elapsed = try clock.measure {
            registry = try Registry.load(path: file.path, knownDialects: testDialects)
        }
        print("50,000-gateway registry: loaded and checked in \(elapsed)")
        #expect(registry.gateways.count == count)
        #expect(elapsed < .seconds(20), "load took \(elapsed)")

        for g in stride(from: 0, to: count, by: 997) {
            let resolved = try #require(registry.gateway(id: "gw-\(g)"))
            #expect(resolved.building.id == "bldg-\(g / 5)")
            #expect(resolved.unit.id == "unit-\(g / 10)")
            #expect(resolved.brigade.id == "brig-\((g / 10) % 20)")
            #expect(resolved.department.id == "dept-01")
            #expect(registry.gateway(sourceAddress: String(format: "%012x", g + 1))?.gateway.id == "gw-\(g)")
        }
    }
}
