import ArgumentParser
import CertificateSeal
import Foundation

/// `counter keys init`: makes the installation's seal key (the verification codes of its certificates).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "証明書の検証コードに署名する設置先の鍵",
        subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "設置先の署名鍵（Ed25519）を作り、公開鍵と指紋を表示します。",
            discussion: "秘密鍵は権限 0600、フォルダは 0700 で作ります。鍵がすでにあれば上書きせず終了コード 1 で終わります。")

        @Option(help: "鍵のフォルダ（省略時は $XDG_DATA_HOME/counter/keys）")
        var dir: String?

        func run() throws {
            let folder = dir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? SealKey.defaultFolder()
            let key = try SealKey.create(in: folder)
            printOut("署名鍵を作りました。")
            printOut("秘密鍵\t" + folder.appendingPathComponent(SealKey.privateFileName).path + "（権限 0600。複製・持ち出し禁止）")
            printOut("公開鍵\t" + folder.appendingPathComponent(SealKey.publicFileName).path)
            printOut("公開鍵（base64）\t" + key.publicKey.base64)
            printOut("指紋\t" + key.publicKey.fingerprintText)
        }
    }
}
