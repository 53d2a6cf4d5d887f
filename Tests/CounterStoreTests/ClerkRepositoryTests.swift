import CounterCore
import Foundation
import GRDB
import Testing
@testable import CounterStore

@Suite("ClerkRepository")
struct ClerkRepositoryTests {
    @Test("first run is detected until an administrator exists")
    func firstRun() throws {
        let clerks = ClerkRepository(database: try .inMemory(), clock: SystemClock())
        #expect(try clerks.needsFirstRunSetup())
        let admin = try clerks.createAdministrator(clerkID: "admin", displayName: "管理者", password: "correct horse")
        #expect(admin.role == .administrator)
        #expect(try clerks.needsFirstRunSetup() == false)
    }

    @Test("the right password logs in; a wrong one and an unknown id fail alike and failures are counted")
    func authenticate() throws {
        let clerks = ClerkRepository(database: try .inMemory(), clock: SystemClock())
        try clerks.create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "s3cret-pass")
        let clerk = try clerks.authenticate(clerkID: "k.yamada", password: "s3cret-pass")
        #expect(clerk.displayName == "山田")
        #expect(clerk.role == .clerk)

        #expect(throws: ClerkError.authenticationFailed) {
            try clerks.authenticate(clerkID: "k.yamada", password: "s3cret-pasS")
        }
        #expect(throws: ClerkError.authenticationFailed) {
            try clerks.authenticate(clerkID: "nobody", password: "s3cret-pass")
        }
        #expect(try clerks.clerk(id: "k.yamada")?.failedLogins == 1)
        _ = try clerks.authenticate(clerkID: "k.yamada", password: "s3cret-pass")
        #expect(try clerks.clerk(id: "k.yamada")?.failedLogins == 0)
    }

    @Test("the stored hash is not the password, uses PBKDF2 with >= 210,000 rounds, and is salted")
    func storedHash() throws {
        let database = try CounterDatabase.inMemory()
        let clerks = ClerkRepository(database: database, clock: SystemClock())
        try clerks.create(clerkID: "a", displayName: "A", role: .clerk, password: "same password")
        try clerks.create(clerkID: "b", displayName: "B", role: .clerk, password: "same password")
        let rows = try database.writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM clerk ORDER BY id") }
        #expect(rows.count == 2)
        for row in rows {
            let kdf: String = row["password_kdf"]
            let iterations: Int = row["password_iterations"]
            let salt: Data = row["password_salt"]
            let hash: Data = row["password_hash"]
            #expect(kdf == "pbkdf2-sha256")
            #expect(iterations >= 210_000)
            #expect(salt.count == 16)
            #expect(hash.count == 32)
            #expect(hash != Data("same password".utf8))
            for column in row.columnNames {
                let value: DatabaseValue = row[column]
                if case .string(let text) = value.storage { #expect(!text.contains("same password")) }
                if case .blob(let bytes) = value.storage { #expect(bytes != Data("same password".utf8)) }
            }
        }
        let first: Data = rows[0]["password_hash"], second: Data = rows[1]["password_hash"]
        let firstSalt: Data = rows[0]["password_salt"], secondSalt: Data = rows[1]["password_salt"]
        #expect(first != second)
        #expect(firstSalt != secondSalt)
    }

    @Test("bad clerk data is refused with typed errors")
    func validation() throws {
        let clerks = ClerkRepository(database: try .inMemory(), clock: SystemClock())
        #expect(throws: ClerkError.invalidClerkID) {
            try clerks.create(clerkID: "", displayName: "x", role: .clerk, password: "long enough")
        }
        #expect(throws: ClerkError.invalidClerkID) {
            try clerks.create(clerkID: "山田", displayName: "x", role: .clerk, password: "long enough")
        }
        #expect(throws: ClerkError.emptyDisplayName) {
            try clerks.create(clerkID: "x", displayName: " ", role: .clerk, password: "long enough")
        }
        #expect(throws: ClerkError.passwordTooShort(minimum: 8)) {
            try clerks.create(clerkID: "x", displayName: "x", role: .clerk, password: "short")
        }
        try clerks.create(clerkID: "x", displayName: "x", role: .clerk, password: "long enough")
        #expect(throws: ClerkError.alreadyExists(clerkID: "x")) {
            try clerks.create(clerkID: "x", displayName: "y", role: .clerk, password: "long enough")
        }
        #expect(ClerkError.authenticationFailed.userMessage.contains("パスワード"))
    }

    @Test("constant-time comparison compares every byte and the length")
    func constantTime() {
        #expect(PasswordHash.constantTimeEqual(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!PasswordHash.constantTimeEqual(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!PasswordHash.constantTimeEqual(Data([1, 2, 3]), Data([1, 2])))
    }
}

