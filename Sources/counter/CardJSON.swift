import CounterCore
import Foundation
import MyNumberReader

/// The small JSON documents `counter card` prints, with keys in a fixed order and strings exactly as
/// the card holds them (UTF-8, not normalized, `/` not escaped).
enum CardJSON {
    /// One JSON value.
    enum Value {
        case string(String)
        case number(Int)
        case bool(Bool)
        case null
        case object([(String, Value)])
        case array([Value])
    }

    /// Serializes a value on one line.
    static func render(_ value: Value) -> String {
        switch value {
        case .string(let text): return quote(text)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .object(let members): return "{" + members.map { quote($0.0) + ":" + render($0.1) }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        }
    }

    /// A JSON string literal (RFC 8259 escapes only).
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `{"name":…,"address":…,"birthDate":"YYYY-MM-DD","sex":"<code>","sexLabel":"…"}`.
    static func basicInfo(_ info: BasicInfo) -> Value {
        .object([("name", .string(info.name)), ("address", .string(info.address)), ("birthDate", .string(info.birthDate.iso)),
                 ("sex", .string(info.sex.code)), ("sexLabel", .string(info.sex.label))])
    }

    /// `{"verified":true,"serialNumber":…,"subject":…,"issuer":…,"notAfter":"ISO 8601"}`.
    static func authentication(_ result: JPKIAuthenticationResult) -> Value {
        .object([("verified", .bool(true)), ("serialNumber", .string(result.serialNumber)), ("subject", .string(result.subject)),
                 ("issuer", .string(result.issuer)), ("notAfter", .string(ISO8601DateFormatter().string(from: result.notAfter)))])
    }

    /// `{"readers":[{"name":…,"cardPresent":…,"myNumberCard":…,"cardInfoPINTriesLeft":…,"authPINTriesLeft":…}]}`.
    static func status(_ statuses: [CardStatus]) -> Value {
        func optional(_ value: Int?) -> Value { value.map { .number($0) } ?? .null }
        return .object([("readers", .array(statuses.map { status in
            .object([("name", .string(status.reader)), ("cardPresent", .bool(status.cardPresent)),
                     ("myNumberCard", status.isMyNumberCard.map { .bool($0) } ?? .null),
                     ("cardInfoPINTriesLeft", optional(status.cardInfoPINTriesLeft)),
                     ("authPINTriesLeft", optional(status.authPINTriesLeft))])
        }))])
    }
}
