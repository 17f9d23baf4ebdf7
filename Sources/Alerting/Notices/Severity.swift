/// How urgently a receiver should read a notice (interfaces §4): `critical` is fire.
public enum Severity: String, Hashable, Sendable, Codable, CaseIterable {
    case critical
    case major
    case minor
    case info
}
