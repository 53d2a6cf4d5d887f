import CashlessLedger
import CounterCore
import CounterService
import Foundation

/// 手数料の収納 - 品目: the fee items in force today with a count each (0 to 9 by digit keys, arrows
/// beyond), F4 marks the line under the cursor 公用 (counted, not charged); Enter goes to the payment step.
/// It serves a fee-only case (閲覧, 再交付 …) and the end of a preprinted case whose procedure has a fee.
final class FeeItemsScreen: Screen {
    private let items: [Cashier.PricedItem]
    private var counts: [Int]
    private var exempt: [Bool]
    private var cursor = 0
    private let back: (AppContext) -> Void

    /// The items of `cashier` today; `back` leaves without paying (ESC).
    init(cashier: Cashier, back: @escaping (AppContext) -> Void) {
        items = cashier.items()
        counts = items.map { _ in 0 }
        exempt = items.map { _ in false }
        self.back = back
    }

    var title: String { "手数料の収納 - 品目" }
    var keyHints: [KeyHint] {
        [KeyHint("上下", "品目"), KeyHint("左右/0-9", "件数"), KeyHint("F4", "公用"), KeyHint("Enter", "支払へ"),
         KeyHint("ESC", "戻る")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("手数料の品目と件数を指定してください（0件は含めません）。")
        canvas.blank()
        guard !items.isEmpty else {
            canvas.line("本日の手数料表に品目がありません。管理者に連絡してください。")
            return
        }
        let visible = max(1, canvas.rowsLeft - 2)
        let first = max(0, min(cursor - visible + 1, items.count - visible))
        for index in items.indices.dropFirst(first).prefix(visible) {
            let item = items[index]
            let head = "\(index == cursor ? "> " : "  ")[\(counts[index])件] "
            let tail = exempt[index] ? "  公用" : "  \(item.fee)"
            let label = DisplayWidth.cut(item.label, toWidth: canvas.width - DisplayWidth.of(head) - DisplayWidth.of(tail))
            canvas.line(head + label + tail, style: index == cursor ? .reverse : .normal)
        }
        canvas.blank()
        if let total = try? app.services.cashier?.quote(lines).total {
            canvas.line("合計  \(total)", style: .bold)
        }
    }

    /// The lines chosen (count above 0), in the fee table's order.
    private var lines: [OrderLine] {
        items.indices.filter { counts[$0] > 0 }.map { OrderLine(code: items[$0].code, quantity: counts[$0], exempt: exempt[$0]) }
    }

    func handle(_ action: Action, _ app: AppContext) {
        let limit = PaymentRules.maximumQuantity
        switch action {
        case .previous where !items.isEmpty: cursor = (cursor + items.count - 1) % items.count
        case .next where !items.isEmpty: cursor = (cursor + 1) % items.count
        case .increase where !items.isEmpty: counts[cursor] = min(limit, counts[cursor] + 1)
        case .decrease where !items.isEmpty: counts[cursor] = max(0, counts[cursor] - 1)
        case .text(let character) where !items.isEmpty && character.isASCII && character.wholeNumberValue != nil:
            counts[cursor] = min(limit, character.wholeNumberValue ?? 0)
        case .function(4) where !items.isEmpty: exempt[cursor].toggle()
        case .confirm:
            pay(app)
        case .back:
            back(app)
        default:
            break
        }
    }

    private func pay(_ app: AppContext) {
        guard let cashier = app.services.cashier, let open = app.currentCase else { return }
        let lines = lines
        guard !lines.isEmpty else {
            app.showError(FeeChoiceError.nothingChosen)
            return
        }
        do {
            let quote = try cashier.quote(lines)
            let payment = open.beginPayment(on: cashier)
            app.show(PaymentScreen(settlement: .fees(payment, lines), items: quote.items, total: quote.total,
                                   brands: cashier.brands(), back: { [self] app in app.show(self) },
                                   paid: { app, receipt in
                                       app.show(PaymentDoneScreen(receipt: receipt) { app in
                                           app.show(CaseEndScreen(cancelled: false))
                                       })
                                   }))
        } catch {
            app.showError(error)
        }
    }
}

/// A fee choice that cannot be paid.
enum FeeChoiceError: UserFacingError {
    /// Every item has 0.
    case nothingChosen

    var userMessage: String { "品目が選ばれていません。件数を1件以上にしてから Enter を押してください。" }
}

/// 本日の収納一覧: this terminal's payments of today, newest last, with their cancellations; F7 cancels the
/// one under the cursor with a 係長's approval (取消).
final class PaymentListScreen: Screen {
    private var listings: [Cashier.Listing] = []
    private var loaded = false
    private var cursor = 0

    var title: String { "本日の収納一覧" }
    var keyHints: [KeyHint] { [KeyHint("上下", "支払"), KeyHint("F7", "取消（係長）"), KeyHint("ESC", "メニューへ")] }

    func didAppear(_ app: AppContext) {
        reload(app)
    }

