import Testing
@testable import MonitorDaemon
@Test func placeholderMonitorDaemon() { #expect(Bool(true)) }
