@testable import MonitorDaemon
import Testing

/// `{prefix}/gateways/{id}/up` → the gateway id, byte for byte as the broker matches topics; every
/// other topic is nil (and its payload is quarantined as `badTopic`).
@Suite("Gateway topics")
struct GatewayTopicsTests {
    let topics = GatewayTopics(prefix: "firewatch/v1")

    @Test func anUpTopicNamesItsGateway() {
        #expect(topics.gatewayId(fromUpTopic: "firewatch/v1/gateways/gw-0001/up") == "gw-0001")
        #expect(topics.gatewayId(fromUpTopic: "firewatch/v1/gateways/g/up") == "g")
        #expect(topics.gatewayId(fromUpTopic: topics.up("南京-鼓楼-07")) == "南京-鼓楼-07")
    }

    @Test(arguments: [
        "firewatch/v1/gateways/gw-0001/down",    // the reply direction
        "firewatch/v1/gateways//up",             // no id
        "firewatch/v1/gateways/up",              // the suffix overlapping the head
        "firewatch/v1/gateways/a/b/up",          // an id with a level separator
        "firewatch/v2/gateways/gw-0001/up",      // another prefix
        "firewatch/v1/gateway/gw-0001/up",       // a misspelt segment
        "firewatch/v1/gateways/gw-0001/up/",     // a trailing level
        "xfirewatch/v1/gateways/gw-0001/up",     // the prefix not at the start
        "firewatch/v1/gateways/gw-0001/UP",      // topics are case-sensitive
        "firewatch/v1",
        "",
    ])
    func anyOtherTopicIsNot(_ topic: String) {
        #expect(topics.gatewayId(fromUpTopic: topic) == nil)
    }

    /// Bytes, not characters: a precomposed é in the prefix does not match a decomposed one, as
    /// the broker would not route one to the other.
    @Test func thePrefixIsComparedByteForByte() {
        let composed = GatewayTopics(prefix: "caf\u{E9}")
        #expect(composed.gatewayId(fromUpTopic: "caf\u{E9}/gateways/gw/up") == "gw")
        #expect(composed.gatewayId(fromUpTopic: "cafe\u{301}/gateways/gw/up") == nil)
    }
}
