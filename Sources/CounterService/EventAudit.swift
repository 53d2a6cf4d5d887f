import CounterStore

/// The audit of the recorded case events: every terminal's hash chain recomputed from the stored columns.
public struct EventAudit: Sendable {
    private let database: CounterDatabase

    /// Audits the events of `database`.
    public init(database: CounterDatabase) {
        self.database = database
    }

    /// Recomputes every chain; the report names the first record that does not match.
    public func verify() throws -> ChainReport {
        try database.read { db in try CaseEventRepository.verifyChains(in: db) }
    }

    /// The write-once triggers that are missing (a chain check alone cannot see them dropped).
    public func missingGuards() throws -> [String] {
        try database.read { db in try CaseEventRepository.missingGuards(in: db) }
    }
}
