import Foundation

/// How a benchmark prints a figure: fixed decimals, and `n/a` for a figure that does not exist
/// (NaN: a phase without samples) rather than `nan`.
public enum Figure {
    /// `v` with `digits` decimals; `grouped` puts thousands separators in whole numbers of 1,000
    /// or more (`12,345`), for throughputs that run to tens of thousands.
    public static func text(_ v: Double, _ digits: Int = 0, grouped: Bool = false) -> String {
        guard v.isFinite else { return "n/a" }
        let s = String(format: "%.\(digits)f", v)
        guard grouped, digits == 0, abs(v) >= 1000 else { return s }
        var out = "", count = 0
        for ch in s.reversed() {
            if count > 0 && count % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
            count += 1
        }
        return String(out.reversed())
    }
}
