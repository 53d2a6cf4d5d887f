import CounterCore
import CounterService
import CounterStore

/// 画面ロック: shown over the current step after the idle timeout. Hides the case (nothing of it is
/// drawn) until the logged-in clerk types the password again; F9 logs out and ends the case.
final class IdleLockScreen: Screen {
    private let clerk: Clerk
    private var password = TextField("パスワード", masked: true, maxLength: 128)
    private var checking = false

    init(clerk: Clerk) {
        self.clerk = clerk
    }

    var title: String { "画面ロック" }
    var keyHints: [KeyHint] {
        [KeyHint("Enter", "ロック解除"), KeyHint("BS", "1文字消す"), KeyHint("F9", "ログアウト")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.paragraph("一定時間操作がなかったため、画面をロックしました。")
        canvas.paragraph("続けるには \(clerk.displayName)（\(clerk.id)）のパスワードを入力してください。")
        canvas.blank()
        canvas.field(password.label, password.shown + "_", marker: "> ")
        if checking {
            canvas.blank()
            canvas.line("確認しています。しばらくお待ちください。")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !checking else { return }
        switch action {
        case .function(9):
            app.logOut(message: "ログアウトしました。受付は中止として記録しました。")
        case .confirm:
            verify(app)
        default:
            _ = password.apply(action)
        }
    }

    private func verify(_ app: AppContext) {
        let clerk = self.clerk, typed = password.value
        password.value = ""
        checking = true
        app.message = nil
        let clerks = app.services.clerks
        app.run(from: self, { try clerks.resume(clerk, password: typed) }) { screen, app, result in
            screen.checking = false
            switch result {
            case .success:
                app.unlock()
                app.showNote("ロックを解除しました。")
            case .failure(ClerkError.lockedOut):
                app.logOut(message: userMessage(for: ClerkError.lockedOut), isError: true)
            case .failure(let error):
                app.showError(error)
            }
        }
    }
}
