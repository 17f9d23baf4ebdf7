import Testing
@testable import MosquittoClient
@Test func placeholderMosquitto() { #expect(Bool(true)) }
