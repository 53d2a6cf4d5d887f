import CounterCore
import Foundation
import GRDB

/// Clerks of the terminal: first-run check, creation and password login.
///
/// Key derivation is deliberately slow (~hundreds of ms): call from background work, never from
/// the UI thread.
public struct ClerkRepository: Sendable {
    private let writer: any DatabaseWriter
    /// A fixed hash used to spend the same time on unknown clerk ids as on known ones.
    private static let decoy = PasswordHash(
        kdf: PasswordHash.pbkdf2SHA256, iterations: PasswordHash.defaultIterations,
        salt: Data(repeating: 0x5a, count: 16), hash: Data(repeating: 0, count: 32))

    /// Works on the clerks of `database`.
    public init(database: CounterDatabase) {
        writer = database.writer
    }

    /// True when no clerk exists yet (the first-run setup must create an administrator).
    public func needsFirstRunSetup() throws -> Bool {
        try StoreError.translating {
            try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clerk") ?? 0 } == 0
        }
    }

    /// Creates a clerk with a freshly salted password hash.
    @discardableResult
    public func create(clerkID: String, displayName: String, role: ClerkRole, password: String,
                       now: Date = Date()) throws -> Clerk {
        guard ClerkRepository.isValidClerkID(clerkID) else { throw ClerkError.invalidClerkID }
        guard !displayName.trimmingCharacters(in: .whitespaces).isEmpty else { throw ClerkError.emptyDisplayName }
        guard password.count >= PasswordHash.minimumLength else {
            throw ClerkError.passwordTooShort(minimum: PasswordHash.minimumLength)
        }
        let hash = try PasswordHash.make(password: password)
        try StoreError.translating {
            try writer.write { db in
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clerk WHERE id = ?", arguments: [clerkID]) ?? 0 > 0 {
                    throw ClerkError.alreadyExists(clerkID: clerkID)
                }
                try db.execute(sql: """
                    INSERT INTO clerk (id, display_name, role, password_kdf, password_iterations, password_salt,
                                       password_hash, created_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [clerkID, displayName, role.rawValue, hash.kdf, hash.iterations, hash.salt,
                                     hash.hash, Int64(now.timeIntervalSince1970 * 1000)])
            }
        }
        return Clerk(id: clerkID, displayName: displayName, role: role)
    }

    /// Creates the first administrator (same rules as ``create(clerkID:displayName:role:password:now:)``).
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
        let stored = try StoreError.translating {
            try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM clerk WHERE id = ?", arguments: [clerkID]) }
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
        let failures = try StoreError.translating {
            try writer.write { db in
                let sql = matches ? "UPDATE clerk SET failed_logins = 0 WHERE id = ? AND failed_logins < ?"
                                  : "UPDATE clerk SET failed_logins = failed_logins + 1 WHERE id = ? AND failed_logins < ?"
                try db.execute(sql: sql, arguments: [clerkID, ClerkRepository.maximumFailedLogins])
                return try Int.fetchOne(db, sql: "SELECT failed_logins FROM clerk WHERE id = ?", arguments: [clerkID]) ?? 0
            }
        }
        guard failures < ClerkRepository.maximumFailedLogins else { throw ClerkError.lockedOut }
        guard matches else { throw ClerkError.authenticationFailed }
        return Clerk(id: clerkID, displayName: stored["display_name"],
                     role: ClerkRole(rawValue: stored["role"]) ?? .clerk, failedLogins: 0)
    }

    /// Lifts a lock after too many failed logins (an administrator's task): the failure count
    /// returns to 0. Throws ``ClerkError/unknownClerk(clerkID:)`` when no such clerk exists.
    public func unlock(clerkID: String) throws {
        try StoreError.translating {
            try writer.write { db in
                try db.execute(sql: "UPDATE clerk SET failed_logins = 0 WHERE id = ?", arguments: [clerkID])
                if db.changesCount == 0 { throw ClerkError.unknownClerk(clerkID: clerkID) }
            }
        }
    }

    /// The clerk with this id, or nil.
    public func clerk(id: String) throws -> Clerk? {
        try StoreError.translating {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT id, display_name, role, failed_logins FROM clerk WHERE id = ?",
                                 arguments: [id])
            }
        }.map { row in
            Clerk(id: row["id"], displayName: row["display_name"],
                  role: ClerkRole(rawValue: row["role"]) ?? .clerk, failedLogins: row["failed_logins"])
        }
    }

    /// ASCII letters, digits, `-`, `_`, `.`; 1 to 32 characters.
    public static func isValidClerkID(_ clerkID: String) -> Bool {
        guard (1...32).contains(clerkID.unicodeScalars.count) else { return false }
        return clerkID.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }
}
