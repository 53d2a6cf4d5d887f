import CLibPQ
import CounterCore
import Foundation

/// Why the city database could not be used: in Japanese, never the server's English, never SQL, never a password.
public enum CityError: UserFacingError, Equatable {
    /// No server answers at the address (down, wrong host or port, the network).
    case unreachable
    /// The server refused the user or password.
    case authenticationRefused
    /// The URL is not a postgres:// URL.
    case invalidURL
    /// The city database's schema is older than this program (run `counter city migrate`).
    case schemaOlder(found: Int, expected: Int)
    /// The city database's schema is newer than this program (update the program).
    case schemaNewer(found: Int, expected: Int)
    /// A record's chain does not continue the terminal's chain in the city (altered or out of order): nothing of the
    /// batch was kept.
    case chainBroken(terminal: String)
    /// A record id the city already holds with other content (two terminals claiming one id).
    case idClaimed
    /// The role may not do this (a terminal writing as another, altering history).
    case notPermitted
    /// The terminal's role name would be too long for PostgreSQL, or is another terminal's already.
    case terminalRole
    /// Any other failure of the server (its kind only).
    case server(state: String)

    public var userMessage: String {
        switch self {
        case .unreachable: "市のデータベースにつながりません。ネットワークとアドレス（--city）を確認してください。窓口の記録は端末に残っています。"
        case .authenticationRefused: "市のデータベースに接続を断られました（ユーザーかパスワードが違います）。--city の URL を確認してください。"
        case .invalidURL: "--city は postgres://ユーザー:パスワード@ホスト:ポート/データベース の形で指定してください。"
        case .schemaOlder(let found, let expected):
            "市のデータベースの版（\(found)）がこのプログラム（\(expected)）より古いです。管理者が counter city migrate を実行してください。"
        case .schemaNewer(let found, let expected):
            "市のデータベースの版（\(found)）がこのプログラム（\(expected)）より新しいです。このプログラムを更新してください。"
        case .chainBroken(let terminal):
            "端末 \(terminal) の記録のチェーンが市のデータベースの記録とつながりません（改ざんか順序の誤り）。この回の送信は何も記録していません。"
        case .idClaimed: "同じ ID の別の記録が市のデータベースにあります（2つの端末が同じ ID を使っています）。何も記録していません。"
        case .notPermitted: "この役割（ロール）には許されていない操作です。何も変えていません。"
        case .terminalRole:
            "この端末 ID からは市のデータベースのロールを作れません（54文字を超えるか、大文字小文字や記号だけが違う別の端末のロールがあります）。端末 ID を見直してください。"
        case .server(let state): "市のデータベースでエラーが起きました（SQLSTATE \(state)）。何も記録していません。"
        }
    }
}

/// One connection to the city's PostgreSQL through libpq: parameters always bound (never spliced into SQL), text
/// results, a transaction around a block. Not shared between threads.
public final class CityConnection {
    private let connection: OpaquePointer

    /// Whether `url` has the form libpq is given here: `postgres://` or `postgresql://`, at most 2,048 characters,
    /// no control character. Without a password in it, libpq takes the one in `~/.pgpass` (never seen by `ps`).
    public static func isCityURL(_ url: String) -> Bool {
        (url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) && url.count <= 2048 && TextSafety.forbidden(in: url) == nil
    }

