import ArgumentParser
import CounterCore
import Foundation
import MyNumberCardSim

/// `mynumber-card-sim`: a simulated My Number card for tests and demos, served through vpcd.
@main
struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mynumber-card-sim",
        abstract: "テスト・デモ用のマイナンバーカード模擬装置（vpcd 経由で pcscd に接続）",
        subcommands: [MakeCA.self, MakeProfile.self, MakeCRL.self, Serve.self])
}

/// `make-ca`: a demo CA key and certificate.
struct MakeCA: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make-ca", abstract: "デモ用認証局の鍵と証明書を作ります")

    @Option(help: "CA 秘密鍵の出力先（PEM）") var outKey: String
    @Option(help: "CA 証明書の出力先（PEM）") var outCert: String

    func run() throws {
        let ca = try ProfileMaker.makeCA()
        // A private key is readable by its owner only, whatever the umask.
        let key = URL(fileURLWithPath: outKey)
        try Data(ca.keyPEM.utf8).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        try Data(ca.certificatePEM.utf8).write(to: URL(fileURLWithPath: outCert))
    }
}

/// `make-profile`: a card profile with a fresh auth key certified by the CA.
struct MakeProfile: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "make-profile", abstract: "模擬カードのプロファイルを作ります")

    @Option(help: "出力先（JSON）") var out: String
    @Option(help: "氏名（氏と名の間は全角空白）") var name: String
    @Option(help: "住所") var address: String
    @Option(help: "生年月日 YYYYMMDD") var birth: String
    @Option(help: "性別コード 1|2|9") var sex: String
    @Option(help: "券面事項入力補助用暗証番号（4桁）") var textPin: String
    @Option(help: "利用者証明用暗証番号（4桁）") var authPin: String
    @Option(help: "CA 秘密鍵（PEM）") var caKey: String
    @Option(help: "CA 証明書（PEM）") var caCert: String

    func validate() throws {
        guard CalendarDate(yyyymmdd: birth) != nil else { throw ValidationError("--birth は YYYYMMDD の実在する日付で指定してください") }
        guard ["1", "2", "9"].contains(sex) else { throw ValidationError("--sex は 1, 2, 9 のいずれかです") }
        for pin in [textPin, authPin] where pin.count != 4 || !pin.allSatisfy(\.isASCII) || !pin.allSatisfy(\.isNumber) {
            throw ValidationError("暗証番号は数字4桁です")
        }
    }

    func run() throws {
        let ca = ProfileMaker.CertificateAuthority(
            keyPEM: try String(contentsOfFile: caKey, encoding: .utf8),
            certificatePEM: try String(contentsOfFile: caCert, encoding: .utf8))
        let holder = BasicInfo(name: name, address: address, birthDate: CalendarDate(yyyymmdd: birth)!, sex: Sex(code: sex))
        let profile = try ProfileMaker.makeProfile(holder: holder, cardInfoPIN: textPin, authPIN: authPin, ca: ca)
        try profile.save(to: URL(fileURLWithPath: out))
    }
}

/// `make-crl`: a revocation list (X.509 v2 CRL, PEM) signed by the CA, listing the auth certificates of profiles.
struct MakeCRL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-crl", abstract: "認証局が署名した失効リスト（CRL、PEM）を作ります。指定したプロファイルの利用者証明用電子証明書を失効として載せます")

    @Option(help: "CA 秘密鍵（PEM）") var caKey: String
    @Option(help: "CA 証明書（PEM）") var caCert: String
    @Option(help: "出力先（PEM）") var out: String
    @Option(parsing: .upToNextOption, help: "失効させるカードのプロファイル（JSON、複数可）") var revoke: [String] = []
    @Option(help: "有効日数（発行日時から次回更新予定日時まで）") var days: Int = 3650
    @Option(help: "発行日時を何日前にするか（期限切れ・未来の失効リストの試験用、負の値は未来）") var thisUpdateDaysAgo: Int = 0

    func validate() throws {
        guard days >= 0, days <= 36_500 else { throw ValidationError("--days は 0 から 36500 の日数で指定してください") }
        guard abs(thisUpdateDaysAgo) <= 36_500 else { throw ValidationError("--this-update-days-ago は -36500 から 36500 の日数で指定してください") }
    }

    func run() throws {
        let ca: ProfileMaker.CertificateAuthority
        do {
            ca = ProfileMaker.CertificateAuthority(
                keyPEM: try String(contentsOfFile: caKey, encoding: .utf8),
                certificatePEM: try String(contentsOfFile: caCert, encoding: .utf8))
        } catch {
            throw MakeCRLError.caUnreadable
        }
        var profiles: [CardProfile] = []
        for path in revoke {
            do { profiles.append(try CardProfile.load(from: URL(fileURLWithPath: path))) } catch { throw MakeCRLError.profileUnreadable }
        }
        // Whole seconds: the CRL's times have no fractions.
        let now = Date(timeIntervalSince1970: SystemClock().now().timeIntervalSince1970.rounded(.down))
        let thisUpdate = now.addingTimeInterval(-Double(thisUpdateDaysAgo) * 86_400)
        let pem: String
        do {
            pem = try ProfileMaker.makeCRLPEM(ca: ca, revoking: profiles, thisUpdate: thisUpdate,
                                              nextUpdate: thisUpdate.addingTimeInterval(Double(days) * 86_400))
        } catch {
            throw MakeCRLError.notSigned
        }
        do { try Data((pem + "\n").utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            throw MakeCRLError.notWritten
        }
    }
}

