/// Who a written notice (书面告知) goes to: the unit (社会单位), its district brigade (辖区大队) or
/// the fire department (支队防火处 and the 119 command centre).
///
/// The order is the order of a ladder: unit first, department last.
public enum Party: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case unit
    case brigade
    case department

    public static func < (a: Party, b: Party) -> Bool { a.order < b.order }

    var order: Int {
        switch self {
        case .unit: 0
        case .brigade: 1
        case .department: 2
        }
    }

    /// How the notice text addresses the reader.
    var chineseName: String {
        switch self {
        case .unit: "联网单位"
        case .brigade: "辖区大队"
        case .department: "支队"
        }
    }
}
