import CertificateIssue
import CounterKPI
import CounterStore
import Foundation

/// The terminal database with the schema of every module this binary holds: the one place that lists
/// them, so every command opens the same schema and a newer database is refused alike.
public enum CounterStorage {
    /// Every module's tables, in registration order (the KPI rollups last: their triggers count the others' rows).
    public static let schema = DatabaseSchema(modules: [TerminalSchema.self, LedgerSchema.self, RegistrySchema.self,
                                                                IssuanceSchema.self, KPISchema.self])

    /// Opens (creating and migrating) the database at `path`, or at the default location when nil.
    ///
    /// - Parameter busyTimeout: how long opening and each statement wait for another connection's lock.
    public static func open(path: String?, busyTimeout: Duration = .seconds(5)) throws -> CounterDatabase {
        try CounterDatabase.open(path: path ?? CounterDatabase.defaultPath(), schema: schema, busyTimeout: busyTimeout)
    }

    /// Opens the database at `path` for reading only (no write at all), e.g. while another program holds it.
    public static func openReadOnly(path: String) throws -> CounterDatabase {
        try CounterDatabase.openReadOnly(path: path, schema: schema)
    }

    /// A fresh in-memory database with the full schema (tests).
    public static func inMemory() throws -> CounterDatabase {
        try CounterDatabase.inMemory(schema: schema)
    }
}
