/// Where a code of a standard table falls.
public enum CodeRange: String, Sendable, Hashable, Codable {
    /// Defined by the standard.
    case standard
    /// Reserved by the standard (a device sending it is non-conformant, but it is still a value).
    case reserved
    /// 128–255: left to vendors.
    case userDefined
}