@Suite("ClerkRepository lockout")
struct ClerkLockoutTests {
    @Test("five wrong passwords in a row lock the clerk, even against the right password, until unlocked")
    func lockout() throws {
        let clerks = ClerkRepository(database: try .inMemory(), clock: SystemClock())
        try clerks.create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "s3cret-pass")
        for attempt in 1...3 {
            #expect(throws: ClerkError.authenticationFailed) {
                try clerks.authenticate(clerkID: "k.yamada", password: "wrong-\(attempt)")
            }
        }
        // The fourth mistake warns that the next one locks.
        #expect(throws: ClerkError.lastAttemptLeft) { try clerks.authenticate(clerkID: "k.yamada", password: "wrong-4") }
        #expect(ClerkError.lastAttemptLeft.userMessage.contains("あと1回間違えると"))
        #expect(try clerks.clerk(id: "k.yamada")?.isLocked == false)
        #expect(try clerks.lockedClerks().isEmpty)
        #expect(throws: ClerkError.lockedOut) {
            try clerks.authenticate(clerkID: "k.yamada", password: "wrong-5")
        }
        #expect(throws: ClerkError.lockedOut) {
            try clerks.authenticate(clerkID: "k.yamada", password: "s3cret-pass")
        }
        let locked = try #require(try clerks.clerk(id: "k.yamada"))
        #expect(locked.isLocked)
        #expect(locked.failedLogins == ClerkRepository.maximumFailedLogins)
        #expect(try clerks.lockedClerks().map(\.id) == ["k.yamada"])

        try clerks.unlock(clerkID: "k.yamada")
        #expect(try clerks.clerk(id: "k.yamada")?.failedLogins == 0)
        #expect(try clerks.authenticate(clerkID: "k.yamada", password: "s3cret-pass").displayName == "山田")
    }

    @Test("a right password before the fifth failure resets the count")
    func successResets() throws {
        let clerks = ClerkRepository(database: try .inMemory(), clock: SystemClock())
        try clerks.create(clerkID: "a", displayName: "A", role: .clerk, password: "s3cret-pass")
        for _ in 1...4 { _ = try? clerks.authenticate(clerkID: "a", password: "wrong-pass") }
        _ = try clerks.authenticate(clerkID: "a", password: "s3cret-pass")
        for _ in 1...3 {
            #expect(throws: ClerkError.authenticationFailed) { try clerks.authenticate(clerkID: "a", password: "wrong-pass") }
        }
        #expect(throws: ClerkError.lastAttemptLeft) { try clerks.authenticate(clerkID: "a", password: "wrong-pass") }
        #expect(try clerks.clerk(id: "a")?.isLocked == false)
    }

    @Test("unlocking an unknown clerk is refused; the lockout message names the administrator's command")
    func unlockUnknown() throws {
        let clerks = ClerkRepository(database: try .inMemory(), clock: SystemClock())
        #expect(throws: ClerkError.unknownClerk(clerkID: "nobody")) { try clerks.unlock(clerkID: "nobody") }
        #expect(ClerkError.lockedOut.userMessage
            == "パスワードを5回続けて間違えたため、この職員IDはロックされています。管理者に、窓口画面のメニュー「4 職員のロック解除」で解除を依頼してください。")
        #expect(!ClerkError.lockedOut.userMessage.contains("counter "))
        #expect(ClerkError.unknownClerk(clerkID: "nobody").userMessage == "職員ID「nobody」は登録されていません。職員IDを確認してください。")
    }

    @Test("v5 adds 係長: a v4 file keeps its clerks (passwords, failure counts) and then accepts supervisors; other roles are refused")
    func supervisorMigration() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("counter-v4-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A terminal file as the v4 binary left it.
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        TerminalSchema.registerMigrations(in: &migrator)
        try migrator.migrate(queue, upTo: "v4-event-chain")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO clerk (id, display_name, role, password_kdf, password_iterations, password_salt, password_hash,
                                   failed_logins, created_at_ms)
                VALUES ('k.old', '古川', 'administrator', 'pbkdf2-sha256', 1, x'00', x'00', 3, 1)
                """)
        }
        try queue.close()
        do {
            let old = ClerkRepository(database: try CounterDatabase.open(path: path), clock: SystemClock())
            // Opening migrates; the clerk written before the migration ran is kept below.
            try old.create(clerkID: "k.yamada", displayName: "山田", role: .clerk, password: "s3cret-pass")
            #expect(throws: ClerkError.self) { try old.authenticate(clerkID: "k.yamada", password: "wrong-pass") }
        }
        let reopened = try CounterDatabase.open(path: path)
        let clerks = ClerkRepository(database: reopened, clock: SystemClock())
        let kept = try #require(try clerks.clerk(id: "k.old"))
        #expect(kept.displayName == "古川" && kept.role == .administrator && kept.failedLogins == 3)
        #expect(try clerks.clerk(id: "k.yamada")?.failedLogins == 1)
        #expect(try clerks.authenticate(clerkID: "k.yamada", password: "s3cret-pass").role == .clerk)
        let chief = try clerks.create(clerkID: "s.tanaka", displayName: "田中", role: .supervisor, password: "chief-pass-1")
        #expect(chief.role == .supervisor && chief.role.label == "係長" && chief.role.canApprove)
        #expect(!ClerkRole.clerk.canApprove && ClerkRole.administrator.canApprove)
        #expect(throws: (any Error).self) {
            try reopened.write { db in
                try db.execute(sql: "UPDATE clerk SET role = 'boss' WHERE id = 's.tanaka'")
            }
        }
    }
}