/// Why `make-crl` stopped.
enum MakeCRLError: UserFacingError {
    case caUnreadable
    case profileUnreadable
    case notSigned
    case notWritten

    var userMessage: String {
        switch self {
        case .caUnreadable: return "CA の秘密鍵または証明書を読めません。--ca-key と --ca-cert のファイルを確認してください。"
        case .profileUnreadable: return "--revoke のプロファイルを読めません。模擬カードのプロファイル（JSON）を指定してください。"
        case .notSigned: return "失効リストを作れません。CA の秘密鍵と証明書が対になっているか確認してください。"
        case .notWritten: return "失効リストを書き込めません。--out の出力先を確認してください。"
        }
    }
}

/// `serve`: puts the card into a vpcd reader until SIGTERM/SIGINT.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "プロファイルのカードを vpcd のリーダーに置きます（SIGTERM/SIGINT まで）。暗証番号の残り回数はプロファイルに書き戻します")

    @Option(help: "プロファイル（JSON、書き換えられます）") var profile: String
    @Option(help: "vpcd のポート（35963 = Virtual PCD 00 00）") var port: UInt16 = 35963
    @Option(help: "APDU ごとに1行追記するトレースファイル（暗証番号は記録しません）") var trace: String?
    @Option(name: .customLong("remove-after-apdus"), help: "この数の APDU に答えたらカードを抜きます（読取中の抜去の試験用）") var removeAfterAPDUs: Int?
    @Option(name: .customLong("remove-at-ins"), help: "この INS（16進2桁、例 B0）のコマンドが来たら答えずにカードを抜きます（読取中の抜去の試験用）")
    var removeAtINS: String?
    @Flag(help: "応答を 61xx（GET RESPONSE）で返します") var moreData = false
    @Flag(help: "長さ違いの READ BINARY に 6Cxx で答えます") var exactLength = false
    @Flag(help: "マイナンバーカードではないカードとして振る舞います（AP の SELECT に 6A82）") var foreignCard = false

    func validate() throws {
        if let removeAtINS, removeAtINS.count != 2 || UInt8(removeAtINS, radix: 16) == nil {
            throw ValidationError("--remove-at-ins は16進2桁（例 B0）で指定してください")
        }
    }

    func run() throws {
        // A parent (e.g. a test runner) may start us with signals blocked; SIGTERM/SIGINT must stop us.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }
        signal(SIGPIPE, SIG_IGN)
        let url = URL(fileURLWithPath: profile)
        let loaded = try CardProfile.load(from: url)
        let traceFile = try trace.map(TraceFile.init(path:))
        var style: SimulatedCard.AnswerStyle = []
        if moreData { style.insert(.moreData) }
        if exactLength { style.insert(.exactLength) }
        if foreignCard { style.insert(.foreignCard) }
        let persist: @Sendable (CardProfile) -> Void = { changed in try? changed.save(to: url) }
        var traceSink: (@Sendable (String) -> Void)?
        if let traceFile { traceSink = { line in traceFile.append(line) } }
        let card = try SimulatedCard(profile: loaded, style: style, persist: persist, trace: traceSink)
        var warned = false
        while true {
            let connection: VPCDConnection
            do {
                connection = try VPCDConnection(port: port)
            } catch {
                if !warned { FileHandle.standardError.write(Data((error.userMessage + "（再試行します）\n").utf8)) }
                warned = true
                usleep(200_000)
                continue
            }
            warned = false
            let end = try connection.serve(card, removeAfterAPDUs: removeAfterAPDUs, removeAtINS: removeAtINS.flatMap { UInt8($0, radix: 16) })
            if end == .removed { return }
        }
    }
}

/// An append-only trace file, one line per APDU.
final class TraceFile: Sendable {
    private let handle: FileHandle

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    func append(_ line: String) {
        handle.write(Data((line + "\n").utf8))
    }
}
