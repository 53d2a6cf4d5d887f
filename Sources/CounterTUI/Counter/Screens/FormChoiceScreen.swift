import CounterCore
import CounterService
import FormPreprint

/// 帳票選択: copies per form (0 to the one copy limit; a digit key sets 0–9 directly) and the print mode (overlay on pre-printed paper or full form),
/// starting in the printer's default mode.
final class FormChoiceScreen: Screen {
    private let forms: [FormChoice]
    private var copies: [Int]
    private var cursor = 0
    private var mode: PreprintMode

    /// Offers the case's `forms`, starting in `mode` with the counts chosen before (`chosen`, by form id;
    /// none when first shown).
    init(forms: [FormChoice], defaultMode: PreprintMode, chosen: [String: Int] = [:]) {
        self.forms = forms
        mode = defaultMode
        copies = forms.map { chosen[$0.id] ?? 0 }
    }

    var title: String { "新しい受付 - 帳票の選択" }
    var keyHints: [KeyHint] {
        [KeyHint("上下", "帳票"), KeyHint("左右/0-9", "部数"), KeyHint("F3", "印刷方法"), KeyHint("Enter", "印刷"),
         KeyHint("ESC", "戻る")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("印刷する帳票の部数を指定してください（0部は印刷しません）。")
        canvas.line("印刷方法  \(mode.label)")
        canvas.blank()
        if forms.isEmpty {
            canvas.line("登録されている帳票がありません。管理者に連絡してください。")
        }
        for (index, form) in forms.enumerated() {
            let marker = index == cursor ? "> " : "  "
            let printed = app.currentCase?.printedCopies[form.id].map { "  （印刷済 \($0)部）" } ?? ""
            canvas.line("\(marker)[\(copies[index])部] \(form.title)\(printed)", style: index == cursor ? .reverse : .normal)
        }
        canvas.blank()
        let chosen = copies.filter { $0 > 0 }
        canvas.line("選択  \(chosen.count)種類 \(chosen.reduce(0, +))部")
    }

    func handle(_ action: Action, _ app: AppContext) {
        let before = copies
        defer {
            // 「選ばれていません」 goes as soon as a count changes.
            if copies != before, app.message?.isError == true { app.message = nil }
        }
        switch action {
        case .previous where !forms.isEmpty:
            cursor = (cursor + forms.count - 1) % forms.count
        case .next where !forms.isEmpty:
            cursor = (cursor + 1) % forms.count
        case .increase where !forms.isEmpty:
            copies[cursor] = min(PreprintRequest.copyRange.upperBound, copies[cursor] + 1)
        case .decrease where !forms.isEmpty:
            copies[cursor] = max(0, copies[cursor] - 1)
        case .text(" ") where !forms.isEmpty:
            copies[cursor] = copies[cursor] == 0 ? 1 : 0
        case .text(let character) where !forms.isEmpty && character.wholeNumberValue != nil && character.isASCII:
            copies[cursor] = character.wholeNumberValue ?? 0
        case .function(3):
            mode = mode == .overlay ? .full : .overlay
        case .confirm:
            let jobs = forms.indices.filter { copies[$0] > 0 }.map { PrintScreen.Line(form: forms[$0], copies: copies[$0]) }
            guard !jobs.isEmpty else {
                app.showError(FormChoiceError.nothingChosen)
                return
            }
            app.show(PrintScreen(jobs: jobs, mode: mode))
        case .back:
            app.show(ConfirmScreen())
        default:
            break
        }
    }
}

/// A form choice that cannot be printed.
enum FormChoiceError: UserFacingError {
    /// Every form has 0 copies.
    case nothingChosen

    var userMessage: String {
        "印刷する帳票が選ばれていません。部数を1部以上にしてから Enter を押してください。"
    }
}
