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
    /// A text of the blank form does not fit its box (a layout mistake).
    case backgroundDoesNotFit(form: String, item: Int)
    /// The PDF could not be produced (fonts, Cairo).
    case renderFailed(form: String, DocumentPrintError)
    /// The printer did not take the job.
    case printFailed(form: String, PrintError)

    public var userMessage: String {
        switch self {
        case .unknownForm(let id):
            return "帳票「\(id)」は登録されていないか、まだ使えません。帳票の一覧（counter forms list）で確認してください。"
        case .fieldDoesNotFit(let form, let field):
            return "「\(form)」の欄「\(field)」に文字が収まりません。この欄は手書きで記入してください。"
        case .missingGlyphs(let form, let field, let characters):
            let list = characters.map(\.codePointText).joined(separator: " ")
            let detail = list.isEmpty ? "" : "（\(list)）"
            return "「\(form)」の欄「\(field)」に、帳票用フォントにない文字があります\(detail)。この欄は手書きで記入してください。"
        case .dateBeforeEras(let form, let field):
            return "「\(form)」の欄「\(field)」の日付は元号表にない時代です。この欄は手書きで記入してください。"
        case .backgroundDoesNotFit(let form, let item):
            return "「\(form)」の帳票設定（background[\(item)]）の文字が枠に収まりません。帳票の設定ファイルを直してください。"
        case .renderFailed(let form, let error):
            return "「\(form)」: \(error.userMessage)"
        case .printFailed(let form, let error):
            return "「\(form)」: \(error.userMessage)"
        }
    }
}
