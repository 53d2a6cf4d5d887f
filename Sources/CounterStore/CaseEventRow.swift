import CounterCore
import Foundation
import GRDB

/// The flat column form of a ``CaseEvent`` (one nullable column per kind-specific value).
struct CaseEventRow {
    var event: CaseEvent

    /// The local day (Japan) the event belongs to, stored so per-day queries need no date arithmetic.
    var day: CalendarDate { CalendarDate(event.timestamp, in: .japan) }

    /// The columns written, in the order of ``arguments``.
    static let columns = """
        id, terminal_id, actor_kind, actor_id, channel, case_id, occurred_at_ms, day, kind, style, source,
        fields, form_id, form_revision, copies, outcome, error_kind, duration_ms
        """

    /// Values for the INSERT in the order of ``columns``.
    var arguments: StatementArguments {
        StatementArguments(values.map { field -> (any DatabaseValueConvertible)? in
            switch field {
            case .text(let text): return text
            case .integer(let number): return number
            }
        })
    }

    /// The stored values in the order of ``columns``: also the canonical fields of the hash chain.
    var values: [HashChain.Field] {
        var style: String?, source: String?, fields: String?, formID: String?, revision: Int?, copies: Int?
        var outcome: String?, errorKind: String?, duration: Int?
        switch event.kind {
        case .caseStarted(let caseStyle):
            style = caseStyle.rawValue
        case .caseEnded(let milliseconds):
            duration = milliseconds
        case .caseAbandoned:
            break
        case .infoCaptured(let infoSource):
            source = infoSource.rawValue
        case .infoCorrected(let named), .infoAdded(let named):
            fields = named.map(\.rawValue).joined(separator: ",")
        case .formPrinted(let form, let formRevision, let count, let result):
            formID = form
            revision = formRevision
            copies = count
            switch result {
            case .ok: outcome = "ok"
            case .failed(let errorKindName):
                outcome = "failed"
                errorKind = errorKindName
            }
        case .cardError(let errorKindName):
            errorKind = errorKindName
        case .paymentTaken(let method, let milliseconds):
            // `source` says where the case's input came from: for a payment, how the fee came in.
            source = method.rawValue
            duration = milliseconds
        case .lifeEventChosen(let eventID):
            source = eventID
        case .questionAnswered(let questionID, let skipReason):
            fields = questionID
            outcome = skipReason == nil ? "answered" : "skipped"
            source = skipReason
        case .procedureChosen(let procedureID, let kept):
            formID = procedureID
            outcome = kept ? "kept" : "dropped"
        }
        return [.text(event.id.uuidString), .text(event.terminalID), .text(event.actor.kindName), .text(event.actor.id),
                .text(event.channel.rawValue), .text(event.caseID.uuidString),
                .integer(Int64((event.timestamp.timeIntervalSince1970 * 1000).rounded())), .text(day.iso),
                .text(event.kind.name.rawValue), .text(style), .text(source), .text(fields), .text(formID),
                .integer(revision.map(Int64.init)), .integer(copies.map(Int64.init)), .text(outcome), .text(errorKind),
                .integer(duration.map(Int64.init))]
    }

    /// The canonical fields of a stored row, read column by column as stored (for the chain check).
    static func storedValues(of row: Row) -> [HashChain.Field] {
        columnNames.enumerated().map { index, column in
            integerColumns.contains(column) ? .integer(row[column]) : .text(row[column])
        }
    }

    /// The column names of ``columns``, in order.
    static let columnNames = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The columns holding integers.
    static let integerColumns: Set<String> = ["occurred_at_ms", "form_revision", "copies", "duration_ms"]

    /// The fields named in a row's `fields` column.
    private static func fieldNames(in row: Row) -> [BasicInfoField] {
        let names: String = row["fields"] ?? ""
        return names.split(separator: ",").compactMap { BasicInfoField(rawValue: String($0)) }
    }

    /// Rebuilds an event from a stored row.
    static func event(from row: Row) throws -> CaseEvent {
        let kindName: String = row["kind"]
        guard let name = CaseEventKind.Name(rawValue: kindName) else { throw StoreError.corruptRecord }
        let kind: CaseEventKind
        switch name {
        case .caseStarted:
            // Cases before the style was recorded were all preprinted.
            kind = .caseStarted(style: CaseStyle(rawValue: row["style"] ?? "") ?? .preprinted)
        case .caseEnded:
            kind = .caseEnded(durationMilliseconds: row["duration_ms"] ?? 0)
        case .caseAbandoned:
            kind = .caseAbandoned
        case .infoCaptured:
            kind = .infoCaptured(source: InfoSource(rawValue: row["source"] ?? "") ?? .manual)
        case .infoCorrected:
            kind = .infoCorrected(fields: fieldNames(in: row))
        case .infoAdded:
            kind = .infoAdded(fields: fieldNames(in: row))
        case .formPrinted:
            let outcome: PrintOutcome = row["outcome"] == "ok" ? .ok : .failed(errorKind: row["error_kind"] ?? "")
            kind = .formPrinted(formID: row["form_id"] ?? "", revision: row["form_revision"],
                                copies: row["copies"] ?? 0, outcome: outcome)
        case .cardError:
            kind = .cardError(kind: row["error_kind"] ?? "")
        case .paymentTaken:
            guard let method = PaymentMethod(rawValue: row["source"] ?? "") else { throw StoreError.corruptRecord }
            kind = .paymentTaken(method: method, durationMilliseconds: row["duration_ms"] ?? 0)
        case .lifeEventChosen:
            kind = .lifeEventChosen(eventID: row["source"] ?? "")
        case .questionAnswered:
            kind = .questionAnswered(questionID: row["fields"] ?? "", skipReason: row["outcome"] == "skipped" ? row["source"] : nil)
        case .procedureChosen:
            kind = .procedureChosen(procedureID: row["form_id"] ?? "", kept: row["outcome"] == "kept")
        }
        let idText: String = row["id"], caseText: String = row["case_id"]
        guard let id = UUID(uuidString: idText), let caseID = UUID(uuidString: caseText),
              let actor = EventActor(kindName: row["actor_kind"], id: row["actor_id"]),
              let channel = CaseChannel(rawValue: row["channel"]) else {
            throw StoreError.corruptRecord
        }
        let milliseconds: Int64 = row["occurred_at_ms"]
        return CaseEvent(id: id, terminalID: row["terminal_id"], actor: actor, channel: channel, caseID: caseID,
                         timestamp: Date(timeIntervalSince1970: Double(milliseconds) / 1000), kind: kind)
    }
}
