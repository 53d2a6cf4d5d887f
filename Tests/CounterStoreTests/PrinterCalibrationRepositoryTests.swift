import CounterCore
import DocumentPrint
import Foundation
import GRDB
import Testing
@testable import CounterStore

/// The repository's operations, each in a transaction of its own.
struct Calibrations {
    let database: CounterDatabase

    func offset(for key: String) throws -> PrinterCalibration? {
        try database.read { db in try PrinterCalibrationRepository.calibration(for: key, in: db) }
    }

    func setOffset(_ calibration: PrinterCalibration, for key: String, now: Date = Date(timeIntervalSince1970: 0)) throws {
        try database.write { db in try PrinterCalibrationRepository.store(calibration, for: key, at: now, in: db) }
    }
}

@Suite("PrinterCalibrationRepository")
struct PrinterCalibrationRepositoryTests {
    @Test("an offset is stored per printer, read back and overwritten; an unknown printer has none")
    func storeReadOverwrite() throws {
        let calibrations = Calibrations(database: try .inMemory())
        #expect(try calibrations.offset(for: "office-laser") == nil)

        try calibrations.setOffset(PrinterCalibration(x: 1.5, y: -2), for: "office-laser")
        try calibrations.setOffset(PrinterCalibration(x: -0.25, y: 0.75), for: "folder:/srv/counter/pdf")
        #expect(try calibrations.offset(for: "office-laser") == PrinterCalibration(x: 1.5, y: -2))
        #expect(try calibrations.offset(for: "folder:/srv/counter/pdf") == PrinterCalibration(x: -0.25, y: 0.75))

        try calibrations.setOffset(PrinterCalibration(x: 0, y: 10), for: "office-laser")
        #expect(try calibrations.offset(for: "office-laser") == PrinterCalibration(x: 0, y: 10))
        #expect(try calibrations.offset(for: "folder:/srv/counter/pdf") == PrinterCalibration(x: -0.25, y: 0.75))
        #expect(try calibrations.offset(for: "Office-Laser") == nil)
    }

    @Test("the last write time is recorded in milliseconds")
    func updatedAt() throws {
        let database = try CounterDatabase.inMemory()
        let calibrations = Calibrations(database: database)
        try calibrations.setOffset(PrinterCalibration(x: 1, y: 1), for: "q", now: Date(timeIntervalSince1970: 1_000))
        try calibrations.setOffset(PrinterCalibration(x: 2, y: 2), for: "q", now: Date(timeIntervalSince1970: 2_000))
        let stored = try database.writer.read { (db: Database) throws in
            try Int64.fetchOne(db, sql: "SELECT updated_at_ms FROM printer_calibration WHERE printer_key = 'q'")
        }
        #expect(stored == 2_000_000)
    }

