import CounterCore
import GRDB

/// A database failure, explained for the clerk.
public enum StoreError: UserFacingError, Equatable {
    /// Another connection holds the database lock longer than the busy timeout.
    case busy
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// Bringing the schema up to date failed.
    case migrationFailed(reason: String)
    /// Any other SQLite failure.
    case failed(reason: String)

    public var userMessage: String {
        switch self {
        case .busy:
            return "データベースが使用中です。しばらく待ってから再度お試しください。"
        case .cannotOpen(let path, let reason):
            return "データベース（\(path)）を開けません（\(reason)）。保存先のフォルダと権限を確認し、解決しない場合は管理者に連絡してください。"
        case .migrationFailed(let reason):
            return "データベースの更新に失敗しました（\(reason)）。アプリを終了し、管理者に連絡してください。"
        case .failed(let reason):
            return "データベースの処理に失敗しました（\(reason)）。もう一度お試しください。続く場合は管理者に連絡してください。"
        }
    }

    /// Translates a GRDB/SQLite error; busy and locked become ``busy``.
    static func from(_ error: any Error) -> any Error {
        if error is StoreError || error is ClerkError { return error }
        guard let databaseError = error as? DatabaseError else { return error }
        switch databaseError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError.busy
        default:
            return StoreError.failed(reason: databaseError.message ?? "SQLite \(databaseError.resultCode.rawValue)")
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