    /// Reads today's payments again (after a cancellation).
    func reload(_ app: AppContext) {
        guard let cashier = app.services.cashier else { return }
        app.run(from: self, { try cashier.payments() }) { screen, app, result in
            screen.loaded = true
            switch result {
            case .success(let listings):
                // First shown on the newest payment; after a cancellation, where the clerk left it.
                let first = screen.listings.isEmpty
                screen.listings = listings
                screen.cursor = first ? max(0, listings.count - 1) : min(screen.cursor, max(0, listings.count - 1))
            case .failure(let error):
                app.showError(error)
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        guard loaded else {
            canvas.line("読み込んでいます。")
            return
        }
        let live = listings.filter { $0.cancellation == nil }
        let sum = (try? Yen.sum(live.map(\.payment.total))) ?? .zero
        canvas.line("本日 \(listings.count)件（取消 \(listings.count - live.count)件）  収納額 \(sum)", style: .bold)
        canvas.blank()
        guard !listings.isEmpty else {
            canvas.line("本日の収納はまだありません。")
            return
        }
        let visible = max(1, canvas.rowsLeft)
        let first = max(0, min(cursor - visible + 1, listings.count - visible))
        for index in listings.indices.dropFirst(first).prefix(visible) {
            let listing = listings[index]
            canvas.line((index == cursor ? "> " : "  ") + describe(listing, app), style: index == cursor ? .reverse : .normal)
        }
    }

    /// 「10:05 1A2B-3C4D 現金 1,300円 住民基本台帳の閲覧 ほか  取消済」.
    private func describe(_ listing: Cashier.Listing, _ app: AppContext) -> String {
        let payment = listing.payment
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let time = calendar.dateComponents([.hour, .minute], from: payment.recordedAt)
        let clock = String(format: "%02d:%02d", time.hour ?? 0, time.minute ?? 0)
        let method: String
        switch payment.tender {
        case .cash: method = "現金"
        case .cashless(let brandID, _, _):
            method = app.services.cashier?.catalog.brand(id: brandID)?.displayName ?? brandID
        }
        let what = (payment.items.first?.label ?? "") + (payment.items.count > 1 ? " ほか" : "")
        let marker = listing.cancellation == nil ? "" : "  取消済"
        return "\(clock) \(payment.id.shortNumber) \(method) \(payment.total) \(what)\(marker)"
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .previous where !listings.isEmpty:
            cursor = max(0, cursor - 1)
        case .next where !listings.isEmpty:
            cursor = min(listings.count - 1, cursor + 1)
        case .function(7) where !listings.isEmpty:
            let listing = listings[cursor]
            guard listing.cancellation == nil else {
                app.showError(LedgerError.alreadyCancelled)
                return
            }
            app.show(CancelScreen(payment: listing.payment, list: self))
        case .back:
            app.show(HomeScreen())
        default:
            break
        }
    }
}

/// 取消: the reason (from the list in seeds) and, where the reason needs it, a note; then a 係長's id and
/// password. The ledger records a reversing entry naming the payment; a cashless charge is first
/// cancelled on the connected payment terminal.
final class CancelScreen: Screen {
    private let payment: Payment
    private let list: PaymentListScreen
    private var reasonCursor = 0
    private var note = TextField("理由の説明", maxLength: PaymentRules.maximumNoteLength)

    init(payment: Payment, list: PaymentListScreen) {
        self.payment = payment
        self.list = list
    }

    var title: String { "支払の取消" }
    var keyHints: [KeyHint] { [KeyHint("上下", "取消理由"), KeyHint("Enter", "係長の承認へ"), KeyHint("ESC", "一覧へ")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("取り消す支払: \(payment.id.shortNumber)  \(payment.tender.method.label)  \(payment.total)",
                    style: .bold)
        canvas.line("取消理由を選んでください（必要なら説明を入力）。")
        for (index, reason) in reasons(app).enumerated() {
            canvas.line("\(index == reasonCursor ? "> " : "  ")\(reason.label)", style: index == reasonCursor ? .reverse : .normal)
        }
        canvas.input(note, focused: true, labelWidth: 12)
    }

    private func reasons(_ app: AppContext) -> [CancelReason] { app.services.cashier?.cancelReasons ?? [] }

    func handle(_ action: Action, _ app: AppContext) {
        let reasons = reasons(app)
        switch action {
        case .previous where !reasons.isEmpty: reasonCursor = (reasonCursor + reasons.count - 1) % reasons.count
        case .next where !reasons.isEmpty: reasonCursor = (reasonCursor + 1) % reasons.count
        case .back: app.show(list)
        case .confirm where !reasons.isEmpty:
            let reason = reasons[reasonCursor]
            guard !reason.requiresNote || !note.value.isEmpty else {
                app.showError(LedgerError.noteRequired)
                return
            }
            guard let cashier = app.services.cashier, let clerk = app.clerk else { return }
            let terminal = app.services.paymentTerminal
            let paymentID = payment.id, text = note.value.isEmpty ? nil : note.value
            let refund = payment.tender.method == .cash ? "現金 \(payment.total) を返金してください。"
                : (terminal == nil ? "決済端末でも取り消してください。" : "決済端末の取消も済みました。")
            // One id for every attempt of this cancellation: a retry never cancels twice.
            let cancellationID = UUID()
            let list = list
            app.showOverlay(ApprovalScreen(task: "支払の取消", approvedBy: { approver in
                let request = CancellationRequest(id: cancellationID, paymentID: paymentID, actor: .clerk(id: clerk.id),
                                                  channel: .counter, supervisorID: approver.id,
                                                  reasonCode: reason.code, note: text)
                if let terminal {
                    _ = try await cashier.cancel(request, supervisorPassword: approver.password, through: terminal)
                } else {
                    _ = try cashier.cancel(request, supervisorPassword: approver.password)
                }
                return "支払 \(paymentID.shortNumber) を取り消しました。\(refund)"
            }, afterwards: { app in
                app.show(list)
            }))
        default:
            _ = note.apply(action)
        }
    }
}
