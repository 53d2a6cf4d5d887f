import CertificateIssue
import CounterCore
import CounterStore
import Foundation

/// The city's PostgreSQL as a ``PortableStore``: the resident registry behind `--registry postgres://…` (every ward's
/// terminal serves every resident with the queries its own SQLite registry runs) and the city's KPI rollups behind
/// `counter report --source postgres://…`. One connection, used by one caller at a time.
public final class PostgresStore: PortableStore, @unchecked Sendable {
    private let connection: CityConnection
    private let lock = NSLock()

    /// Connects to `url` and checks the city database's schema version.
    public init(url: String) throws(CityError) {
        connection = try CityConnection(url: url)
        try CitySchema.requireCurrent(connection)
    }

    /// A registry over this store with the seeds' variant table and 続柄 order.
    public func registry(seeds: SeedDirectory) throws -> StoredResidentRegistry<PostgresStore> {
        try StoredResidentRegistry(store: self, seeds: seeds)
    }

    public func read<T>(_ body: (any PortableSQL) throws -> T) throws -> T {
        try lock.withLock { try body(Connection(connection: connection)) }
    }

    public func write<T>(_ body: (any PortableSQL) throws -> T) throws -> T {
        try lock.withLock { try connection.transactionThrowingAny { try body(Connection(connection: connection)) } }
    }

    private struct Connection: PortableSQL {
        let connection: CityConnection

        func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
            let result = try connection.query(Self.numbered(sql), arguments.map(Self.parameter))
            return result.values.map { values in
                SQLRow(columns: result.columns, values: values.enumerated().map { Self.value($0.element, type: result.types[$0.offset]) })
            }
        }

        func execute(_ sql: String, _ arguments: [any SQLBindable]) throws {
            _ = try connection.query(Self.numbered(sql), arguments.map(Self.parameter))
        }

        static func parameter(_ value: any SQLBindable) -> CityConnection.Parameter {
            switch value.sqlValue {
            case .null: .null
            case .integer(let number): .text(String(number))
            case .text(let text): .text(text)
            case .blob(let bytes): .bytes(bytes)
            }
        }

        /// A value of a column of type `type`: integers and booleans as integers, BYTEA decoded from its hex text.
        static func value(_ text: String?, type: UInt32) -> SQLValue {
            guard let text else { return .null }
            switch type {
            case 16: return .integer(text == "t" ? 1 : 0)
            case 20, 21, 23: return Int64(text).map(SQLValue.integer) ?? .text(text)
            case 17: return .blob(hexBytes(text))
            default: return .text(text)
            }
        }

        static func hexBytes(_ text: String) -> [UInt8] {
            let digits = Array(text.utf8.dropFirst(2))  // "\x"
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count / 2)
            func nibble(_ digit: UInt8) -> UInt8 {
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
                default: digit &- UInt8(ascii: "A") &+ 10
                }
            }
            var index = 0
            while index + 1 < digits.count {
                bytes.append(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
                index += 2
            }
            return bytes
        }

        /// `sql` with each `?` outside quotes numbered as PostgreSQL's `$1`, `$2` ….
        static func numbered(_ sql: String) -> String {
            var output = ""
            output.reserveCapacity(sql.utf8.count + 16)
            var number = 0
            var quoted = false
            for character in sql {
                if character == "'" { quoted.toggle() }
                if character == "?" && !quoted {
                    number += 1
                    output += "$\(number)"
                } else {
                    output.append(character)
                }
            }
            return output
        }
    }
}
