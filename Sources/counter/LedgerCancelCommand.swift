import ArgumentParser
import CashlessLedger
import CounterCore
import Foundation

/// `counter ledger cancel`: cancels a payment of today with a supervisor's approval (password on stdin).
struct LedgerCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "本日の支払を取り消します（係長の承認が必要。パスワードは標準入力の1行目から読みます）。",
        discussion: "取消は元の支払を打ち消す記録として追記されます。取消理由: cancel-reasons.json のコード。")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var clerkOption: ClerkOption

    @Argument(help: "取り消す支払の ID（UUID）")
    var payment: String

    @Option(help: "取消理由のコード（wrong-amount、withdrawn、other など）")
    var reason: String

    @Option(help: "理由の説明（理由が other のときは必須）")
    var note: String?

    @Option(help: "承認する係長の職員 ID")
    var supervisor: String

    @Option(help: "取消 ID（UUID。再試行では最初と同じ ID を指定）")
    var cancelId: String?

    @Flag(help: "結果を JSON で出力します")
    var json = false

    func validate() throws {
        guard UUID(uuidString: payment) != nil else {
            throw ValidationError("取り消す支払の ID は UUID（xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx）で指定してください")
        }
        try requireIdentifier(supervisor, option: "--supervisor")
        if let cancelId, UUID(uuidString: cancelId) == nil {
            throw ValidationError("--cancel-id は UUID で指定してください")
        }
    }

    struct CancellationJSON: Encodable {
        var cancellationId: String, paymentId: String, amount: Int64, reason: String, supervisor: String
    }

    func run() throws {
        let password = try readSupervisorPassword()
        let request = CancellationRequest(id: cancelId.flatMap(UUID.init(uuidString:)) ?? UUID(),
                                          paymentID: UUID(uuidString: payment)!, actor: clerkOption.actor, channel: .cli,
                                          supervisorID: supervisor, reasonCode: reason, note: note)
        let cancellation = try ledger.cashier().cancel(request, supervisorPassword: password)
        if json {
            try printJSON(CancellationJSON(cancellationId: cancellation.id.uuidString,
                                           paymentId: cancellation.paymentID.uuidString,
                                           amount: cancellation.amount.amount, reason: cancellation.reasonCode,
                                           supervisor: cancellation.supervisorID))
            return
        }
        printOut("支払 \(cancellation.paymentID.uuidString) を取り消しました（\(cancellation.amount)、取消 \(cancellation.id.uuidString)）。")
    }
}
