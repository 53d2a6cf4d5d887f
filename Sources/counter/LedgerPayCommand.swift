import ArgumentParser
import CashlessLedger
import CounterCore
import Foundation

/// `counter ledger pay`: records one payment of one request, durable before it answers.
struct LedgerPayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "1件の申請の支払を記録します（現金またはキャッシュレス）。",
        discussion: """
            同じ --payment-id で同じ内容をもう一度実行すると、最初の記録をそのまま返します（再試行に使えます）。
            公用（免除）の品目は --item コード:数量:exempt と指定します。
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var clerkOption: ClerkOption

    @Option(help: "支払う申請の ID（半角英数字と - _ .）")
    var request: String

    @Option(name: .customLong("item"), parsing: .singleValue, help: "品目: コード:数量（公用は コード:数量:exempt）。複数指定できます")
    var items: [String] = []

    @Option(help: "支払方法: cash（現金）| cashless（キャッシュレス）")
    var method: String

    @Option(help: "キャッシュレスのブランド ID（visa、icoca、paypay など）")
    var brand: String?

    @Option(help: "決済端末の伝票番号（承認番号）")
    var slip: String?

    @Option(help: "現金の受取金額（円。省略時は合計と同額）")
    var cashReceived: String?

    @Option(help: "支払 ID（UUID。再試行では最初と同じ ID を指定）")
    var paymentId: String?

    @Flag(help: "結果を JSON で出力します")
    var json = false

    func validate() throws {
        try requireIdentifier(request, option: "--request")
        guard PaymentMethod(rawValue: method) != nil else {
            throw ValidationError("--method は cash（現金）か cashless（キャッシュレス）で指定してください")
        }
        guard !items.isEmpty else { throw ValidationError("--item で品目を1つ以上指定してください（コード:数量）") }
        _ = try lines()
        _ = try parseYen(cashReceived, option: "--cash-received")
        if let paymentId, UUID(uuidString: paymentId) == nil {
            throw ValidationError("--payment-id は UUID（xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx）で指定してください")
        }
    }

    func run() throws {
        let tender: TenderInput
        if method == PaymentMethod.cash.rawValue {
            guard brand == nil, slip == nil else { throw LedgerError.methodMismatch }
            tender = .cash(received: try parseYen(cashReceived, option: "--cash-received"))
        } else {
            guard cashReceived == nil else { throw LedgerError.methodMismatch }
            guard let brand else { throw ValidationError("キャッシュレスでは --brand でブランドを指定してください") }
            tender = .cashless(brandID: brand, slip: slip)
        }
        let order = PaymentOrder(id: paymentId.flatMap(UUID.init(uuidString:)) ?? UUID(), requestID: request,
                                 actor: clerkOption.actor, channel: .cli, lines: try lines(), tender: tender)
        let cashier = try ledger.cashier()
        if let position = order.lines.firstIndex(where: { cashier.catalog.item(code: $0.code)?.certificate == true }) {
            throw LedgerError.certificateFee(position: position + 1)
        }
        let receipt = try cashier.pay(order)
        let payment = receipt.payment
        if json {
            try printJSON(PaymentJSON(payment, recordedBefore: receipt.wasRecordedBefore))
            return
        }
        var line = "支払 \(payment.id.uuidString) を記録しました: 合計 \(payment.total)（\(payment.tender.method.label)）"
        if case .cash(let received, let change) = payment.tender { line += " 受取 \(received) お釣り \(change)" }
        if receipt.wasRecordedBefore { line += "（記録済みの支払です。変更はありません）" }
        printOut(line)
    }

    /// `CODE:QTY` or `CODE:QTY:exempt`, each checked (the position is named, never the text).
    private func lines() throws -> [OrderLine] {
        try items.enumerated().map { index, text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (2...3).contains(parts.count), !parts[0].isEmpty, let quantity = Int(parts[1]),
                  parts.count == 2 || parts[2] == "exempt" else {
                throw ValidationError("\(index + 1)番目の --item は コード:数量（公用は コード:数量:exempt）で指定してください")
            }
            return OrderLine(code: parts[0], quantity: quantity, exempt: parts.count == 3)
        }
    }
}
