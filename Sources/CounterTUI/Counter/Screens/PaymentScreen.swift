import CashlessLedger
import CounterCore
import CounterService

/// 手数料の支払: the payment step every fee-taking flow reuses. It shows what is paid and the total, asks
/// the method (1 現金, 2 キャッシュレス), then for cash the amount received with the change in large digits,
/// for cashless the brand and the slip number keyed from a stand-alone terminal — or, with a payment terminal
/// connected, the charge on the terminal. Nothing is recorded until the ledger has the payment durably; a
/// failed attempt is retried under the same payment id, so it can never be recorded twice.
final class PaymentScreen: Screen {
    /// How the step records the payment: keyed (cash, or a slip from a stand-alone terminal) or charged on the
    /// connected payment terminal. A fee alone pays through the case's step; a certificate records the payment
    /// with its issuance in one transaction.
    struct Settlement {
        let keyed: @Sendable (TenderInput) throws -> Cashier.Receipt
        let charged: @Sendable (any PaymentTerminal) async throws -> Cashier.Receipt

        /// Fee items `lines` paid through the case's payment step.
        static func fees(_ payment: CasePayment, _ lines: [OrderLine]) -> Settlement {
            Settlement(keyed: { tender in try payment.pay(lines, tender: tender) },
                       charged: { terminal in try await payment.pay(lines, through: terminal) })
        }
    }

    /// What the step is doing.
    private enum Step: Equatable {
        case method
        case cash
        case cashless
        case paying
    }

    private let settlement: Settlement
    private let items: [PaidItem]
    private let total: Yen
    private let brands: [PaymentBrand]
    private let back: (AppContext) -> Void
    private let paid: (AppContext, Cashier.Receipt) -> Void
    private var step = Step.method
    private var received = TextField("お預かり金額", kind: .digits, maxLength: 9)
    private var slip = TextField("伝票番号", kind: .identifier, maxLength: PaymentRules.maximumSlipLength)
    private var brandCursor = 0
    /// The method chosen before paying (for the line shown while the ledger writes).
    private var chosen = PaymentMethod.cash

    /// The step for `items` (their `total`) recorded by `settlement`; `back` leaves it unpaid (ESC on the
    /// method), `paid` continues the flow with the recorded payment.
    init(settlement: Settlement, items: [PaidItem], total: Yen, brands: [PaymentBrand],
         back: @escaping (AppContext) -> Void, paid: @escaping (AppContext, Cashier.Receipt) -> Void) {
        self.settlement = settlement
        self.items = items
        self.total = total
        self.brands = brands
        self.back = back
        self.paid = paid
    }

    var title: String { "手数料の支払" }
    var keyHints: [KeyHint] {
        switch step {
        case .method where total == .zero: return [KeyHint("Enter", "記録（0円）"), KeyHint("ESC", "戻る")]
        case .method: return [KeyHint("1", "現金"), KeyHint("2", "キャッシュレス"), KeyHint("ESC", "戻る")]
        case .cash: return [KeyHint("Enter", "支払を記録"), KeyHint("ESC", "支払方法へ")]
        case .cashless where terminalConnected: return [KeyHint("Enter", "決済端末で支払"), KeyHint("ESC", "支払方法へ")]
        case .cashless: return [KeyHint("上下", "ブランド"), KeyHint("Enter", "支払を記録"), KeyHint("ESC", "支払方法へ")]
        case .paying: return []
        }
    }

    /// True when cashless payments are charged on a connected payment terminal (set when shown).
    private var terminalConnected = false

    func didAppear(_ app: AppContext) {
        terminalConnected = app.services.paymentTerminal != nil
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        for item in items {
            let amount = item.exempt ? "公用（免除）" : (try? item.amount()).map(\.description) ?? "-"
            canvas.line("\(item.label)  \(item.quantity)件  \(amount)")
        }
        canvas.line("合計  \(total)", style: .bold)
        canvas.blank()
        switch step {
        case .method where total == .zero:
            canvas.paragraph("公用のため手数料はかかりません。Enter で記録します。")
        case .method:
            canvas.line("支払方法を選んでください。")
            canvas.line("1  現金")
            canvas.line("2  キャッシュレス（クレジット・電子マネー・コード決済）")
        case .cash:
            canvas.input(received, focused: true, labelWidth: 14)
            let amount = receivedAmount
            if let amount, amount >= total, let change = try? amount.subtracting(total) {
                canvas.bigNumber("おつり", change.grouped)
            } else if amount != nil {
                canvas.line("お預かり金額が合計に足りません。", style: .bold)
            } else {
                canvas.line("お預かりした金額を入力してください（合計と同じなら空のまま Enter）。")
            }
        case .cashless where terminalConnected:
            canvas.paragraph("Enter を押すと決済端末に \(total) を送ります。お客様に決済端末でお支払いいただいてください。")
        case .cashless:
            canvas.line("決済端末で支払を済ませてから、ブランドと伝票番号を入力してください。")
            drawBrands(&canvas)
            canvas.input(slip, focused: true, labelWidth: 14)
        case .paying:
            if chosen == .cashless && terminalConnected {
                canvas.line("決済端末で処理しています。お客様の操作が終わるまでお待ちください。", style: .bold)
            } else {
                canvas.line("支払を記録しています。", style: .bold)
            }
        }
    }

