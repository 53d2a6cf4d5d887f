import CounterCore
import CounterService
import CounterStore

/// 初期設定: registers the first administrator when the terminal has no clerk yet.
final class FirstRunScreen: Screen {
    private var form = FieldForm([
        TextField("管理者の職員ID", kind: .identifier, maxLength: 32),
        TextField("表示名", maxLength: 40),
        TextField("パスワード", masked: true, maxLength: 128),
        TextField("パスワード（確認）", masked: true, maxLength: 128),
    ])
    private var saving = false

    var title: String { "初期設定（管理者の登録）" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "次へ・登録"), KeyHint("上下", "項目移動"), KeyHint("BS", "1文字消す"), KeyHint("F10", "終了")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("この端末には職員が登録されていません。")
        canvas.line("最初に管理者を登録してください（パスワードは8文字以上）。")
        canvas.blank()
        form.draw(&canvas, labelWidth: 20)
        if saving {
            canvas.blank()
            canvas.line("登録しています。しばらくお待ちください。")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !saving else { return }
        if action == .function(10) {
            app.isFinished = true
            return
        }
        guard form.handle(action) == .submitted else { return }
        let clerkID = form[0], displayName = form[1], password = form[2], confirmation = form[3]
        saving = true
        app.message = nil
        let clerks = app.services.clerks
        app.run(from: self, {
            try clerks.createAdministrator(clerkID: clerkID, displayName: displayName, password: password,
                                           confirmation: confirmation)
        }) { screen, app, result in
            screen.saving = false
            switch result {
            case .success(let clerk):
                app.show(LoginScreen(), message: ("管理者「\(clerk.id)」を登録しました。ログインしてください。", false))
            case .failure(let error):
                screen.refocus(after: error)
                app.showError(error)
            }
        }
    }
}

extension FirstRunScreen {
    /// Moves the focus to the field an error is about; a refused password is cleared.
    fileprivate func refocus(after error: any Error) {
        if error as? SetupError == .passwordMismatch {
            form[2] = ""
            form[3] = ""
            form.focus = 2
            return
        }
        switch error as? ClerkError {
        case .invalidClerkID, .alreadyExists: form.focus = 0
        case .emptyDisplayName: form.focus = 1
        case .passwordTooShort:
            form[2] = ""
            form[3] = ""
            form.focus = 2
        default: break
        }
    }
}
