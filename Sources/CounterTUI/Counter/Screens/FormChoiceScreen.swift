import CounterCore
import CounterService
import FormPreprint

/// 帳票選択: copies per form (0 to the one copy limit; a digit key sets 0–9 directly) and the print mode
/// (overlay on pre-printed paper or full form), starting in the printer's default mode. The forms come
/// most-used first; a list longer than the screen scrolls with the cursor, and F5 previews the form
/// under the cursor.
final class FormChoiceScreen: Screen {
    private let forms: [FormChoice]
    private var copies: [Int]
    private var cursor = 0
    /// The first form shown (the list scrolls to keep the cursor in view).
    private var firstShown = 0
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
        [KeyHint("上下", "帳票"), KeyHint("左右/0-9", "部数"), KeyHint("F3", "印刷方法"), KeyHint("F5", "プレビュー"),
         KeyHint("Enter", "印刷"), KeyHint("ESC", "戻る")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("印刷する帳票の部数を指定してください（0部は印刷しません）。")
        canvas.line("印刷方法  \(mode.label)")
        canvas.blank()
        if forms.isEmpty {
            canvas.line("登録されている帳票がありません。管理者に連絡してください。")
        }
        // The rows the list may take: all but the blank and the summary below it.
        let visible = max(1, canvas.rowsLeft - 2)
        if cursor < firstShown { firstShown = cursor }
        if cursor >= firstShown + visible { firstShown = cursor - visible + 1 }
        firstShown = max(0, min(firstShown, forms.count - visible))
        let shown = forms.indices.dropFirst(firstShown).prefix(visible)
        for index in shown {
            let form = forms[index]
            let marker = index == cursor ? "> " : "  "
            let printed = app.currentCase?.printedCopies[form.id].map { "  （印刷済 \($0)部）" } ?? ""
            let head = "\(marker)[\(copies[index])部] "
            // The title gives way, never the count or the printed mark.
            let room = canvas.width - DisplayWidth.of(head) - DisplayWidth.of(printed)
            let title = DisplayWidth.cut(form.title, toWidth: room)
            canvas.line(head + title + printed, style: index == cursor ? .reverse : .normal)
        }
        let above = shown.first ?? 0, below = forms.count - (shown.last.map { $0 + 1 } ?? 0)
        if above > 0 || below > 0 {
            canvas.line("  " + [above > 0 ? "↑ 上に\(above)件" : nil, below > 0 ? "↓ 下に\(below)件" : nil]
                .compactMap { $0 }.joined(separator: "  "))
        } else {
            canvas.blank()
        }
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
        case .function(5) where !forms.isEmpty:
            do {
                guard let preview = try app.currentCase?.preview(forms[cursor]) else { return }
                app.show(PreviewScreen(preview, returningTo: self))
            } catch {
                app.showError(error)
            }
        case .confirm:
            let jobs = forms.indices.filter { copies[$0] > 0 }.map { PrintScreen.Line(form: forms[$0], copies: copies[$0]) }
            guard !jobs.isEmpty else {
                app.showError(FormChoiceError.nothingChosen)
                return
            }
            let mode = mode
            let again = jobs.filter { (app.currentCase?.printedCopies[$0.form.id] ?? 0) > 0 }.map(\.form.title)
            guard again.isEmpty else {
                // A second copy of a form already handed over is never printed by one key.
                app.showOverlay(Question(title: "再印刷の確認", question: "印刷済の帳票をもう一度印刷しますか？",
                                         detail: again.joined(separator: "、") + " はこの受付ですでに印刷しています。",
                                         yes: "もう一度印刷する", no: "帳票選択に戻る") { app in
                    app.show(PrintScreen(jobs: jobs, mode: mode))
                })
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
