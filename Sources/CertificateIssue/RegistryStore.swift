import CounterCore
import CounterStore
import Foundation
import GRDB

/// A value bound to or read from a registry query, the same on every database the registry lives in.
public enum RegistryValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// What can be bound to a registry query's `?`.
public protocol RegistryBindable {
    /// The value bound.
    var registryValue: RegistryValue { get }
}

extension String: RegistryBindable { public var registryValue: RegistryValue { .text(self) } }
extension Int: RegistryBindable { public var registryValue: RegistryValue { .integer(Int64(self)) } }
extension Int64: RegistryBindable { public var registryValue: RegistryValue { .integer(self) } }
extension Bool: RegistryBindable { public var registryValue: RegistryValue { .integer(self ? 1 : 0) } }
extension Data: RegistryBindable { public var registryValue: RegistryValue { .blob([UInt8](self)) } }
extension Optional: RegistryBindable where Wrapped: RegistryBindable {
    public var registryValue: RegistryValue { map(\.registryValue) ?? .null }
}

/// One row of a registry query, by column name. Integers and flags come back as integers on every backend.
public struct RegistryRow: Sendable {
    /// The columns by name.
    public var values: [String: RegistryValue]

    /// A row of `values`.
    public init(_ values: [String: RegistryValue]) { self.values = values }

    /// The text of `column`, or nil (NULL or absent).
    public func optionalText(_ column: String) -> String? {
        if case .text(let text) = values[column] { return text }
        return nil
    }

    /// The text of `column`; empty when NULL.
    public func text(_ column: String) -> String { optionalText(column) ?? "" }

    /// The integer of `column`; 0 when NULL.
    public func integer(_ column: String) -> Int {
        switch values[column] {
        case .integer(let value): Int(value)
        case .text(let text): Int(text) ?? 0
        default: 0
        }
    }

    /// Whether `column` holds a non-zero integer.
    public func flag(_ column: String) -> Bool { integer(column) != 0 }

    /// The bytes of `column`; empty when NULL.
    public func blob(_ column: String) -> [UInt8] {
        if case .blob(let bytes) = values[column] { return bytes }
        return []
    }

    /// The date of `column` (ISO text), or nil.
    func date(_ column: String) -> CalendarDate? { optionalText(column).flatMap { CalendarDate(iso: $0) } }
}

/// Queries in one transaction of a registry's database; `?` marks each bound value, in order.
public protocol RegistrySQL {
    /// The rows `sql` returns.
    func rows(_ sql: String, _ arguments: [any RegistryBindable]) throws -> [RegistryRow]
    /// Runs `sql`.
    func execute(_ sql: String, _ arguments: [any RegistryBindable]) throws
}

extension RegistrySQL {
    /// Whether `sql` returns a row.
    func exists(_ sql: String, _ arguments: [any RegistryBindable]) throws -> Bool {
        try !rows("SELECT 1 AS found WHERE EXISTS (\(sql))", arguments).isEmpty
    }
}

/// The database a registry lives in: the terminal's SQLite file, or the city's PostgreSQL (CounterCity). The
/// registry's SQL is written once, in the subset both understand (`instr` is defined on PostgreSQL).
public protocol RegistryStore: Sendable {
    /// Runs `body` on a consistent view of the registry.
    func read<T>(_ body: (any RegistrySQL) throws -> T) throws -> T
    /// Runs `body` in one transaction: all of it is kept, or nothing.
    func write<T>(_ body: (any RegistrySQL) throws -> T) throws -> T
}

/// The registry in the terminal's SQLite database (``RegistrySchema``), through GRDB.
public struct SQLiteRegistryStore: RegistryStore {
    /// The database (opened with a schema that includes ``RegistrySchema``).
    public let database: CounterDatabase

    /// The store of `database`.
    public init(database: CounterDatabase) { self.database = database }

    public func read<T>(_ body: (any RegistrySQL) throws -> T) throws -> T {
        try database.read { db in try body(Connection(db: db)) }
    }

    public func write<T>(_ body: (any RegistrySQL) throws -> T) throws -> T {
        try database.write { db in try body(Connection(db: db)) }
    }

    private struct Connection: RegistrySQL {
        let db: Database

        func rows(_ sql: String, _ arguments: [any RegistryBindable]) throws -> [RegistryRow] {
            try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
                var values: [String: RegistryValue] = [:]
                for (column, value) in row {
                    switch value.storage {
                    case .null: values[column] = .null
                    case .int64(let number): values[column] = .integer(number)
                    case .double(let number): values[column] = .integer(Int64(number))
                    case .string(let text): values[column] = .text(text)
                    case .blob(let data): values[column] = .blob([UInt8](data))
                    }
                }
                return RegistryRow(values)
            }
        }

        func execute(_ sql: String, _ arguments: [any RegistryBindable]) throws {
            try db.execute(sql: sql, arguments: Self.arguments(arguments))
        }

        private static func arguments(_ values: [any RegistryBindable]) -> StatementArguments {
            StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
                switch value.registryValue {
                case .null: nil
                case .integer(let number): number
                case .text(let text): text
                case .blob(let bytes): Data(bytes)
                }
            })
        }
    }
}
