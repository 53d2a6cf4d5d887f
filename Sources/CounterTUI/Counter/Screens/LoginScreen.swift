import CounterCore
import CounterService
import CounterStore

/// 職員ログイン: clerk id and masked password; switches to first-run setup when no clerk exists.
final class LoginScreen: Screen {
    private var form = FieldForm([
        TextField("職員ID", kind: .identifier, maxLength: 32),
        TextField("パスワード", masked: true, maxLength: 128),
    ])
    private var checking = false

    var title: String { "ログイン" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "次へ・ログイン"), KeyHint("上下", "項目移動"), KeyHint("BS", "1文字消す"), KeyHint("F10", "終了")]
    }

    func didAppear(_ app: AppContext) {
        let clerks = app.services.clerks
        app.run(from: self, { try clerks.needsFirstRunSetup() }) { _, app, result in
            switch result {
            case .success(true): app.show(FirstRunScreen())
            case .success(false): break
            case .failure(let error): app.showError(error)
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("職員IDとパスワードを入力してください。")
        canvas.blank()
        form.draw(&canvas)
        if checking {
            canvas.blank()
            canvas.line("確認しています。しばらくお待ちください。")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !checking else { return }
        if action == .function(10) {
            app.isFinished = true
            return
        }
        guard form.handle(action) == .submitted else { return }
        let clerkID = form[0], password = form[1]
        form[1] = ""
        checking = true
        app.message = nil
        let clerks = app.services.clerks
        app.run(from: self, { try clerks.logIn(clerkID: clerkID, password: password) }) { screen, app, result in
            screen.checking = false
            switch result {
            case .success(let clerk):
                app.clerk = clerk
                app.show(HomeScreen(), message: ("\(clerk.displayName)さんがログインしました。", false))
            case .failure(let error):
                screen.form.focus = 1
                app.showError(error)
            }
        }
    }
}
