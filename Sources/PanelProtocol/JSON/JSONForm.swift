import Foundation

/// The JSON form of a frame (docs/json-form.md): read from JSON gateways, printed by `firewatch decode`.
public enum JSONForm {
    /// Decodes one JSON document into a message; syntax errors are `badJSON`, layout errors `badObject`.
    public static func decode(_ payload: [UInt8]) throws(FrameError) -> PanelMessage {
        do {
            return try JSONDecoder().decode(PanelMessage.self, from: Data(payload))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw FrameError(.badJSON, offset: nil, "not a JSON object: \(underlying(context))")
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.isEmpty {
            throw FrameError(.badJSON, offset: nil, "the document must be a JSON object")
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

    static func underlying(_ context: DecodingError.Context) -> String {
        if let e = context.underlyingError as NSError? { return e.userInfo[NSDebugDescriptionErrorKey] as? String ?? e.localizedDescription }
        return context.debugDescription
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
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
