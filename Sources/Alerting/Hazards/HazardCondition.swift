/// A condition that makes a hazard (隐患), with the ladder it climbs and the notice kind it is
/// told as (policy-decisions §7, §10).
///
/// Conditions are computed from a point's whole status word, not from single bits, so that
/// "main and backup power both failed" is one `powerLost` hazard on the fast ladder instead of
/// two slow ones, and so that a resynchronisation burst changes nothing that did not change.
public enum HazardCondition: String, Hashable, Sendable, Codable, CaseIterable {
    /// One detector or module fault (component bit 2 or power-fault bit 8); the summary fault
    /// bit of a system or UITD status word.
    case deviceFault
    /// The fire alarm control panel itself (component type 1) reports a fault.
    case controllerFault
    /// System status bit 10.
    case busFault
    /// A shielded (屏蔽) point: component or system bit 3.
    case disabled
    /// Linkage in manual mode: system status bit 11.
    case manualMode
    /// Main power failed, backup carries (system bit 8 / UITD bit 3).
    case mainPowerFault
    /// Backup power failed, main still up (system bit 9 / UITD bit 4).
    case backupPowerFault
    /// Main and backup both failed on one system: system-level.
    case powerLost
    /// UITD bit 5: the UITD's channel to the centre.
    case channelFault
    /// UITD bit 6: the UITD's link to the panel it monitors.
    case panelLinkFault
    /// A 查岗 went unanswered: the control room looks unattended.
    case patrolUnanswered
    /// The gateway has been silent for the missed-heartbeat limit.
    case linkLost

    /// The notice kind it is told as.
    public var noticeKind: NoticeKind {
        switch self {
        case .deviceFault, .controllerFault, .busFault, .channelFault, .panelLinkFault: .fault
        case .disabled: .disabled
        case .manualMode: .manualMode
        case .mainPowerFault, .backupPowerFault, .powerLost: .powerFault
        case .patrolUnanswered: .patrolUnanswered
        case .linkLost: .linkLost
        }
    }

    /// How urgent its notices are.
    public var severity: Severity {
        switch self {
        case .controllerFault, .busFault, .powerLost, .channelFault, .panelLinkFault, .manualMode,
             .patrolUnanswered, .linkLost: .major
        case .deviceFault, .disabled, .mainPowerFault, .backupPowerFault: .minor
        }
    }

    /// Whether it comes from a point's status word (and so can chatter).
    var isPointCondition: Bool { self != .patrolUnanswered && self != .linkLost }

    /// The ladder of §2.4 (link lost has its own, see ``EscalationPolicy/Link``).
    func ladder(_ p: EscalationPolicy, heartbeatSeconds: Int) -> EscalationLadder {
        switch self {
        case .deviceFault: p.hazards.deviceFault
        case .controllerFault, .busFault, .powerLost, .channelFault, .panelLinkFault: p.hazards.systemFault
        case .disabled: p.hazards.disabled
        case .manualMode: p.hazards.manualMode
        case .mainPowerFault: p.hazards.mainPowerFault
        case .backupPowerFault: p.hazards.backupPowerFault
        case .patrolUnanswered: p.hazards.patrolUnanswered
        case .linkLost:
            EscalationLadder(unitDebounceSeconds: p.link.missedHeartbeats * heartbeatSeconds,
                             brigadeAfterSeconds: p.link.brigadeAfterSeconds,
                             departmentAfterSeconds: p.link.departmentAfterSeconds)
        }
    }

    /// 故障, 屏蔽, …: the condition named for a duty officer.
    var chineseName: String {
        switch self {
        case .deviceFault: "故障"
        case .controllerFault: "控制器故障"
        case .busFault: "总线故障"
        case .disabled: "屏蔽"
        case .manualMode: "联动处于手动状态"
        case .mainPowerFault: "主电故障"
        case .backupPowerFault: "备电故障"
        case .powerLost: "主电、备电均故障"
        case .channelFault: "与监控中心通信信道故障"
        case .panelLinkFault: "与火灾报警控制器连接线路故障"
        case .patrolUnanswered: "查岗无人应答"
        case .linkLost: "通信中断"
        }
    }

    /// What the unit is asked to do.
    var chineseRequest: String {
        switch self {
        case .disabled: "请核实屏蔽原因，尽快解除屏蔽，屏蔽期间落实人员值守等替代措施"
        case .manualMode: "自动喷水、防排烟等联动不得处于手动状态，请立即恢复自动状态"
        case .patrolUnanswered: "请消防控制室值班人员立即在岗并应答查岗"
        case .linkLost: "请检查用户信息传输装置的供电和网络"
        case .mainPowerFault, .backupPowerFault, .powerLost: "请立即检查消防电源，尽快恢复供电"
        default: "请尽快组织维修并采取相应安全措施"
        }
    }

    /// The conditions a point's status word shows.
    static func conditions(level: PointKey.Level, componentType: UInt8, status: UInt16) -> Set<HazardCondition> {
        var out: Set<HazardCondition> = []
        func bit(_ n: Int) -> Bool { status & (1 << n) != 0 }
        switch level {
        case .component:
            if bit(2) || bit(8) { out.insert(componentType == 1 ? .controllerFault : .deviceFault) }
            if bit(3) { out.insert(.disabled) }
        case .system:
            if bit(2) { out.insert(.deviceFault) }
            if bit(3) { out.insert(.disabled) }
            if bit(10) { out.insert(.busFault) }
            if bit(11) { out.insert(.manualMode) }
            out.formUnion(power(main: bit(8), backup: bit(9)))
        case .uitd:
            if bit(2) { out.insert(.deviceFault) }
            out.formUnion(power(main: bit(3), backup: bit(4)))
            if bit(5) { out.insert(.channelFault) }
            if bit(6) { out.insert(.panelLinkFault) }
        }
        return out
    }

    /// Both failed is one system-level condition, not two.
    private static func power(main: Bool, backup: Bool) -> Set<HazardCondition> {
        switch (main, backup) {
        case (true, true): [.powerLost]
        case (true, false): [.mainPowerFault]
        case (false, true): [.backupPowerFault]
        case (false, false): []
        }
    }

    /// The status bits a condition rests on (its onset is when the last of them was set).
    static func bits(of condition: HazardCondition, level: PointKey.Level) -> [Int] {
        switch (condition, level) {
        case (.deviceFault, .component), (.controllerFault, _): [2, 8]
        case (.deviceFault, _): [2]
        case (.disabled, _): [3]
        case (.busFault, _): [10]
        case (.manualMode, _): [11]
        case (.mainPowerFault, .uitd): [3]
        case (.backupPowerFault, .uitd): [4]
        case (.powerLost, .uitd): [3, 4]
        case (.mainPowerFault, _): [8]
        case (.backupPowerFault, _): [9]
        case (.powerLost, _): [8, 9]
        case (.channelFault, _): [5]
        case (.panelLinkFault, _): [6]
        case (.patrolUnanswered, _), (.linkLost, _): []
        }
    }
}
