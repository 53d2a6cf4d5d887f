import CounterCore
import Foundation
import GRDB

/// A value bound to or read from a portable query, the same on every database (the terminal's SQLite, the city's
/// PostgreSQL).
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// What can be bound to a portable query's `?`.
public protocol SQLBindable {
    /// The value bound.
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Data: SQLBindable { public var sqlValue: SQLValue { .blob([UInt8](self)) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { map(\.sqlValue) ?? .null }
}

/// One row of a portable query, by column name or position. Integers and flags come back as integers (a sum that
/// PostgreSQL returns as a decimal is read as one too).
public struct SQLRow: Sendable {
    /// The columns' names, in order.
    public let columns: [String]
    /// The values, in column order.
    public let values: [SQLValue]

    /// A row of `values` named `columns`.
    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    private func value(_ column: String) -> SQLValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }

    /// The text of `column`, or nil (NULL or absent).
    public func optionalText(_ column: String) -> String? { Self.text(value(column)) }
    /// The text of `column`; empty when NULL.
    public func text(_ column: String) -> String { optionalText(column) ?? "" }
    /// The integer of `column`; 0 when NULL.
    public func integer(_ column: String) -> Int { Self.integer(value(column)) }
    /// Whether `column` holds a non-zero integer.
    public func flag(_ column: String) -> Bool { integer(column) != 0 }

    /// The bytes of `column`; empty when NULL.
    public func blob(_ column: String) -> [UInt8] {
        if case .blob(let bytes) = value(column) { return bytes }
        return []
    }

    /// The date of `column` (ISO text), or nil.
    public func date(_ column: String) -> CalendarDate? { optionalText(column).flatMap { CalendarDate(iso: $0) } }

    /// The text at `index`; empty when NULL.
    public func text(_ index: Int) -> String { Self.text(values[index]) ?? "" }
    /// The integer at `index`; 0 when NULL.
    public func integer(_ index: Int) -> Int { Self.integer(values[index]) }

    private static func text(_ value: SQLValue?) -> String? {
        switch value {
        case .text(let text): text
        case .integer(let number): String(number)
        default: nil
        }
    }

    private static func integer(_ value: SQLValue?) -> Int {
        switch value {
        case .integer(let number): Int(number)
        case .text(let text): Int(text) ?? Int(Double(text) ?? 0)
        default: 0
        }
    }
}

/// Queries in one transaction; `?` marks each bound value, in order.
public protocol PortableSQL {
    /// The rows `sql` returns.
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]
    /// Runs `sql`.
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws
}

extension PortableSQL {
    /// Whether `sql` returns a row.
    public func exists(_ sql: String, _ arguments: [any SQLBindable]) throws -> Bool {
        try !rows("SELECT 1 AS found WHERE EXISTS (\(sql))", arguments).isEmpty
    }
}

/// A database that portable queries run on: the terminal's SQLite file, or the city's PostgreSQL (CounterCity). Their
/// SQL is written once, in the subset both understand (`instr` is defined on PostgreSQL; a subquery in FROM has an
/// alias; conditions are booleans, `true` rather than `1`).
public protocol PortableStore: Sendable {
    /// Runs `body` on a consistent view of the data.
    func read<T>(_ body: (any PortableSQL) throws -> T) throws -> T
    /// Runs `body` in one transaction: all of it is kept, or nothing.
    func write<T>(_ body: (any PortableSQL) throws -> T) throws -> T
}

/// The terminal's SQLite database as a ``PortableStore``, through GRDB.
public struct SQLiteStore: PortableStore {
    /// The database.
    public let database: CounterDatabase

    /// The store of `database`.
    public init(database: CounterDatabase) { self.database = database }

    public func read<T>(_ body: (any PortableSQL) throws -> T) throws -> T {
        try database.read { db in try body(SQLiteConnection(db: db)) }
    }

    public func write<T>(_ body: (any PortableSQL) throws -> T) throws -> T {
        try database.write { db in try body(SQLiteConnection(db: db)) }
    }
}

/// Portable queries on an open GRDB connection (inside the caller's read or write).
public struct SQLiteConnection: PortableSQL {
    let db: Database

    /// Queries on `db`.
    public init(db: Database) { self.db = db }

    public func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
            var columns: [String] = [], values: [SQLValue] = []
            columns.reserveCapacity(row.count)
            values.reserveCapacity(row.count)
            for (column, value) in row {
                columns.append(column)
                switch value.storage {
                case .null: values.append(.null)
                case .int64(let number): values.append(.integer(number))
                case .double(let number): values.append(.integer(Int64(number)))
                case .string(let text): values.append(.text(text))
                case .blob(let data): values.append(.blob([UInt8](data)))
                }
            }
            return SQLRow(columns: columns, values: values)
        }
    }

    public func execute(_ sql: String, _ arguments: [any SQLBindable]) throws {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
    }

    private static func arguments(_ values: [any SQLBindable]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value.sqlValue {
            case .null: nil
            case .integer(let number): number
            case .text(let text): text
            case .blob(let bytes): Data(bytes)
            }
        })
    }
}
