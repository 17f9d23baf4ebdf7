import Testing
@testable import Alerting
@Test func placeholderAlerting() { #expect(Bool(true)) }
