public import PanelProtocol

/// Who simulated gateway number `g` is: the id and the source address the benchmark scripts
/// write into the registry (scripts/bench-*.sh), so the daemon accepts its frames.
public enum SimulatedGateway {
    /// `gw-00042`: five digits, as the registry names them.
    public static func id(_ g: Int) -> String {
        let digits = String(g)
        return "gw-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The gateway's own node address (low bytes from `g`, then 26 87 53).
    public static func sourceAddress(_ g: Int) -> NodeAddress {
        NodeAddress(UInt8(g & 0xFF), UInt8(g >> 8 & 0xFF), UInt8(g >> 16 & 0xFF), 0x26, 0x87, 0x53)
    }

    /// Decodes a generated frame (serial 8, one component status) with the real codec and fails
    /// unless it says what was meant: the benchmark must send what a device sends.
    public static func selfCheck(_ bytes: [UInt8], status: ComponentStatusFlags, point: UInt32) {
        let steps = FrameStreamDecoder.decodeAll(bytes)
        guard steps.count == 1, case .success(let f) = steps[0], f.header.serial == 8, f.header.command == .send,
              let adu = try? ApplicationDataUnit.decode(f.adu),
              case .componentStatus(let o) = adu.objects.first, o.status == status, o.componentAddress == point,
              o.time.isValid, f.header.timeLabel.deviceTime(.binary).isValid
        else { fail("self-check: the generated frame does not decode as intended: \(steps)") }
    }
}
