import Testing
import PanelProtocol

/// Every public frame, read against the standard's tables (§3 of the protocol note) — the values
/// below were derived from the tables by hand, not copied from another decoder's output.
@Suite("Public vectors")
struct VectorDecodingTests {
    @Test("every well-formed vector decodes in its gateway's dialect", arguments: TestVector.all.filter(\.checksum_ok))
    func wellFormedDecodes(_ v: TestVector) throws {
        let m = try v.message()
        #expect(m.header.serial == UInt16(v.bytes[2]) | UInt16(v.bytes[3]) << 8)
        // What was read re-encodes to the very bytes received.
        #expect(FrameEncoder.encode(m.header, adu: v.bytes[27..<(v.bytes.count - 3)]) == v.bytes)
    }

    @Test("malformed vectors are rejected with checksumMismatch at the checksum byte")
    func malformedRejected() {
        for v in TestVector.all where !v.checksum_ok {
            guard case .failure(let e) = v.decode() else { Issue.record("\(v.id) decoded"); continue }
            #expect(e.code == .checksumMismatch, "\(v.id)")
            #expect(e.offset == v.bytes.count - 3, "\(v.id)")
            #expect(e.header != nil, "a 否认 needs the header of \(v.id)")
        }
    }

    @Test func sfComponentFire() throws {
        let m = try TestVector.named("sf_comp_fire").message()
        #expect(m.header.serial == 0)
        #expect(m.header.version == ProtocolVersion(major: 1, minor: 1))
        #expect(m.time == DeviceTime(2020, 10, 22, 17, 13, 24))
        #expect(m.header.source.hex == "000000000000")
        #expect(m.header.destination.hex == "060504030201")
        #expect(m.header.command == .send)
        #expect(m.adu?.type == .componentStatus)
        guard case .componentStatus(let c)? = m.onlyObject else { Issue.record("not a component status"); return }
        #expect(c.system == SystemTarget(systemType: .fireAlarmSystem, systemAddress: 3))
        #expect(c.componentType == .general)
        #expect(c.componentAddress == 0x0006_00D9)
        #expect(c.status == [.fire])
        #expect(c.status.flagNames == ["test", "fire"])
        #expect(c.description?.text == "Ａ区１层呷哺走廊")
        #expect(c.time == DeviceTime(2020, 8, 1, 19, 18, 48))
    }

    @Test func fireMasterSmokeDetectorFireWithSpacePaddedDescription() throws {
        let m = try TestVector.named("fm_comp_smoke_fire").message()
        guard case .componentStatus(let c)? = m.onlyObject else { Issue.record("not a component status"); return }
        #expect(c.componentType == .smokeDetector)
        #expect(c.componentType.name == "感烟火灾探测器")
        #expect(c.componentAddress == 0x0002_000A)  // bytes 0A 00 02 00
        #expect(c.status.contains(.fire))
        #expect(c.description?.text == "")
        #expect(m.header.source.value() == 0x0379)
        #expect(m.header.destination.value() == 0x015B38)
    }

    @Test func uitdMainPowerFault() throws {
        guard case .uitdStatus(let s)? = try TestVector.named("fm_uitd_mainpower").message().onlyObject else {
            Issue.record("not a UITD status"); return
        }
        #expect(s.status == [.mainPowerFault])
        #expect(s.time == DeviceTime(2012, 9, 26, 9, 58, 2))
    }

    @Test func patrolReplyIsUITDOperationBit5() throws {
        guard case .uitdOperation(let o)? = try TestVector.named("fm_uitd_op_patrol_reply").message().onlyObject else {
            Issue.record("not a UITD operation"); return
        }
        #expect(o.operation == [.patrolReply])
        #expect(o.operatorNumber == 1)
    }

