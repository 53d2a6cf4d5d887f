import CounterCore
import Foundation
import GRDB
import Testing
@testable import CounterStore

@Suite("PrinterCalibrationRepository")
struct PrinterCalibrationRepositoryTests {
    @Test("an offset is stored per printer, read back and overwritten; an unknown printer has none")
    func storeReadOverwrite() throws {
        let calibrations = PrinterCalibrationRepository(database: try .inMemory())
        #expect(try calibrations.offset(for: "office-laser") == nil)

        try calibrations.setOffset(PrinterOffset(x: 1.5, y: -2), for: "office-laser")
        try calibrations.setOffset(PrinterOffset(x: -0.25, y: 0.75), for: "folder:/srv/counter/pdf")
        #expect(try calibrations.offset(for: "office-laser") == PrinterOffset(x: 1.5, y: -2))
        #expect(try calibrations.offset(for: "folder:/srv/counter/pdf") == PrinterOffset(x: -0.25, y: 0.75))

        try calibrations.setOffset(PrinterOffset(x: 0, y: 10), for: "office-laser")
        #expect(try calibrations.offset(for: "office-laser") == PrinterOffset(x: 0, y: 10))
        #expect(try calibrations.offset(for: "folder:/srv/counter/pdf") == PrinterOffset(x: -0.25, y: 0.75))
        #expect(try calibrations.offset(for: "Office-Laser") == nil)
    }

    @Test("the last write time is recorded in milliseconds")
    func updatedAt() throws {
        let database = try CounterDatabase.inMemory()
        let calibrations = PrinterCalibrationRepository(database: database)
        try calibrations.setOffset(PrinterOffset(x: 1, y: 1), for: "q", now: Date(timeIntervalSince1970: 1_000))
        try calibrations.setOffset(PrinterOffset(x: 2, y: 2), for: "q", now: Date(timeIntervalSince1970: 2_000))
        let stored = try database.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT updated_at_ms FROM printer_calibration WHERE printer_key = 'q'")
        }
        #expect(stored == 2_000_000)
    }

    @Test("offsets beyond ±10 mm or not numbers are rejected with a Japanese message and not stored",
          arguments: [(10.01, 0.0), (0.0, -10.5), (20.0, 0.0), (Double.nan, 0.0), (0.0, Double.infinity)])
    func outOfRange(x: Double, y: Double) throws {
        let calibrations = PrinterCalibrationRepository(database: try .inMemory())
        try calibrations.setOffset(PrinterOffset(x: 1, y: 1), for: "q")
        #expect {
            try calibrations.setOffset(PrinterOffset(x: x, y: y), for: "q")
        } throws: { error in
            guard case PrinterCalibrationError.outOfRange = error else { return false }
            return (error as? PrinterCalibrationError)?.userMessage.contains("-10〜10 mm") == true
        }
        #expect(try calibrations.offset(for: "q") == PrinterOffset(x: 1, y: 1))
    }

    @Test("the limits themselves are accepted")
    func limits() throws {
        let calibrations = PrinterCalibrationRepository(database: try .inMemory())
        try calibrations.setOffset(PrinterOffset(x: -10, y: 10), for: "q")
        #expect(try calibrations.offset(for: "q") == PrinterOffset(x: -10, y: 10))
    }

    @Test("an empty printer key is rejected")
    func emptyKey() throws {
        let calibrations = PrinterCalibrationRepository(database: try .inMemory())
        #expect(throws: PrinterCalibrationError.emptyPrinterKey) {
            try calibrations.setOffset(PrinterOffset(x: 0, y: 0), for: "")
        }
    }

    @Test("the table rejects out-of-range values written around the repository")
    func tableCheck() throws {
        let database = try CounterDatabase.inMemory()
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
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
            try StoreMigrations.migrator.migrate(v1, upTo: "v1-case-events")
            #expect(try v1.read { db in try db.tableExists("printer_calibration") } == false)
            try v1.write { db in
                try db.execute(sql: """
                    INSERT INTO clerk (id, display_name, role, password_kdf, password_iterations, password_salt,
                                       password_hash, created_at_ms)
                    VALUES ('admin', '管理者', 'administrator', 'pbkdf2-sha256', 1, x'00', x'00', 0)
                    """)
            }
        }
        let database = try CounterDatabase.open(path: path)
        let calibrations = PrinterCalibrationRepository(database: database)
        #expect(try calibrations.offset(for: "q") == nil)
        try calibrations.setOffset(PrinterOffset(x: 0.5, y: -1), for: "q")
        #expect(try calibrations.offset(for: "q") == PrinterOffset(x: 0.5, y: -1))
        #expect(try ClerkRepository(database: database).clerk(id: "admin")?.displayName == "管理者")
        let applied = try database.writer.read { db in try StoreMigrations.migrator.appliedIdentifiers(db) }
        #expect(applied.contains("v2-printer-calibrations"))
    }

    @Test("summary and argument print millimetres without a needless .0")
    func texts() {
        #expect(PrinterOffset(x: 1.5, y: -2).summary == "横 1.5 mm、縦 -2 mm")
        #expect(PrinterOffset(x: 1.5, y: -2).argument == "1.5,-2")
    }
}
