import PanelProtocol

/// The Simplified-Chinese text of every notice: what a duty officer reads and acts on.
///
/// Each text says which building (name and address), which point, what happened and when (the
/// centre's local time), and what the reader is expected to do — in that order, because the
/// reader may only see the first line on a pager or an SMS gateway.
enum NoticeText {
    /// `某某大厦（某市某区某路1号）`
    static func building(_ info: BuildingInfo) -> String {
        "\(info.name)（\(info.address)）"
    }

    /// The point as a duty officer recognises it: the panel's description first.
    static func point(_ key: PointKey?, description: String?) -> String {
        guard let key else { return "" }
        let where_: String
        switch key.level {
        case .component:
            let type = ComponentType(rawValue: key.componentType).name ?? "部件"
            where_ = "\(type)，\(key.systemAddress)号系统\(key.componentAddress)号部件"
        case .system:
            let type = SystemType(rawValue: key.systemType).name ?? "系统"
            where_ = "\(key.systemAddress)号\(type)"
        case .uitd:
            where_ = "用户信息传输装置\(key.gateway)"
        }
        if let d = description, !d.isEmpty { return "\(d)（\(where_)）" }
        return where_
    }

    static func time(_ t: AlertingInstant, _ p: EscalationPolicy) -> String {
        CivilTime(instant: t, utcOffsetSeconds: p.clock.utcOffsetSeconds).displayText
    }

    /// `60秒`, `180秒`, `15分钟`, `24小时`: seconds up to 5 minutes, as the fire timers are spoken of.
    static func duration(_ seconds: Int) -> String {
        if seconds <= 300 { return "\(seconds)秒" }
        if seconds >= 3600, seconds % 3600 == 0 { return "\(seconds / 3600)小时" }
        if seconds >= 60, seconds % 60 == 0 { return "\(seconds / 60)分钟" }
        return "\(seconds)秒"
    }

    /// The open-hazard line every fire notice ends with.
    static func hazards(_ list: [Hazard]) -> String {
        guard !list.isEmpty else { return "该建筑当前无未销号隐患。" }
        let shown = list.prefix(5).map { h in
            let p = point(h.point, description: h.pointDescription)
            return p.isEmpty ? h.condition.chineseName : "\(h.condition.chineseName)（\(p)）"
        }
        let more = list.count > 5 ? "等" : ""
        return "该建筑当前未销号隐患\(list.count)项：\(shown.joined(separator: "；"))\(more)。"
    }

    // MARK: - Fire

    static func fire(reason: ReasonCode, party: Party, incident: FireIncident, info: BuildingInfo,
                     hazards: [Hazard], cause: FalseAlarmCause?, policy p: EscalationPolicy) -> String {
        let first = incident.points[incident.firstPoint]
        let what = "\(building(info))\(point(first?.key, description: first?.description))于\(time(incident.openedAt, p))报火警"
        let more = incident.points.count > 1 ? "（共\(incident.points.count)个报警点）" : ""
        let evidence = incident.evidence.map(\.chineseText)
        let evidenceText = evidence.isEmpty ? "" : "，已由\(Array(Set(evidence)).sorted().joined(separator: "、"))印证"
        let tail = Self.hazards(hazards)
        switch reason {
        case .firstAlarm where incident.testMode:
            return "【火警·维保测试期间】\(what)\(more)。该建筑（装置）处于维保/测试期间，已记录，仅告知联网单位；如为真实火警，请立即向监控中心确认。\(tail)"
        case .firstAlarm:
            return "【火警】\(what)\(more)，尚未确认。请立即派人到场核实，并在\(duration(p.fire.brigadeAfterSeconds))内向监控中心确认真实火警或误报。\(tail)"
        case .corroborated:
            let ask: String = switch party {
            case .unit: "请立即核实火情，组织扑救和人员疏散，并向监控中心确认。"
            case .brigade: "请立即掌握情况，做好调派准备。"
            case .department: "请119指挥中心立即研判处置。"
            }
            return "【火警·已印证】\(what)\(more)\(evidenceText)，可能为真实火警，尚未经单位确认。\(ask)\(tail)"
        case .confirmedReal:
            let people = incident.peopleAtRisk ? "，有人员受到威胁" : ""
            let ask: String = switch party {
            case .unit: "请立即启动灭火和应急疏散预案，联动设备置于自动状态。"
            case .brigade: "请立即出动。"
            case .department: "请119指挥中心立即调派力量。"
            }
            return "【火警·已确认】\(what)\(more)，经联网单位确认为真实火警\(people)。\(ask)\(tail)"
        case .confirmedFalse:
            let c = cause.map { "，原因：\($0.chineseLabel)" } ?? ""
            let ask = party == .unit ? "请查明原因、维修相关设备并做好记录。" : "无需出动，此前的火警通知作废。"
            return "【误报】\(what)，经确认为误报\(c)。\(ask)"
        case .activeAfterMaintenance:
            return "【火警】\(what)\(more)，维保/测试期已结束，报警点仍处于火警状态，尚未确认。请立即核实，并在\(duration(p.fire.brigadeAfterSeconds))内向监控中心确认。\(tail)"
        case .alarmOutsideMaintenance:
            return "【火警】\(what)\(more)，且有维保/测试范围以外的报警点报警，尚未确认。请立即核实，并在\(duration(p.fire.brigadeAfterSeconds))内向监控中心确认。\(tail)"
        default:
            if reason == .unconfirmedAfter(seconds: p.fire.brigadeAfterSeconds), party == .brigade {
                return "【火警·单位未确认】\(what)\(more)\(evidenceText)，联网单位\(duration(p.fire.brigadeAfterSeconds))内未确认。请督促单位核实火情，必要时调派力量。\(tail)"
            }
            return "【火警·未确认】\(what)\(more)\(evidenceText)，\(duration(p.fire.departmentAfterSeconds))内仍未确认，联网单位无响应。请119指挥中心研判处置。\(tail)"
        }
    }

