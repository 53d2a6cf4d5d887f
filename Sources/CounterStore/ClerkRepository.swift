import CounterCore
import Foundation
import GRDB

/// Clerks of the terminal: first-run check, creation and password login.
///
/// Key derivation is deliberately slow (~hundreds of ms): call from background work, never from
/// the UI thread. It runs outside any transaction; the reads and writes around it are the
/// `Database`-taking operations below, which a caller may also compose with other writes.
public struct ClerkRepository: Sendable {
    private let database: CounterDatabase
    private let clock: any Clock
    /// A fixed hash used to spend the same time on unknown clerk ids as on known ones.
    private static let decoy = PasswordHash(
        kdf: PasswordHash.pbkdf2SHA256, iterations: PasswordHash.defaultIterations,
        salt: Data(repeating: 0x5a, count: 16), hash: Data(repeating: 0, count: 32))

    /// Works on the clerks of `database`; creation times come from `clock`.
    public init(database: CounterDatabase, clock: any Clock) {
        self.database = database
        self.clock = clock
    }

    /// True when no clerk exists yet (the first-run setup must create an administrator).
    public func needsFirstRunSetup() throws -> Bool {
        try database.read { db in try Self.count(in: db) } == 0
    }

    /// The number of clerks.
    public static func count(in db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clerk") ?? 0
    }

    /// Creates a clerk with a freshly salted password hash.
    @discardableResult
    public func create(clerkID: String, displayName: String, role: ClerkRole, password: String) throws -> Clerk {
        guard ClerkRepository.isValidClerkID(clerkID) else { throw ClerkError.invalidClerkID }
        guard !displayName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ClerkError.emptyDisplayName }
        guard password.count >= PasswordHash.minimumLength else {
            throw ClerkError.passwordTooShort(minimum: PasswordHash.minimumLength)
        }
        let hash = try PasswordHash.make(password: password)
        let clerk = Clerk(id: clerkID, displayName: displayName, role: role)
        let now = clock.now()
        try database.write { db in try Self.insert(clerk, hash: hash, createdAt: now, in: db) }
        return clerk
    }

    /// Inserts a clerk whose password is already hashed; ``ClerkError/alreadyExists(clerkID:)`` when
    /// the id is taken.
    public static func insert(_ clerk: Clerk, hash: PasswordHash, createdAt: Date, in db: Database) throws {
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clerk WHERE id = ?", arguments: [clerk.id]) ?? 0 > 0 {
            throw ClerkError.alreadyExists(clerkID: clerk.id)
        }
        try db.execute(sql: """
            INSERT INTO clerk (id, display_name, role, password_kdf, password_iterations, password_salt,
                               password_hash, created_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [clerk.id, clerk.displayName, clerk.role.rawValue, hash.kdf, hash.iterations, hash.salt,
                             hash.hash, Int64(createdAt.timeIntervalSince1970 * 1000)])
    }

    /// Creates the first administrator (same rules as ``create(clerkID:displayName:role:password:)``).
    @discardableResult
    public func createAdministrator(clerkID: String, displayName: String, password: String) throws -> Clerk {
        try create(clerkID: clerkID, displayName: displayName, role: .administrator, password: password)
    }

    /// Failed logins in a row after which a clerk is locked until an administrator unlocks it.
    public static let maximumFailedLogins = 5

    /// Checks the password; returns the clerk, or throws ``ClerkError/authenticationFailed`` for an
    /// unknown id or a wrong password alike. Failed attempts are counted; success resets the count.
    /// A clerk with ``maximumFailedLogins`` failures in a row is locked: every attempt, even with
    /// the right password, throws ``ClerkError/lockedOut`` until ``unlock(clerkID:)``.
    public func authenticate(clerkID: String, password: String) throws -> Clerk {
        let stored = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM clerk WHERE id = ?", arguments: [clerkID])
        }
        guard let stored else {
            _ = try ClerkRepository.decoy.verify(password: password)
            throw ClerkError.authenticationFailed
        }
        let failedLogins: Int = stored["failed_logins"]
        guard failedLogins < ClerkRepository.maximumFailedLogins else { throw ClerkError.lockedOut }
        let hash = PasswordHash(kdf: stored["password_kdf"], iterations: stored["password_iterations"],
                                salt: stored["password_salt"], hash: stored["password_hash"])
        let matches = try hash.verify(password: password)
        // One statement per outcome, so concurrent attempts never lose a count; the lock check is
        // repeated on the stored count in case another attempt failed meanwhile.
        let failures = try database.write { db in
            let sql = matches ? "UPDATE clerk SET failed_logins = 0 WHERE id = ? AND failed_logins < ?"
                              : "UPDATE clerk SET failed_logins = failed_logins + 1 WHERE id = ? AND failed_logins < ?"
            try db.execute(sql: sql, arguments: [clerkID, ClerkRepository.maximumFailedLogins])
            return try Int.fetchOne(db, sql: "SELECT failed_logins FROM clerk WHERE id = ?", arguments: [clerkID]) ?? 0
        }
        guard failures < ClerkRepository.maximumFailedLogins else { throw ClerkError.lockedOut }
        guard matches else {
            // Warned before the last try, not after it.
            throw failures == ClerkRepository.maximumFailedLogins - 1 ? ClerkError.lastAttemptLeft : .authenticationFailed
        }
        return Clerk(id: clerkID, displayName: stored["display_name"],
                     role: ClerkRole(rawValue: stored["role"]) ?? .clerk, failedLogins: 0)
    }

    /// Lifts a lock after too many failed logins (an administrator's task): the failure count
    /// returns to 0. Throws ``ClerkError/unknownClerk(clerkID:)`` when no such clerk exists.
    public func unlock(clerkID: String) throws {
        try database.write { db in try Self.unlock(clerkID: clerkID, in: db) }
    }

    /// ``unlock(clerkID:)`` inside a caller's transaction.
    public static func unlock(clerkID: String, in db: Database) throws {
        try db.execute(sql: "UPDATE clerk SET failed_logins = 0 WHERE id = ?", arguments: [clerkID])
        if db.changesCount == 0 { throw ClerkError.unknownClerk(clerkID: clerkID) }
    }

    /// The clerks locked after too many failed logins, by id.
    public func lockedClerks() throws -> [Clerk] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, display_name, role, failed_logins FROM clerk WHERE failed_logins >= ? ORDER BY id",
                             arguments: [ClerkRepository.maximumFailedLogins])
                .map { row in
                    Clerk(id: row["id"], displayName: row["display_name"],
                          role: ClerkRole(rawValue: row["role"]) ?? .clerk, failedLogins: row["failed_logins"])
                }
        }
    }

    /// The clerk with this id, or nil.
    public func clerk(id: String) throws -> Clerk? {
        try database.read { db in try Self.clerk(id: id, in: db) }
    }

    /// The clerk with this id, or nil, inside a caller's transaction.
    public static func clerk(id: String, in db: Database) throws -> Clerk? {
        try Row.fetchOne(db, sql: "SELECT id, display_name, role, failed_logins FROM clerk WHERE id = ?", arguments: [id])
            .map { row in
                Clerk(id: row["id"], displayName: row["display_name"],
                      role: ClerkRole(rawValue: row["role"]) ?? .clerk, failedLogins: row["failed_logins"])
            }
    }

    /// ASCII letters, digits, `-`, `_`, `.`; 1 to 32 characters.
    public static func isValidClerkID(_ clerkID: String) -> Bool {
        clerkID.unicodeScalars.count <= 32 && RecordIdentifier.isValid(clerkID)
    }
}
