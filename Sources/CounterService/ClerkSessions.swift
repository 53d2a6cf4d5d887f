import CounterCore
import CounterStore
import Foundation

/// The clerk use cases: first-run setup, login with lockout, unlock, and the idle lock's rule.
///
/// Password checks are slow on purpose (PBKDF2): call them off the UI thread.
public struct ClerkSessions: Sendable {
    private let clerks: ClerkRepository
    /// How long without a key before the screen locks and asks the clerk's password again.
    public let idleTimeout: Duration

    /// Works on the clerks of `database`.
    public init(database: CounterDatabase, clock: any Clock, idleTimeout: Duration = .seconds(300)) {
        clerks = ClerkRepository(database: database, clock: clock)
        self.idleTimeout = idleTimeout
    }

    /// True when the terminal has no clerk yet: an administrator must be registered first.
    public func needsFirstRunSetup() throws -> Bool {
        try clerks.needsFirstRunSetup()
    }

    /// Registers the first administrator; the password must be typed twice alike.
    @discardableResult
    public func createAdministrator(clerkID: String, displayName: String, password: String,
                                    confirmation: String) throws -> Clerk {
        guard password == confirmation else { throw SetupError.passwordMismatch }
        return try clerks.create(clerkID: clerkID, displayName: displayName, role: .administrator, password: password)
    }

    /// Registers a clerk (administrator's task on the CLI).
    @discardableResult
    public func addClerk(clerkID: String, displayName: String, role: ClerkRole, password: String) throws -> Clerk {
        try clerks.create(clerkID: clerkID, displayName: displayName, role: role, password: password)
    }

    /// The clerk with this id, if registered.
    public func clerk(id: String) throws -> Clerk? {
        try clerks.clerk(id: id)
    }

    /// Logs a clerk in; ``ClerkError/authenticationFailed`` for a wrong id or password alike, and
    /// ``ClerkError/lockedOut`` after ``ClerkRepository/maximumFailedLogins`` failures in a row.
    public func logIn(clerkID: String, password: String) throws -> Clerk {
        try clerks.authenticate(clerkID: clerkID, password: password)
    }

    /// Lifts the idle lock of `clerk` once the password is typed again (failures count toward the lockout).
    public func resume(_ clerk: Clerk, password: String) throws {
        _ = try clerks.authenticate(clerkID: clerk.id, password: password)
    }

    /// Lifts a lockout (an administrator's task on the CLI).
    public func unlock(clerkID: String) throws {
        try clerks.unlock(clerkID: clerkID)
    }

    /// Lifts a lockout from the counter UI: only a logged-in administrator may.
    public func unlock(clerkID: String, by administrator: Clerk) throws {
        guard administrator.role == .administrator else { throw ClerkError.notPermitted(task: "ロックの解除") }
        try clerks.unlock(clerkID: clerkID)
    }

    /// The clerks locked after too many failed logins.
    public func lockedClerks() throws -> [Clerk] {
        try clerks.lockedClerks()
    }

    /// A 係長's (or an administrator's) approval of `task`, given by their id and password at the
    /// clerk's terminal; failures count toward their lockout like a login.
    public func approve(_ task: String, clerkID: String, password: String) throws -> Clerk {
        let approver = try clerks.authenticate(clerkID: clerkID, password: password)
        guard approver.role.canApprove else { throw ClerkError.notPermitted(task: task) }
        return approver
    }

    /// True when a clerk whose last key was at `lastActivity` must be locked out of the screen at `now`.
    public func idleLockIsDue(lastActivity: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastActivity) >= Double(idleTimeout.components.seconds)
            + Double(idleTimeout.components.attoseconds) / 1e18
    }
}

/// A first-run entry that cannot be accepted.
public enum SetupError: UserFacingError, Equatable {
    /// The two passwords differ.
    case passwordMismatch

    public var userMessage: String {
        "確認用のパスワードが一致しません。もう一度入力してください。"
    }
}

extension SetupError: EventErrorKind {
    /// `setup.<case>`, stable for event records.
    public var eventErrorKind: String { "setup.passwordMismatch" }
}

extension InputError: EventErrorKind {
    /// `input.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .emptyName: return "input.emptyName"
        case .emptyAddress: return "input.emptyAddress"
        case .invalidBirthDate: return "input.invalidBirthDate"
        case .futureBirthDate: return "input.futureBirthDate"
        case .birthDateTooEarly: return "input.birthDateTooEarly"
        case .invalidSexCode: return "input.invalidSexCode"
        case .forbiddenCharacter: return "input.forbiddenCharacter"
        case .tooLong: return "input.tooLong"
        case .furiganaNotKatakana: return "input.furiganaNotKatakana"
        }
    }
}