    /// The brand list around the cursor, as many as the rows left allow (the slip field below keeps a row).
    private func drawBrands(_ canvas: inout Canvas) {
        let visible = max(1, canvas.rowsLeft - 2)
        let first = max(0, min(brandCursor - visible / 2, brands.count - visible))
        for index in brands.indices.dropFirst(first).prefix(visible) {
            let brand = brands[index]
            // 「* 」, not 「> 」: the slip field below has the input focus.
            let marker = index == brandCursor ? "* " : "  "
            canvas.line("\(marker)\(brand.displayName)（\(brand.group.label)）", style: index == brandCursor ? .reverse : .normal)
        }
    }

    /// The amount typed, or nil while the field is empty or not a number.
    private var receivedAmount: Yen? {
        Int64(received.value).flatMap { $0 >= 0 ? Yen($0) : nil }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch step {
        case .paying:
            return
        case .method:
            switch action {
            case .confirm where total == .zero: record(.cash(received: nil), app)
            case .text("1") where total != .zero: step = .cash
            case .text("2") where total != .zero:
                guard terminalConnected || !brands.isEmpty else {
                    app.showError(PaymentStepError.noBrands)
                    return
                }
                step = .cashless
            case .back: back(app)
            default: break
            }
        case .cash:
            switch action {
            case .back:
                step = .method
            case .confirm:
                guard received.value.isEmpty || receivedAmount != nil else {
                    app.showError(PaymentStepError.receivedNotANumber)
                    return
                }
                record(.cash(received: receivedAmount), app)
            default:
                _ = received.apply(action)
            }
        case .cashless:
            switch action {
            case .back: step = .method
            case .previous where !brands.isEmpty: brandCursor = (brandCursor + brands.count - 1) % brands.count
            case .next where !brands.isEmpty: brandCursor = (brandCursor + 1) % brands.count
            case .confirm where terminalConnected: charge(app)
            case .confirm: record(.cashless(brandID: brands[brandCursor].id, slip: slip.value.isEmpty ? nil : slip.value), app)
            default: if !terminalConnected { _ = slip.apply(action) }
            }
        }
    }

    /// Records a cash or keyed-slip payment.
    private func record(_ tender: TenderInput, _ app: AppContext) {
        let keyed = settlement.keyed
        if case .cash = tender { chosen = .cash } else { chosen = .cashless }
        start(app) { try keyed(tender) }
    }

    /// Charges the total on the connected payment terminal.
    private func charge(_ app: AppContext) {
        guard let terminal = app.services.paymentTerminal else { return }
        let charged = settlement.charged
        chosen = .cashless
        start(app) { try await charged(terminal) }
    }

    private func start(_ app: AppContext, _ work: @escaping @Sendable () async throws -> Cashier.Receipt) {
        let before = step
        step = .paying
        app.message = nil
        app.run(from: self, work) { screen, app, result in
            switch result {
            case .success(let receipt):
                screen.paid(app, receipt)
            case .failure(let error):
                screen.step = before
                app.showError(error)
            }
        }
    }
}

/// A payment step input the ledger is never asked about.
enum PaymentStepError: UserFacingError {
    /// お預かり金額 is not a whole number of yen.
    case receivedNotANumber
    /// No cashless brand is accepted today.
    case noBrands

    var userMessage: String {
        switch self {
        case .receivedNotANumber: return "お預かり金額は0以上の整数（円）で入力してください。"
        case .noBrands: return "本日使えるキャッシュレスのブランドがありません。現金でお支払いいただくか、管理者に連絡してください。"
        }
    }
}

/// 支払完了: the recorded payment, the change in large digits for cash, the slip number for cashless.
/// Enter continues the flow (the case ends, or the certificate prints).
final class PaymentDoneScreen: Screen {
    private let receipt: Cashier.Receipt
    private let next: (AppContext) -> Void

    init(receipt: Cashier.Receipt, next: @escaping (AppContext) -> Void) {
        self.receipt = receipt
        self.next = next
    }

    var title: String { "手数料の支払 - 完了" }
    var keyHints: [KeyHint] { [KeyHint("Enter", "次へ")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        let payment = receipt.payment
        canvas.line("支払を記録しました（\(payment.tender.method.label)  合計 \(payment.total)）。", style: .bold)
        canvas.line("支払番号 \(payment.id.shortNumber)")
        switch payment.tender {
        case .cash(let received, let change):
            canvas.line("お預かり \(received)")
            canvas.bigNumber("おつり", change.grouped)
            if change != .zero { canvas.line("おつりをお渡しください。") }
        case .cashless(let brandID, let group, let slip):
            let name = app.services.cashier?.catalog.brand(id: brandID)?.displayName ?? brandID
            canvas.line("\(name)（\(group.label)）  伝票番号 \(slip)")
            canvas.line("決済端末の控えをお渡しください。")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        if action == .confirm { next(app) }
    }
}