    @Test("offsets beyond ±10 mm or not numbers are rejected with a Japanese message and not stored",
          arguments: [(10.01, 0.0), (0.0, -10.5), (20.0, 0.0), (Double.nan, 0.0), (0.0, Double.infinity)])
    func outOfRange(x: Double, y: Double) throws {
        let calibrations = Calibrations(database: try .inMemory())
        try calibrations.setOffset(PrinterCalibration(x: 1, y: 1), for: "q")
        #expect {
            try calibrations.setOffset(PrinterCalibration(x: x, y: y), for: "q")
        } throws: { error in
            guard case PrinterCalibrationError.outOfRange = error else { return false }
            return (error as? PrinterCalibrationError)?.userMessage.contains("-10〜10 mm") == true
        }
        #expect(try calibrations.offset(for: "q") == PrinterCalibration(x: 1, y: 1))
    }

    @Test("the limits themselves are accepted")
    func limits() throws {
        let calibrations = Calibrations(database: try .inMemory())
        try calibrations.setOffset(PrinterCalibration(x: -10, y: 10), for: "q")
        #expect(try calibrations.offset(for: "q") == PrinterCalibration(x: -10, y: 10))
    }

    @Test("an empty printer key is rejected")
    func emptyKey() throws {
        let calibrations = Calibrations(database: try .inMemory())
        #expect(throws: PrinterCalibrationError.emptyPrinterKey) {
            try calibrations.setOffset(PrinterCalibration(x: 0, y: 0), for: "")
        }
    }

    @Test("the table rejects out-of-range values written around the repository")
    func tableCheck() throws {
        let database = try CounterDatabase.inMemory()
        #expect(throws: DatabaseError.self) {
            try database.writer.write { (db: Database) throws in
                try db.execute(sql: "INSERT INTO printer_calibration VALUES ('q', 11, 0, 0)")
            }
        }
    }

    @Test("opening a database made before calibrations existed adds the table and keeps the data")
    func migratesV1Database() throws {
        let path = try temporaryDatabasePath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        do {
            let v1 = try DatabaseQueue(path: path)
            try DatabaseSchema.terminal.migrator.migrate(v1, upTo: "v1-case-events")
            #expect(try v1.read { db in try db.tableExists("printer_calibration") } == false)
            try v1.write { (db: Database) throws in
                try db.execute(sql: """
                    INSERT INTO clerk (id, display_name, role, password_kdf, password_iterations, password_salt,
                                       password_hash, created_at_ms)
                    VALUES ('admin', '管理者', 'administrator', 'pbkdf2-sha256', 1, x'00', x'00', 0);
                    INSERT INTO case_event (id, terminal_id, clerk_id, case_id, occurred_at_ms, day, kind)
                    VALUES ('6F9619FF-8B86-D011-B42D-00C04FC964FF', 'T01', 'admin',
                            '6F9619FF-8B86-D011-B42D-00C04FC964F0', 1795222800000, '2026-11-21', 'caseStarted');
                    """)
            }
        }
        let database = try CounterDatabase.open(path: path)
        let calibrations = Calibrations(database: database)
        #expect(try calibrations.offset(for: "q") == nil)
        try calibrations.setOffset(PrinterCalibration(x: 0.5, y: -1), for: "q")
        #expect(try calibrations.offset(for: "q") == PrinterCalibration(x: 0.5, y: -1))
        #expect(try ClerkRepository(database: database, clock: SystemClock()).clerk(id: "admin")?.displayName == "管理者")
        // Events recorded before v3 were counter cases of clerks, preprinted.
        try database.writer.read { (db: Database) throws in
            #expect(try db.columns(in: "case_event").map(\.name).contains("actor_id"))
        }
        let applied = try database.writer.read { db in try DatabaseSchema.terminal.migrator.appliedIdentifiers(db) }
        #expect(applied.contains("v2-printer-calibrations"))
        #expect(applied.contains("v3-event-actor-channel"))
        let old = try database.writer.read { (db: Database) throws in
            try CaseEventRepository.events(caseID: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964F0")!, in: db)
        }
        #expect(old.map(\.actor) == [.clerk(id: "admin")])
        #expect(old.map(\.channel) == [.counter])
        #expect(old.map(\.kind) == [.caseStarted(style: .preprinted)])
        // v4 linked the old rows into the chain, and new rows continue it.
        #expect(applied.contains("v4-event-chain"))
        #expect(try database.read { db in try CaseEventRepository.verifyChains(in: db) } == ChainReport(recordsPerTerminal: ["T01": 1], firstBreak: nil))
    }

    @Test("--offset text is parsed and checked by the one calibration type")
    func argumentParsing() throws {
        #expect(try PrinterCalibration(argument: "0.5,-1") == PrinterCalibration(x: 0.5, y: -1))
        #expect(try PrinterCalibration(argument: " -1 , 2 ") == PrinterCalibration(x: -1, y: 2))
        #expect(try PrinterCalibration(argument: "1") == nil)
        #expect(try PrinterCalibration(argument: "a,b") == nil)
        #expect(throws: PrinterCalibrationError.outOfRange(x: 12, y: 0)) { try PrinterCalibration(argument: "12,0") }
        #expect(PrinterKey.folder(URL(fileURLWithPath: "/srv/./pdf/")) == "folder:/srv/pdf")
        #expect(PrinterKey.queue("counter-pdf") == "counter-pdf")
    }

    @Test("summary and argument print millimetres without a needless .0")
    func texts() {
        #expect(PrinterCalibration(x: 1.5, y: -2).summary == "横 1.5 mm、縦 -2 mm")
        #expect(PrinterCalibration(x: 1.5, y: -2).argument == "1.5,-2")
    }
}
