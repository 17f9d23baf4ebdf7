import Foundation

/// The JSON form of a frame (docs/json-form.md): read from JSON gateways, printed by `firewatch decode`.
public enum JSONForm {
    /// Decodes one JSON document into a message; syntax errors are `badJSON`, layout errors `badObject`.
    public static func decode(_ payload: [UInt8]) throws(FrameError) -> PanelMessage {
        let data = Data(payload)
        // Syntax first, so a broken document and a well-formed but wrong one get different codes.
        do {
            guard try JSONSerialization.jsonObject(with: data) is [String: Any] else {
                throw FrameError(.badJSON, offset: nil, "the document must be a JSON object")
            }
        } catch let error as FrameError {
            throw error
        } catch {
            throw FrameError(.badJSON, offset: nil, "not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
        }
        do {
            return try JSONDecoder().decode(PanelMessage.self, from: data)
        } catch let error as DecodingError {
            throw FrameError(.badObject, offset: nil, describe(error))
        } catch {
            throw FrameError(.badJSON, offset: nil, "\(error)")
        }
    }

    /// Encodes messages as JSON (one object, or an array when there are several).
    public static func encode(_ messages: [PanelMessage], pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = messages.count == 1 ? try encoder.encode(messages[0]) : try encoder.encode(messages)
        } catch {
            preconditionFailure("encoding a decoded message cannot fail: \(error)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `adu.objects[0].time: must be YYYY-MM-DDTHH:MM:SS` — a path a gateway vendor can act on.
    static func describe(_ error: DecodingError) -> String {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let p = path(ctx.codingPath + [key])
            return "\(p): missing"
        case .typeMismatch(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(type)"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(type), found null"
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return p.isEmpty ? ctx.debugDescription : "\(p): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
