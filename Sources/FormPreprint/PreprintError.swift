import CounterCore
import DocumentPrint

/// Why a form could not be preprinted. Messages name the form and the field, never the person's data.
public enum PreprintError: UserFacingError, Equatable {
    /// No form with this id is in force.
    case unknownForm(String)
    /// The value does not fit the field even at the smallest allowed size.
    case fieldDoesNotFit(form: String, field: String)
    /// The fonts lack characters of the value (code points listed, not the value).
    case missingGlyphs(form: String, field: String, characters: [Unicode.Scalar])
    /// The date is before the first era of the table, so it has no 和暦.
    case dateBeforeEras(form: String, field: String)
    /// The value has a choice (an era, 男/女) that the field's printed options lack, so nothing could be circled.
    case choiceMissing(form: String, field: String)
    /// A text of the blank form does not fit its box (a layout mistake).
    case backgroundDoesNotFit(form: String, item: Int)
    /// The PDF could not be produced (fonts, Cairo).
    case renderFailed(form: String, DocumentPrintError)
    /// The printer did not take the job.
    case printFailed(form: String, PrintError)
    /// The copies asked for are outside ``PreprintRequest/copyRange``.
    case invalidCopies

    /// What happened (the form was not printed) and what the clerk can do, in Japanese.
    public var userMessage: String {
        switch self {
        case .unknownForm(let id):
            return "帳票「\(id)」は登録されていないか、まだ使えません。帳票の一覧（counter forms list）で確認してください。"
        case .fieldDoesNotFit(let form, let field):
            return "「\(form)」は印刷していません。欄「\(field)」の文字が枠に収まりません。確認画面でこの欄を直して（短くして）もう一度印刷するか、この帳票は手書きで記入してください。"
        case .missingGlyphs(let form, let field, let characters):
            let list = characters.map(\.codePointText).joined(separator: " ")
            let detail = list.isEmpty ? "" : "（\(list)）"
            return "「\(form)」は印刷していません。欄「\(field)」に帳票用フォントにない文字があります\(detail)。この帳票は手書きで記入してください。"
        case .dateBeforeEras(let form, let field):
            return "「\(form)」は印刷していません。欄「\(field)」の日付は元号表より前で、和暦にできません。この帳票は手書きで記入してください。"
        case .choiceMissing(let form, let field):
            return "「\(form)」は印刷していません。欄「\(field)」に丸を付ける選択肢が帳票の設定にありません。この帳票は手書きで記入し、帳票の設定ファイルの修正を管理者に依頼してください。"
        case .backgroundDoesNotFit(let form, let item):
            return "「\(form)」は印刷していません。帳票の設定（background[\(item)]）の文字が枠に収まりません。帳票の設定ファイルの修正を管理者に依頼してください。"
        case .renderFailed(let form, let error):
            return "「\(form)」は印刷していません。\(error.userMessage)"
        case .printFailed(let form, let error):
            return "「\(form)」: \(error.userMessage)"
        case .invalidCopies:
            return "部数は\(PreprintRequest.copyRange.lowerBound)〜\(PreprintRequest.copyRange.upperBound)部で指定してください。"
        }
    }
}
