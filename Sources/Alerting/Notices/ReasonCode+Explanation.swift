extension ReasonCode {
    /// One English sentence saying what the code means, for `firewatch explain` and the logs of
    /// people who do not read the policy every day. Unknown codes explain themselves by name.
    public var explanation: String {
        if let seconds = Self.seconds(after: "unconfirmedAfter", in: rawValue) {
            return "no verdict \(Self.spoken(seconds)) after the first alarm (the fire ladder's rung)"
        }
        if rawValue.hasPrefix("openFor") {
            return "the hazard was still open \(rawValue.dropFirst("openFor".count)) after its onset (a ladder rung)"
        }
        return Self.explanations[rawValue] ?? rawValue
    }

    private static let explanations: [String: String] = [
        "firstAlarm": "the first fire alarm of the incident: the unit is told at once",
        "corroborated": "corroborated (a second detector, waterflow, a manual call point or a dual knock): every party not yet told, at once",
        "confirmedReal": "the unit confirmed a real fire: brigade and department at once",
        "confirmedFalse": "declared a false alarm: whoever was told hears it, and the incident closes",
        "joinedIncident": "a further fire point joined the building's open incident",
        "restoreDoesNotClose": "a fire point restored; an unconfirmed incident stays open until a verdict",
        "panelResetDoesNotClose": "the panel was reset; the incident stays open until a verdict",
        "allPointsRestored": "a confirmed fire closed itself after every fire point had restored for the set time",
        "closedByOperator": "an operator closed the incident",
        "acknowledged": "an operator took the incident (this stops no timer)",
        "activeAfterMaintenance": "a maintenance window ended with a fire point still active: the incident went live",
        "alarmOutsideMaintenance": "an alarm from outside the maintenance window joined: the incident went live",
        "maintenanceEnded": "the maintenance window ended with every point restored",
        "falseAlarmRateExceeded": "more false alarms in 24 h than the policy allows: unit and brigade must agree a handling method",
        "opened": "a hazard was registered (after any debounce)",
        "rectified": "the condition cleared: everyone who was told hears it is rectified",
        "rectifiedByOperator": "an operator declared the hazard rectified",
        "transient": "the condition cleared within the transient time: no escalation",
        "chattering": "the point keeps coming and going: one hazard with a count",
        "chatterSettled": "a chattering point settled down",
        "repeated": "the condition was reported again",
        "fireIncidentOpen": "the link was lost while the building has an open fire incident: brigade and department at once",
        "linkLost": "no traffic from the gateway for the missed-heartbeat limit",
        "massOutage": "many gateways fell silent together: one centre-level outage instead of a notice per building",
        "outageOver": "the mass outage is over",
        "patrolDue": "a 查岗 (patrol) was due for the gateway",
        "patrolAnswered": "the control room answered the 查岗",
        "patrolTimedOut": "nobody answered the 查岗 in time: the control room looks unattended",
        "patrolSkippedLinkLost": "no 查岗 was sent: the gateway's link is lost",
        "clockSkew": "the device clock is off by more than the limit: a clock sync was sent",
        "centreResumed": "the centre was not listening until now: link supervision restarted from this moment",
        "removedFromRegistry": "the gateway left the registry",
        "maintenanceWindow": "held: the building or gateway is in a maintenance/test window (unit only)",
        "massOutageHold": "held: part of a mass outage, per-building notices wait",
        "departmentForwardingOff": "suppressed: the department takes confirmed fires only (escalation.fire.departmentEnabled)",
        "clearedWithinDebounce": "suppressed: the condition cleared within the unit debounce",
        "chatterSuppressed": "suppressed: the point is chattering; one hazard carries the count",
        "maintenanceOpened": "an operator opened a maintenance window",
        "maintenanceClosed": "the maintenance window closed",
        "unknownIncident": "refused: no such open incident",
        "unknownHazard": "refused: no such open hazard",
        "unknownWindow": "refused: no such maintenance window",
        "verdictRequired": "refused: an unconfirmed incident needs a verdict before it can close",
        "alreadyConfirmed": "refused: the incident already has a verdict",
        "unknownBuilding": "refused: no such building",
        "windowNotInFuture": "refused: a maintenance window must end in the future",
    ]

    private static func seconds(after prefix: String, in raw: String) -> Int? {
        guard raw.hasPrefix(prefix), raw.hasSuffix("s") else { return nil }
        return Int(raw.dropFirst(prefix.count).dropLast())
    }

    private static func spoken(_ seconds: Int) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0, seconds >= 600 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }
}