    @Test func systemStatusWithUserDefinedSystemType() throws {
        guard case .systemStatus(let s)? = try TestVector.named("fm_sys_status").message().onlyObject else {
            Issue.record("not a system status"); return
        }
        #expect(s.system.systemType.rawValue == 203)
        #expect(s.system.systemType.range == .userDefined)
        #expect(s.system.systemAddress == 2)
        #expect(s.status == [.normal, .mainPowerFault, .manualMode])
        #expect(s.time == DeviceTime(2017, 6, 22, 10, 12, 13))
    }

    @Test func electricalFireDetectorFault() throws {
        guard case .componentStatus(let c)? = try TestVector.named("fm_comp_fault").message().onlyObject else {
            Issue.record("not a component status"); return
        }
        #expect(c.system.systemType.rawValue == 201)
        #expect(c.componentType == .temperatureElectricalFireDetector)
        #expect(c.componentAddress == 0x0001_0101)
        #expect(c.status == [.normal, .fault])
    }

    @Test func manualCallPointFire() throws {
        guard case .componentStatus(let c)? = try TestVector.named("fb2018_manual_call_point_fire").message().onlyObject else {
            Issue.record("not a component status"); return
        }
        #expect(c.componentType == .manualCallPoint)
        #expect(c.componentAddress == 0x0065_0005)
        #expect(c.status == [.fire])
        #expect(c.time == DeviceTime(2019, 10, 21, 22, 16, 12))
    }

    @Test func acknowledgementsHaveEmptyADU() throws {
        for id in ["fm_ack", "gk_case2_ack", "jv_ack"] {
            let m = try TestVector.named(id).message()
            #expect(m.header.command == .confirm, "\(id)")
            #expect(m.adu == nil, "\(id)")
        }
        #expect(try TestVector.named("dahua_ack").message().header.command == .confirm)
    }

    @Test func emptySendIsAKeepAlive() throws {
        let m = try TestVector.named("bl_empty_send").message()
        #expect(m.header.command == .send)
        #expect(m.adu == nil)
        #expect(m.header.source.value() == 11111)
    }

    @Test func requestsDecodeAsDownstreamObjects() throws {
        let initial = try TestVector.named("sf_req_init").message()
        #expect(initial.header.command == .request)
        #expect(initial.header.version == ProtocolVersion(major: 0, minor: 1))  // the Go encoder's quirk, kept as sent
        #expect(initial.onlyObject == .initializeUITD(reserved: 0))
        let read = try TestVector.named("xp_req_sysstatus").message()
        #expect(read.onlyObject == .readSystemStatus(SystemTarget(systemType: .fireAlarmSystem, systemAddress: 2)))
    }

    @Test func uitdOperationsMuteAndReset() throws {
        guard case .uitdOperation(let mute)? = try TestVector.named("dg_uitd_op_mute").message().onlyObject,
              case .uitdOperation(let reset)? = try TestVector.named("dg_uitd_op_reset").message().onlyObject else {
            Issue.record("not UITD operations"); return
        }
        #expect(mute.operation == [.silence])
        #expect(reset.operation == [.reset])
        #expect(reset.operatorNumber == 1)
        #expect(reset.time == DeviceTime(2022, 7, 12, 14, 13, 34))
    }

    @Test func analogTemperatureInTenthsOfADegree() throws {
        guard case .analogValue(let a)? = try TestVector.named("der_analog_temp").message().onlyObject else {
            Issue.record("not an analog value"); return
        }
        #expect(a.analogType == .temperature)
        #expect(a.rawValue == 800)
        #expect(a.value == 80.0)
        #expect(a.analogType.unit == "℃")
        #expect(a.componentAddress == 0x0403_0201)
        #expect(a.time == DeviceTime(2021, 7, 2, 9, 0, 4))
    }

    @Test func facilityOperationKeepsReservedBit() throws {
        guard case .facilityOperation(let o)? = try TestVector.named("der_facility_op").message().onlyObject else {
            Issue.record("not a facility operation"); return
        }
        #expect(o.operation.rawValue == 0x84)
        #expect(o.operation.flagNames == ["manualAlarm", "bit7"])
        #expect(o.operatorNumber == 250)
    }

