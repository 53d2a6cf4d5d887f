import CertificateIssue
import CashlessLedger
import CounterCore
import CounterKPI
import CounterStore
import Foundation

/// The KPI use cases the CLI and the supervisor's screen share: a report's figures for a scope, the rollups checked
/// against (or rebuilt from) the raw events, the convenience-store counts imported.
public struct KPIDesk: Sendable {
    /// The terminal's database (verify, rebuild, the convenience-store import); nil for the city's figures.
    public let database: CounterDatabase?
    /// Where the reports read their rollups: the terminal's database or the city's PostgreSQL.
    public let reports: any PortableStore
    public let context: KPIContext
    /// The shifts of `seeds/shifts.json`.
    public let shifts: [Shift]
    /// The certificate kinds a convenience-store row may name.
    public let certificateKinds: Set<String>

    /// A desk over `database` with the seeds' targets, terminals, shifts, fee labels and certificate kinds.
    public init(database: CounterDatabase, seeds: SeedDirectory) throws {
        try self.init(reports: SQLiteStore(database: database), database: database, seeds: seeds)
    }

    /// A desk whose reports read `reports` (the city's rollups, `counter report --source`); the terminal's own
    /// commands need `database`.
    public init(reports: any PortableStore, database: CounterDatabase? = nil, seeds: SeedDirectory) throws {
        self.database = database
        self.reports = reports
        let ledger = try LedgerCatalog.load(from: seeds)
        let kinds = try CertificateCatalog.load(from: seeds, feeItems: Set(ledger.items.map(\.code))).kinds
        context = KPIContext(targets: try KPITargets(seeds: seeds), terminals: try TerminalDirectory(seeds: seeds),
                             feeLabels: Dictionary(ledger.items.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first }),
                             kindLabels: Dictionary(kinds.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first }))
        shifts = try Shift.load(seeds: seeds)
        certificateKinds = Set(kinds.map(\.id))
    }

    /// The figures of `scope`.
    public func report(_ scope: ReportScope) throws -> KPIReport {
        let figures = try reports.read { db in
            try KPIStore.figures(scope, directory: context.terminals, targets: context.targets, in: db)
        }
        return KPIReport(scope: figures, context: context)
    }

    /// The shift holding `minutes` after midnight, if any.
    public func shift(at minutes: Int) -> Shift? {
        shifts.first { shift in shift.minutes.map { $0.start <= minutes && minutes < $0.end } ?? false }
    }

    /// Recomputes the rollups from the raw events and compares.
    public func verify() throws -> KPIRollups.Verification {
        try terminalDatabase().write { db in try KPIRollups.verify(in: db) }
    }

    /// Rebuilds the rollups from the raw events (after `verify` found a difference).
    public func rebuild() throws {
        try terminalDatabase().write { db in try KPIRollups.rebuild(in: db) }
    }

    /// Imports a convenience-store counts file (all or nothing).
    public func importConvenience(_ data: Data, name: String, at now: Date) throws -> ConvenienceImport.Result {
        try terminalDatabase().write { db in
            try ConvenienceImport.run(data: data, name: name, offices: context.terminals.offices, kinds: certificateKinds, at: now, in: db)
        }
    }

    private func terminalDatabase() throws -> CounterDatabase {
        guard let database else { throw KPIError.cityFigures }
        return database
    }
}
