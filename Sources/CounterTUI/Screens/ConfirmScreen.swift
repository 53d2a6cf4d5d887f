import CounterCore

/// 4情報の確認: name, address, birth date in 和暦 and 西暦, sex; a digit opens a field for correction.
final class ConfirmScreen: Screen {
    var title: String { "新しい受付 - 4情報の確認" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "確定・帳票選択"), KeyHint("1-4", "訂正"), KeyHint("ESC", "受付中止")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        guard let session = app.currentCase, let info = session.info else { return }
        let source = session.source == .manual ? "手入力" : "カード"
        canvas.line("内容をご本人と確認してください（読取元: \(source)）。")
        canvas.line("訂正する項目は番号を押してください。")
        canvas.blank()
        let values: [(BasicInfoField, String)] = [
            (.name, info.name), (.address, info.address),
            (.birthDate, app.services.bothCalendars(info.birthDate)), (.sex, info.sex.label),
        ]
        for (index, (field, value)) in values.enumerated() {
            let mark = session.corrected.contains(field) ? "  [訂正済]" : ""
            canvas.field("\(index + 1) \(field.label)", value + mark, labelWidth: 12, maxLines: 3)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .confirm:
            app.show(FormChoiceScreen(forms: app.services.printer.forms))
        case .text(let character):
            guard let number = character.wholeNumberValue, (1...4).contains(number) else { return }
            app.show(FieldEditScreen(field: BasicInfoField.allCases[number - 1], app: app))
        case .back:
            app.show(CaseEndScreen(cancelled: true))
        default:
            break
        }
    }
}
