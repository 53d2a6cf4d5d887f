import CounterCore
import Foundation
import GRDB

/// The flat column form of a ``CaseEvent`` (one nullable column per kind-specific value).
struct CaseEventRow {
    var event: CaseEvent
    var day: CalendarDate

    /// Values for the INSERT in column order.
    var arguments: StatementArguments {
        var source: String?, fields: String?, formID: String?, copies: Int?, outcome: String?
        var errorKind: String?, duration: Int?
        let kind: String
        switch event.kind {
        case .caseStarted:
            kind = "caseStarted"
        case .caseEnded(let milliseconds):
            kind = "caseEnded"
            duration = milliseconds
        case .infoCaptured(let infoSource):
            kind = "infoCaptured"
            source = infoSource.rawValue
        case .infoCorrected(let corrected):
            kind = "infoCorrected"
            fields = corrected.map(\.rawValue).joined(separator: ",")
        case .formPrinted(let form, let count, let result):
            kind = "formPrinted"
            formID = form
            copies = count
            switch result {
            case .ok: outcome = "ok"
            case .failed(let errorKindName):
                outcome = "failed"
                errorKind = errorKindName
            }
        case .cardError(let errorKindName):
            kind = "cardError"
            errorKind = errorKindName
        }
        return [event.id.uuidString, event.terminalID, event.clerkID, event.caseID.uuidString,
                Int64((event.timestamp.timeIntervalSince1970 * 1000).rounded()), day.iso, kind, source, fields,
                formID, copies, outcome, errorKind, duration]
    }

    /// Rebuilds an event from a stored row.
    static func event(from row: Row) throws -> CaseEvent {
        let kindName: String = row["kind"]
        let kind: CaseEventKind
        switch kindName {
        case "caseStarted":
            kind = .caseStarted
        case "caseEnded":
            kind = .caseEnded(durationMilliseconds: row["duration_ms"] ?? 0)
        case "infoCaptured":
            kind = .infoCaptured(source: InfoSource(rawValue: row["source"] ?? "") ?? .manual)
        case "infoCorrected":
            let names: String = row["fields"] ?? ""
            kind = .infoCorrected(fields: names.split(separator: ",").compactMap { BasicInfoField(rawValue: String($0)) })
        case "formPrinted":
            let outcome: PrintOutcome = row["outcome"] == "ok" ? .ok : .failed(errorKind: row["error_kind"] ?? "")
            kind = .formPrinted(formID: row["form_id"] ?? "", copies: row["copies"] ?? 0, outcome: outcome)
        case "cardError":
            kind = .cardError(kind: row["error_kind"] ?? "")
        default:
            throw StoreError.failed(reason: "未知のイベント種別 \(kindName)")
        }
        let idText: String = row["id"], caseText: String = row["case_id"]
        guard let id = UUID(uuidString: idText), let caseID = UUID(uuidString: caseText) else {
            throw StoreError.failed(reason: "イベントIDが不正です")
        }
        let milliseconds: Int64 = row["occurred_at_ms"]
        return CaseEvent(id: id, terminalID: row["terminal_id"], clerkID: row["clerk_id"], caseID: caseID,
                         timestamp: Date(timeIntervalSince1970: Double(milliseconds) / 1000), kind: kind)
    }
}