    @Test("vendor and reserved types keep their raw bytes", arguments: [
        ("fm_vendor_cc", 204), ("fm_vendor_cd_1", 205), ("fm_vendor_cd_2", 205), ("xp_auth", 60),
        ("py_vendor_be_1", 190), ("fp_type9_a", 9), ("fp_type9_b", 9), ("fp_type9_c", 9), ("fb2024_vendor_96", 150),
        ("dahua_registration", 0),
    ])
    func vendorTypesAreRaw(_ id: String, _ type: Int) throws {
        let v = TestVector.named(id)
        let adu = try #require(try v.message().adu)
        #expect(adu.type.rawValue == type)
        guard case .raw(let raw) = adu.content else { Issue.record("\(id) was not kept raw"); return }
        #expect(Array(raw) == Array(v.bytes[29..<(v.bytes.count - 3)]))
    }

    @Test func oneByteHandshakeADU() throws {
        let adu = try #require(try TestVector.named("dg_handshake_a").message().adu)
        #expect(adu.type.rawValue == 0x16)
        #expect(adu.count == nil)
    }

    @Test func dahuaReadsBCDTimeLabels() throws {
        let m = try TestVector.named("dahua_smoke-alarm").message()
        #expect(m.time == DeviceTime(2026, 8, 24, 14, 30, 15))
        guard case .componentStatus(let c)? = m.onlyObject else { Issue.record("not a component status"); return }
        #expect(c.componentType == .smokeDetector)
        #expect(c.description?.text == "smoke alarm")
        #expect(c.componentAddress == 0x0007_0002)
        // Read as binary, the same label is an impossible date: the dialect matters.
        let strict = try TestVector.named("dahua_smoke-alarm").message(.gb2011)
        #expect(!strict.time.isValid)
    }

    @Test func dahuaVendorFramesAndRestore() throws {
        #expect(try TestVector.named("dahua_keepalive").message().header.command.rawValue == 7)
        guard case .componentStatus(let normal)? = try TestVector.named("dahua_manual-normal").message().onlyObject else {
            Issue.record("not a component status"); return
        }
        #expect(normal.status.isEmpty)
        guard case .componentStatus(let start)? = try TestVector.named("dahua_sound-light-start").message().onlyObject else {
            Issue.record("not a component status"); return
        }
        #expect(start.status == [.started, .feedback])
        #expect(start.componentType.range == .userDefined)
        #expect(try TestVector.named("dahua_time-sync-request").message().onlyObject == .synchronizeClock(DeviceTime(2026, 8, 24, 14, 30, 15)))
    }

    @Test func heartbeatWithoutTimeLabelIsStrictlyABadObjectButToleratedByItsDialect() throws {
        let v = TestVector.named("bt_hb_a")
        guard case .failure(let e) = v.decode(.gb2011) else { Issue.record("strict dialect accepted a 1-byte type 21 object"); return }
        #expect(e.code == .badObject)
        #expect(e.offset == 29)
        #expect(try v.message().onlyObject == .uitdStatus(UITDStatus(status: [.normal], time: nil)))
        #expect(try TestVector.named("bt_hb_b").message().onlyObject == .uitdStatus(UITDStatus(status: [.normal], time: nil)))
    }

    @Test func zeroTimeLabelIsAValueNotAnError() throws {
        let m = try TestVector.named("bt_offpos").message()
        #expect(!m.time.isValid)
        guard case .componentStatus(let c)? = m.onlyObject else { Issue.record("not a component status"); return }
        #expect(c.time.iso8601 == "2000-00-00T00:00:00")
        #expect(c.description?.text == "\u{FFFD}")  // a lone 0xFB before the NUL: shown, not hidden
    }
}
