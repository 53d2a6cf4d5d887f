import CounterCore
import GRDB

/// A database failure, explained for the clerk. Messages never show SQL, SQLite's own text or a
/// Swift type name; the SQLite result code is given where an administrator needs it.
public enum StoreError: UserFacingError, Equatable {
    /// Another connection holds the database lock longer than the busy timeout.
    case busy
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// Bringing the schema up to date failed.
    case migrationFailed
    /// The database was written by a newer version of counter, whose records this one does not know.
    case newerSchema
    /// A stored record cannot be read back (unknown kind, malformed id).
    case corruptRecord
    /// A write-once record was to be changed or removed; the schema refused it.
    case appendOnly
    /// Any other SQLite failure, with its result code.
    case failed(code: Int32)

    public var userMessage: String {
        switch self {
        case .busy:
            return "データベースが使用中です。しばらく待ってから再度お試しください。"
        case .cannotOpen(let path, let reason):
            return "データベース（\(path)）を開けません（\(reason)）。保存先のフォルダと権限を確認し、解決しない場合は管理者に連絡してください。"
        case .migrationFailed:
            return "データベースの更新に失敗しました。アプリを終了し、管理者に連絡してください。"
        case .newerSchema:
            return "このデータベースは新しい版の counter で更新されています。この版では開けません。"
                + "端末の counter を新しい版に更新してください。"
        case .corruptRecord:
            return "データベースに読み取れない記録があります。管理者に連絡してください。"
        case .appendOnly:
            return "記録は追記のみで、変更や削除はできません。"
        case .failed(let code):
            return "データベースの処理に失敗しました（SQLite コード \(code)）。もう一度お試しください。続く場合は管理者に連絡してください。"
        }
    }

    /// Translates a GRDB/SQLite error; busy and locked become ``busy``, a refused change of a
    /// write-once record ``appendOnly``. Errors that are not the database's pass unchanged.
    static func from(_ error: any Error) -> any Error {
        guard let databaseError = error as? DatabaseError else { return error }
        switch databaseError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy
        default:
            if databaseError.message?.contains("append-only") == true { return StoreError.appendOnly }
            return StoreError.failed(code: databaseError.resultCode.rawValue)
        }
    }

    /// Runs `body`, translating database errors into ``StoreError``.
    static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw from(error)
        }
    }
}