    static func falseAlarmRate(info: BuildingInfo, count: Int, policy p: EscalationPolicy) -> String {
        "【误报超限】\(building(info))24小时内误报\(count)次，超过\(p.falseAlarms.perDayThreshold)次。请联网单位与监控中心商定处置办法，尽快维修相关设备。"
    }

    // MARK: - Hazards

    static func hazard(reason: ReasonCode, party: Party, hazard h: Hazard, info: BuildingInfo,
                       rungSeconds: Int?, by: String?, policy p: EscalationPolicy) -> String {
        let name = h.condition.chineseName
        let pt = point(h.point, description: h.pointDescription)
        let subject = pt.isEmpty ? building(info) : "\(building(info))\(pt)"
        switch h.condition {
        case .linkLost:
            let gw = "\(building(info))用户信息传输装置\(h.gateway)"
            switch reason {
            case .rectified, .rectifiedByOperator:
                return "【通信恢复】\(gw)已于\(time(now: h.lastChangeAt, p))恢复通信，自\(time(h.onset, p))起的通信中断已销号。"
            case .fireIncidentOpen:
                return "【通信中断·火警期间】\(gw)自\(time(h.onset, p))起无通信，该建筑有未结束的火警，火灾报警信息可能无法上传。请立即派员核实现场情况。"
            case .opened:
                return "【通信中断】\(gw)自\(time(h.onset, p))起无通信，监控中心无法接收该建筑的火灾报警信息。\(h.condition.chineseRequest)。"
            default:
                return "【通信中断·超\(duration(rungSeconds ?? 0))】\(gw)自\(time(h.onset, p))起无通信，已超过\(duration(rungSeconds ?? 0))。请督促联网单位尽快恢复。"
            }
        case .patrolUnanswered:
            switch reason {
            case .rectified, .rectifiedByOperator:
                return "【查岗已应答】\(building(info))消防控制室已于\(time(now: h.lastChangeAt, p))应答查岗，查岗无人应答隐患销号。"
            case .opened:
                return "【查岗无人应答】\(building(info))消防控制室未在\(p.patrol.replyTimeoutMinutes)分钟内应答监控中心的查岗（\(time(h.onset, p))超时）。\(h.condition.chineseRequest)。"
            default:
                return "【查岗无人应答·超\(duration(rungSeconds ?? 0))】\(building(info))消防控制室自\(time(h.onset, p))起查岗无人应答，已超过\(duration(rungSeconds ?? 0))。请督促单位落实24小时值班制度。"
            }
        default:
            break
        }
        switch reason {
        case .rectified:
            return "【隐患销号】\(subject)\(name)已于\(time(now: h.lastChangeAt, p))恢复，隐患已销号。"
        case .rectifiedByOperator:
            return "【隐患销号】\(subject)\(name)经监控中心核实已整改（操作人：\(by ?? "未知")），隐患已销号。"
        case .chattering:
            return "【隐患·\(name)·频繁变化】\(subject)\(name)反复出现（\(h.onsetCount)次），已合并为一条隐患，不再逐次通知。请检查该点位及其线路。"
        case .opened:
            return "【隐患·\(name)】\(subject)于\(time(h.onset, p))报\(name)。\(h.condition.chineseRequest)。"
        default:
            let d = duration(rungSeconds ?? 0)
            let ask = party == .unit ? "请尽快整改。" : "请督促联网单位限期整改。"
            return "【隐患·\(name)·超\(d)未整改】\(subject)自\(time(h.onset, p))起\(name)，已超过\(d)未整改。\(ask)"
        }
    }

    private static func time(now t: AlertingInstant, _ p: EscalationPolicy) -> String { time(t, p) }
}
