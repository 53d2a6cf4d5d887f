import ArgumentParser
import CounterCore
import CounterService
import CounterStore

/// `counter clerk add`: registers a clerk (or administrator) without the UI, e.g. for set-up scripts.
struct ClerkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clerk",
        abstract: "職員の登録",
        subcommands: [Add.self, Unlock.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "職員を登録します。パスワードは標準入力の1行目から読みます。")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "職員 ID")
        var id: String

        @Option(help: "表示名")
        var name: String

        @Option(help: "役割: administrator（管理者）| supervisor（係長）| clerk（職員）")
        var role: String = "clerk"

        @Flag(help: "同じ ID の職員がすでにいれば何もしません")
        var ifMissing = false

        func run() throws {
            guard let role = ClerkRole(rawValue: role) else {
                throw ValidationError("役割は administrator（管理者）、supervisor（係長）、clerk（職員）のいずれかで指定してください。")
            }
            let clerks = ClerkSessions(database: try database.open(), clock: SystemClock())
            if ifMissing, try clerks.clerk(id: id) != nil { return }
            guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                throw ValidationError("パスワードを標準入力から1行で渡してください。")
            }
            _ = try clerks.addClerk(clerkID: id, displayName: name, role: role, password: password)
            printOut("職員 \(id)（\(role.label)）を登録しました。")
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlock",
            abstract: "パスワードの誤入力でロックされた職員のロックを解除します。")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "職員 ID")
        var id: String

        func run() throws {
            try ClerkSessions(database: try database.open(), clock: SystemClock()).unlock(clerkID: id)
            printOut("職員 \(id) のロックを解除しました。")
        }
    }
}