    /// Connects to `url` (`postgres://user:password@host:port/database`); a 10-second connect timeout.
    public init(url: String) throws(CityError) {
        guard Self.isCityURL(url) else { throw .invalidURL }
        let withTimeout = url.contains("?") ? url + "&connect_timeout=10" : url + "?connect_timeout=10"
        guard let connection = PQconnectdb(withTimeout) else { throw .unreachable }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            if message.contains("password authentication failed") || message.contains("no password supplied")
                || message.contains("authentication") { throw .authenticationRefused }
            if message.contains("invalid URI") || message.contains("invalid connection option") { throw .invalidURL }
            throw .unreachable
        }
        self.connection = connection
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(connection) }

    /// Runs `sql` with `parameters` bound as text ($1, $2 …; nil is NULL); returns the rows as text.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(CityError) -> [[String?]] {
        try query(sql, parameters.map { $0.map(Parameter.text) ?? .null }).values
    }

    /// A parameter of ``query(_:_:)``: text (PostgreSQL casts it to the column's type), bytes (BYTEA), or NULL.
    public enum Parameter: Sendable, Equatable {
        /// SQL NULL.
        case null
        /// Text, cast by the server to the column's type.
        case text(String)
        /// Bytes, sent in binary (a BYTEA).
        case bytes([UInt8])
    }

    /// What ``query(_:_:)`` returned: each column's name and type (its OID), and the rows as text.
    public struct Rows: Sendable {
        /// The columns' names, in order.
        public var columns: [String]
        /// The columns' types (`pg_type` OIDs: 16 boolean, 17 bytea, 20/21/23 integers …).
        public var types: [UInt32]
        /// The values, NULL as nil, BYTEA as its hex text (`\x…`).
        public var values: [[String?]]
    }

    /// Runs `sql` with `parameters` bound ($1, $2 …); returns the rows with their columns' names and types.
    public func query(_ sql: String, _ parameters: [Parameter]) throws(CityError) -> Rows {
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        for parameter in parameters {
            switch parameter {
            case .null:
                buffers.append(nil); lengths.append(0); formats.append(0)
            case .text(let text):
                buffers.append(strdup(text)); lengths.append(0); formats.append(0)
            case .bytes(let bytes):
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
                bytes.withUnsafeBufferPointer { source in
                    source.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: bytes.count) }
                }
                buffers.append(buffer); lengths.append(Int32(bytes.count)); formats.append(1)
            }
        }
        defer { buffers.forEach { free($0) } }
        let pointers = buffers.map { UnsafePointer($0) }
        guard let result = PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, lengths, formats, 0) else {
            throw .unreachable
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: return Rows(columns: [], types: [], values: [])
        case PGRES_TUPLES_OK:
            let rows = PQntuples(result), columns = PQnfields(result)
            return Rows(
                columns: (0..<columns).map { String(cString: PQfname(result, $0)) },
                types: (0..<columns).map { UInt32(PQftype(result, $0)) },
                values: (0..<rows).map { row in
                    (0..<columns).map { column in
                        PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                    }
                })
        default:
            throw Self.error(of: result, connection: connection)
        }
    }

    /// Runs `body` in a transaction whatever it throws (an import's own errors): committed when it returns, rolled
    /// back when it throws.
    public func transactionThrowingAny<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs statements without parameters (a migration's several statements).
    public func executeScript(_ sql: String) throws(CityError) {
        guard let result = PQexec(connection, sql) else { throw .unreachable }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            throw Self.error(of: result, connection: connection)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws(CityError) -> T) throws(CityError) -> T {
        do {
            return try transactionThrowingAny { () throws -> T in try body() }
        } catch let error as CityError {
            throw error
        } catch {
            throw .server(state: "XX000")
        }
    }

    private static func error(of result: OpaquePointer, connection: OpaquePointer) -> CityError {
        if PQstatus(connection) != CONNECTION_OK { return .unreachable }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "XX000"
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) } ?? ""
        switch state {
        case "42501": return .notPermitted
        case "P0001" where message.hasPrefix("counter: chain"):
            return .chainBroken(terminal: TextSafety.terminalSafe(String(message.dropFirst("counter: chain ".count).prefix(64))))
        case "P0001" where message.hasPrefix("counter: id claimed"): return .idClaimed
        case "P0001" where message.hasPrefix("counter: history"): return .notPermitted
        case "P0001" where message.hasPrefix("counter: terminal"): return .notPermitted
        default: return .server(state: state)
        }
    }
}
