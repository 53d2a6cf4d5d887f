import CounterCore

/// 手入力: the four fields typed by the clerk when there is no card; validated, and counted as
/// source "manual".
final class ManualEntryScreen: Screen {
    private var form = FieldForm([
        TextField("氏名", maxLength: BasicInfoInput.maximumNameLength),
        TextField("住所", maxLength: BasicInfoInput.maximumAddressLength),
        TextField("生年月日", maxLength: 16),
        TextField("性別（1/2/9）", kind: .digits, maxLength: 1),
    ])

    var title: String { "新しい受付 - 4情報の手入力" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "次へ・確定"), KeyHint("上下", "項目移動"), KeyHint("左右", "カーソル"), KeyHint("BS/Del", "消す"),
         KeyHint("ESC", "戻る")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("カードを使わずに4情報を入力します（手入力として記録されます）。")
        canvas.line("生年月日は西暦8桁か和暦（例 19800217、S55.2.17）、性別は 1男/2女/9適用不能。")
        canvas.blank()
        form.draw(&canvas, labelWidth: 20)
    }

    func handle(_ action: Action, _ app: AppContext) {
        if action == .back {
            app.show(CardWaitScreen())
            return
        }
        guard form.handle(action) == .submitted else { return }
        guard let session = app.currentCase else { return }
        do throws(InputError) {
            let today = session.today
            let info = BasicInfo(
                name: try BasicInfoInput.name(form[0]),
                address: try BasicInfoInput.address(form[1]),
                birthDate: try BasicInfoInput.birthDate(form[2], today: today, eras: app.services.eras),
                sex: try BasicInfoInput.sex(form[3]))
            try session.capture(info, from: .manual)
            app.show(ConfirmScreen())
        } catch {
            switch error {
            case .emptyName, .forbiddenCharacter(.name), .tooLong(.name, _): form.focus = 0
            case .emptyAddress, .forbiddenCharacter(.address), .tooLong(.address, _): form.focus = 1
            case .invalidBirthDate, .futureBirthDate, .birthDateTooEarly, .forbiddenCharacter(.birthDate), .tooLong(.birthDate, _): form.focus = 2
            case .invalidSexCode, .forbiddenCharacter(.sex), .tooLong(.sex, _): form.focus = 3
            case .furiganaNotKatakana, .forbiddenCharacter(.furigana), .tooLong(.furigana, _): break
            }
            app.showError(error)
        }
    }
}
