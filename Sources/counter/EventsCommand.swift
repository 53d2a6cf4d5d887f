import ArgumentParser
import CounterCore
import CounterService
import Foundation

/// `counter events verify`: checks that no recorded case event was changed, removed or inserted.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "受付の記録（イベント）の検査",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "端末ごとのハッシュ連鎖を計算し直し、記録が書き換えられていないことを確かめます。",
            discussion: "問題がなければ終了コード 0、連鎖が切れている記録があれば 1 で、その端末と記録番号（seq）を表示します。")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let path = try database.existingPath()
            // Events a crashed process left in its journal belong to the audit too (written when the
            // database is up to date and free; otherwise the audit reads what is there).
            let audit = EventAudit(database: try CounterStorage.openReadOnly(path: path))
            let journals = (try? FileManager.default.contentsOfDirectory(atPath: EventJournal.folder(forDatabaseAt: path).path)) ?? []
            if journals.contains(where: { $0.hasSuffix(".jsonl") }), let storage = try? CounterStorage.open(path: path) {
                reportRecovery(EventJournal.recoverOrphans(of: storage, clock: SystemClock()))
            }
            let report = try audit.verify()
            let missing = try audit.missingGuards()
            for (terminal, count) in report.recordsPerTerminal.sorted(by: { $0.key < $1.key }) {
                printOut("端末 \(terminal)\t\(count)件")
            }
            if let broken = report.firstBreak {
                printError("端末 \(broken.terminal) の記録 seq \(broken.seq) でハッシュ連鎖が一致しません。"
                    + "記録が書き換えられたか削除された可能性があります。データベースを保全し、管理者に連絡してください。")
            }
            if !missing.isEmpty {
                printError("記録を書き換えから守る仕組み（トリガー \(missing.joined(separator: ", "))）が削除されています。"
                    + "データベースを保全し、管理者に連絡してください。")
            }
            if report.firstBreak != nil || !missing.isEmpty { throw ExitCode(1) }
            printOut("すべての記録のハッシュ連鎖が一致しました（\(report.recordsPerTerminal.values.reduce(0, +))件）。")
        }
    }
}
