import CounterCore
import CounterService
import CounterStore

/// 係長の承認: a 係長 (or an administrator) types their own id and password at the clerk's terminal
/// to approve one task; then the task runs and the screen underneath returns with its result.
/// ESC goes back without doing anything. Failures count toward the approver's lockout.
final class ApprovalScreen: Screen {
    /// The approver's id and password as typed, for a task whose use case checks them itself (a ledger
    /// cancellation or close records who approved).
    typealias Approver = (id: String, password: String)

    private let task: String
    private let work: @Sendable (Approver) async throws -> String
    private let checksApprover: Bool
    /// Runs on the UI thread after the task succeeded (the screen underneath reloads).
    private var afterwards: ((AppContext) -> Void)?
    private var form = FieldForm([
        TextField("係長の職員ID", kind: .identifier, maxLength: 32),
        TextField("パスワード", masked: true, maxLength: 128),
    ])
    private var checking = false

    /// Approves `task` (a Japanese noun such as プリンタの再開), then runs `work`, whose result is the
    /// message shown afterwards.
    convenience init(task: String, work: @escaping @Sendable () async throws -> String) {
        self.init(task: task, checksApprover: true) { _ in try await work() }
    }

    /// Runs `work` with the approver's id and password, which `work`'s use case checks itself (and records).
    /// `afterwards` runs once the task succeeded, on the UI thread.
    init(task: String, approvedBy work: @escaping @Sendable (Approver) async throws -> String,
         afterwards: ((AppContext) -> Void)? = nil) {
        self.task = task
        self.work = work
        self.afterwards = afterwards
        checksApprover = false
    }

    private init(task: String, checksApprover: Bool, work: @escaping @Sendable (Approver) async throws -> String) {
        self.task = task
        self.work = work
        self.checksApprover = checksApprover
    }

    var title: String { "係長の承認 - \(task)" }
    var keyHints: [KeyHint] { [KeyHint("Enter", "次へ・承認"), KeyHint("上下", "項目移動"), KeyHint("ESC", "やめる")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("\(task)には係長（または管理者）の承認が必要です。", style: .bold)
        canvas.line("係長ご本人が職員IDとパスワードを入力してください。")
        canvas.blank()
        form.draw(&canvas, labelWidth: 14)
        if checking {
            canvas.blank()
            canvas.line("確認しています。しばらくお待ちください。")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !checking else { return }
        if action == .back {
            app.removeOverlay()
            return
        }
        guard form.handle(action) == .submitted else { return }
        let clerkID = form[0], password = form[1], task = task, work = work, checksApprover = checksApprover
        form[1] = ""
        checking = true
        app.message = nil
        let clerks = app.services.clerks
        app.run(from: self, {
            if checksApprover { _ = try clerks.approve(task, clerkID: clerkID, password: password) }
            return try await work((clerkID, password))
        }) { screen, app, result in
            screen.checking = false
            switch result {
            case .success(let done):
                app.removeOverlay()
                screen.afterwards?(app)
                app.showNote(done)
            case .failure(let error):
                screen.form.focus = 1
                app.showError(error)
            }
        }
    }
}

/// ロック解除: an administrator lifts a clerk's lockout from the counter UI, choosing among the
/// locked clerks.
final class ClerkUnlockScreen: Screen {
    private var locked: [Clerk] = []
    private var cursor = 0
    private var loaded = false

    var title: String { "職員のロック解除" }
    var keyHints: [KeyHint] { [KeyHint("上下", "職員"), KeyHint("Enter", "ロック解除"), KeyHint("ESC", "メニューへ")] }

    func didAppear(_ app: AppContext) {
        let clerks = app.services.clerks
        app.run(from: self, { try clerks.lockedClerks() }) { screen, app, result in
            screen.loaded = true
            switch result {
            case .success(let clerks): screen.locked = clerks
            case .failure(let error): app.showError(error)
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        guard loaded else {
            canvas.line("読み込んでいます。")
            return
        }
        guard !locked.isEmpty else {
            canvas.line("ロックされている職員はいません。")
            return
        }
        canvas.line("パスワードを\(ClerkRepository.maximumFailedLogins)回続けて間違えてロックされた職員です。")
        canvas.line("ご本人であることを確かめてから解除してください。")
        canvas.blank()
        for (index, clerk) in locked.enumerated() {
            canvas.line("\(index == cursor ? "> " : "  ")\(clerk.displayName)（\(clerk.id)、\(clerk.role.label)）",
                        style: index == cursor ? .reverse : .normal)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .previous where !locked.isEmpty: cursor = (cursor + locked.count - 1) % locked.count
        case .next where !locked.isEmpty: cursor = (cursor + 1) % locked.count
        case .confirm where !locked.isEmpty:
            guard let administrator = app.clerk else { return }
            let chosen = locked[cursor], clerks = app.services.clerks
            app.run(from: self, { try clerks.unlock(clerkID: chosen.id, by: administrator) }) { screen, app, result in
                switch result {
                case .success:
                    screen.locked.removeAll { $0.id == chosen.id }
                    screen.cursor = min(screen.cursor, max(0, screen.locked.count - 1))
                    app.showNote("\(chosen.displayName)さんのロックを解除しました。")
                case .failure(let error):
                    app.showError(error)
                }
            }
        case .back:
            app.show(HomeScreen())
        default:
            break
        }
    }
}

extension UIRuntime where Mode == CounterMode {
    /// Asks a 係長's approval, then restarts the stopped printer (F8 on the menu and the print screen).
    func askToResumePrinter() {
        let printing = services.printing
        showOverlay(ApprovalScreen(task: "プリンタの再開") {
            try await printing.resumePrinter()
            return "プリンタを再開しました。止まった帳票は F2 で印刷し直せます。"
        })
    }
}
