import CounterCore

/// 訂正: edits one of the four fields or フリガナ; a changed value is saved and recorded as corrected
/// (フリガナ typed the first time: as added). The event names the field, never the value.
final class FieldEditScreen: Screen {
    private let field: BasicInfoField
    private var input: TextField

    init(field: BasicInfoField, app: AppContext) {
        self.field = field
        let info = app.currentCase?.info
        switch field {
        case .name: input = TextField("氏名", value: info?.name ?? "", maxLength: BasicInfoInput.maximumNameLength)
        case .address: input = TextField("住所", value: info?.address ?? "", maxLength: BasicInfoInput.maximumAddressLength)
        case .birthDate:
            input = TextField("生年月日", value: info.map { BasicInfoInput.digits($0.birthDate) } ?? "",
                              maxLength: 16)
        case .sex: input = TextField("性別", value: info?.sex.code ?? "", kind: .digits, maxLength: 1)
        case .furigana:
            input = TextField("フリガナ", value: app.currentCase?.furigana ?? "", maxLength: BasicInfoInput.maximumFuriganaLength)
        }
    }

    var title: String { field == .furigana ? "新しい受付 - フリガナの入力" : "新しい受付 - \(field.label)の訂正" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "保存"), KeyHint("左右/Home/End", "カーソル"), KeyHint("BS/Del", "消す"), KeyHint("ESC", "訂正をやめる")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        if field == .furigana {
            canvas.line("フリガナを入力してください（空にすると印刷しません）。")
        } else {
            canvas.line("\(field.label)を訂正してください。訂正したことは記録されます。")
        }
        switch field {
        case .birthDate: canvas.line("西暦8桁（例 19800217）か和暦（例 S55.2.17、昭和55年2月17日）で入力")
        case .sex: canvas.line("1 男 / 2 女 / 9 適用不能")
        case .name: canvas.line("氏と名の間は全角空白")
        case .address: canvas.line("方書（建物名・部屋番号）まで入力")
        case .furigana: canvas.line("全角カタカナで入力（氏と名の間は全角空白）。カードにはないのでご本人に確かめてください。")
        }
        canvas.blank()
        // All remaining rows; when even they are too few, the start is cut so the end and the
        // cursor stay visible.
        canvas.input(input, focused: true, labelWidth: 12, maxLines: canvas.rowsLeft)
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .confirm:
            save(app)
        case .back:
            app.show(ConfirmScreen())
        default:
            _ = input.apply(action)
        }
    }

    private func save(_ app: AppContext) {
        guard let session = app.currentCase else { return }
        let changed: Bool
        do {
            changed = try session.correct(field, to: input.value)
        } catch {
            app.showError(error)
            return
        }
        let done = field == .furigana ? "フリガナを保存しました。" : "\(field.label)を訂正しました。"
        app.show(ConfirmScreen(), message: changed ? (done, false) : nil)
    }
}
