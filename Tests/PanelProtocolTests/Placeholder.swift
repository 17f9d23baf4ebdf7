import Testing
@testable import PanelProtocol
@Test func placeholderPanelProtocol() { #expect(Bool(true)) }
