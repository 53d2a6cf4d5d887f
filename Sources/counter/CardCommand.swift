import ArgumentParser
import CounterCore
import Foundation
import MyNumberReader

/// `counter card`: the My Number card tools (status, read the 4 fields, JPKI authentication).
///
/// Exit codes: 0 ok, 1 reader/card problem, 2 wrong PIN, 3 PIN blocked, 4 not a My Number card,
/// 5 authentication refused, 6 PIN not 4 digits. Messages go to stderr in Japanese.
struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "マイナンバーカードの状態確認・基本4情報の読取・公的個人認証",
        subcommands: [CardStatusCommand.self, CardReadCommand.self, CardAuthCommand.self])
}

/// Options shared by the card subcommands.
struct CardOptions: ParsableArguments {
    @Option(help: "使うカードリーダー名（省略時はカードが置かれた最初のリーダー）") var reader: String?
    @Flag(help: "結果を JSON で標準出力に出します") var json = false
    @Option(help: "カードが置かれるまで待つ秒数（0 = 待たない）") var wait: Int = 0

    /// How long to wait for a card.
    var waitDuration: Duration { .seconds(max(0, wait)) }
}

/// `counter card status`.
struct CardStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "リーダーとカードの状態、暗証番号の残り回数を表示します")

    @OptionGroup var options: CardOptions

    func run() throws {
        try CardFailure.exitOnError {
            let access = try CardReaderAccess()
            var readers = try access.readers()
            if let name = options.reader {
                readers = readers.filter { $0.name == name }
                if readers.isEmpty { throw CardError.readerNotFound(name) }
            }
            let statuses = try readers.map { state -> CardStatus in
                guard state.cardPresent else { return CardStatus(reader: state.name, cardPresent: false) }
                do {
                    return try access.withCard(reader: state.name) { try CardStatus.probe(reader: state.name, transport: $0) }
                } catch CardError.readerBusy {
                    return CardStatus(reader: state.name, cardPresent: true)
                }
            }
            if options.json {
                printOut(CardJSON.render(CardJSON.status(statuses)))
            } else {
                if statuses.isEmpty { printOut("カードリーダーがありません") }
                for status in statuses { printOut(Self.describe(status)) }
            }
        }
    }

    static func describe(_ status: CardStatus) -> String {
        guard status.cardPresent else { return "\(status.reader): カードなし" }
        switch status.isMyNumberCard {
        case .some(true):
            return "\(status.reader): マイナンバーカード（券面事項入力補助用暗証番号 残り\(status.cardInfoPINTriesLeft ?? 0)回、利用者証明用暗証番号 残り\(status.authPINTriesLeft ?? 0)回）"
        case .some(false): return "\(status.reader): マイナンバーカードではないカード"
        case .none: return "\(status.reader): カードあり（他のプログラムが使用中）"
        }
    }
}

/// `counter card read`.
struct CardReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "暗証番号を照合して基本4情報（氏名・住所・生年月日・性別）を読み取ります")

    @OptionGroup var options: CardOptions
    @Flag(help: "暗証番号を標準入力の1行から読みます") var pinStdin = false

    func run() async throws {
        try await CardFailure.exitOnError {
            let reader = CardInfoReader(readerName: options.reader)
            // Every PC/SC context is released before the process exits: pcsc-lite's own clean-up at exit
            // crashed (SIGSEGV in its context list) when a context was still open.
            defer { reader.close() }
            var info = try await readBasicInfoFromCard(
                reader: reader, wait: options.waitDuration, pinFromStdin: pinStdin,
                triesLeft: { try await reader.pinTriesLeft() }, read: { try await reader.readBasicInfo(pin: $0) })
            defer { info.wipe() }
            // The card's fields pass the same check as every other source before they are shown.
            info = try BasicInfoInput.validate(info, today: SystemClock().today())
            if options.json {
                printOut(CardJSON.render(CardJSON.basicInfo(info)))
            } else {
                printOut("氏名: \(info.name)\n住所: \(info.address)\n生年月日: \(info.birthDate.iso)\n性別: \(info.sex.label)")
            }
        }
    }
}

/// `counter card auth`.
struct CardAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "auth", abstract: "利用者証明用電子証明書で本人確認します（公的個人認証）")

    @OptionGroup var options: CardOptions
    @Flag(help: "暗証番号を標準入力の1行から読みます") var pinStdin = false
    @Option(help: "信頼する認証局の証明書（PEM）") var ca: String
    @Option(help: "認証局の失効リスト（CRL、PEM または DER）。指定すると失効した証明書と期限切れの失効リストを拒否します") var crl: String?

    func run() async throws {
        try await CardFailure.exitOnError {
            // The CRL is read and its signature checked before the card is touched.
            let authenticator = try JPKIAuthenticator(caCertificateFile: ca, revocationListFile: crl)
            let access = try CardReaderAccess()
            let reader = try access.waitForCard(reader: options.reader, timeout: options.waitDuration)
            // Another card or a blocked auth PIN is refused before the PIN is asked (no try is spent).
            let triesLeft = try access.withCard(reader: reader) { try JPKIApplication(transport: $0).authPINTriesLeft() }
            if triesLeft == 0 { throw CardError.pinBlocked }
            let pin = try readPIN(fromStdin: pinStdin, prompt: "利用者証明用暗証番号（数字4桁）: ")
            let evidence = try access.withCard(reader: reader) { try JPKIAuthenticator.collectEvidence(transport: $0, pin: pin) }
            let result = try await authenticator.verify(evidence, at: SystemClock().now())
            if options.json {
                printOut(CardJSON.render(CardJSON.authentication(result)))
            } else {
                printOut("本人確認できました（証明書シリアル番号 \(result.serialNumber)、有効期限 \(ISO8601DateFormatter().string(from: result.notAfter))）")
            }
        }
    }
}

/// Turns errors into a Japanese message on stderr and the documented exit code.
enum CardFailure {
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case CardError.wrongPIN: return 2
        case CardError.pinBlocked: return 3
        case CardError.notMyNumberCard: return 4
        case is JPKIAuthenticationError: return 5
        case CardError.invalidPINFormat: return 6
        default: return 1
        }
    }

    static func exitOnError(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw report(error)
        }
    }

    static func exitOnError(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            throw report(error)
        }
    }

    private static func report(_ error: any Error) -> ExitCode {
        printError(userMessage(for: error))
        return ExitCode(exitCode(for: error))
    }
}
