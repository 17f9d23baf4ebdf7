import Foundation

/// Prints and flushes: stdout is a pipe under the scripts, block-buffered otherwise, and a
/// benchmark that takes minutes should show each figure when it has it.
public func say(_ line: String = "") {
    Swift.print(line)
    fflush(nil)
}

/// `s` padded with spaces to `width` characters, for the columns of the summaries.
public func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
