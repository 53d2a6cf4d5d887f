import CounterCore

/// A person who may log in to the counter terminal.
public struct Clerk: Sendable, Equatable {
    /// Login id (職員ID), unique on the terminal.
    public var id: String
    /// Name shown on the status line.
    public var displayName: String
    /// What the clerk may do.
    public var role: ClerkRole
    /// Failed logins since the last successful one.
    public var failedLogins: Int

    /// True once the clerk failed ``ClerkRepository/maximumFailedLogins`` times in a row: no login
    /// until an administrator unlocks the clerk.
    public var isLocked: Bool { failedLogins >= ClerkRepository.maximumFailedLogins }

    /// Creates a clerk record.
    public init(id: String, displayName: String, role: ClerkRole, failedLogins: Int = 0) {
        self.id = id
        self.displayName = displayName
        self.role = role
        self.failedLogins = failedLogins
    }
}

/// The role of a clerk.
public enum ClerkRole: String, Sendable, Equatable, CaseIterable {
    /// Sets up the terminal and manages clerks.
    case administrator
    /// 係長: serves at the counter and approves what a clerk may not do alone (resuming a stopped
    /// printer; later cancellations and the daily close).
    case supervisor
    /// Serves citizens at the counter.
    case clerk

    /// The Japanese label: 管理者, 係長 or 職員.
    public var label: String {
        switch self {
        case .administrator: return "管理者"
        case .supervisor: return "係長"
        case .clerk: return "職員"
        }
    }

    /// True when this role may approve a supervisor's task (係長 and 管理者).
    public var canApprove: Bool { self != .clerk }
}

/// A clerk operation refused, explained for the clerk.
public enum ClerkError: UserFacingError, Equatable {
    /// The id or the password is wrong (deliberately not saying which).
    case authenticationFailed
    /// A clerk with this id already exists.
    case alreadyExists(clerkID: String)
    /// The clerk id is empty or has characters other than ASCII letters, digits, `-`, `_`, `.`.
    case invalidClerkID
    /// The display name is empty.
    case emptyDisplayName
    /// The password is shorter than ``PasswordHash/minimumLength`` characters.
    case passwordTooShort(minimum: Int)
    /// The key derivation itself failed.
    case hashingFailed
    /// The id or the password is wrong, and one more mistake locks this clerk id.
    case lastAttemptLeft
    /// Too many wrong passwords in a row: the clerk is locked until an administrator unlocks it.
    case lockedOut
    /// The clerk may not do this (a 係長's or an administrator's task).
    case notPermitted(task: String)
    /// No clerk has this id (administrator operations).
    case unknownClerk(clerkID: String)

    public var userMessage: String {
        switch self {
        case .authenticationFailed:
            return "職員IDまたはパスワードが違います。入力し直してください。"
        case .alreadyExists(let clerkID):
            return "職員ID「\(clerkID)」はすでに登録されています。別のIDを入力してください。"
        case .invalidClerkID:
            return "職員IDは半角英数字（- _ . を含む）で入力してください。"
        case .emptyDisplayName:
            return "表示名を入力してください。"
        case .passwordTooShort(let minimum):
            return "パスワードは\(minimum)文字以上で入力してください。"
        case .hashingFailed:
            return "パスワードの処理に失敗しました。もう一度お試しください。続く場合は管理者に連絡してください。"
        case .lastAttemptLeft:
            return "職員IDまたはパスワードが違います。あと1回間違えると、この職員IDはロックされ、管理者による解除が必要になります。"
        case .lockedOut:
            return "パスワードを\(ClerkRepository.maximumFailedLogins)回続けて間違えたため、この職員IDはロックされています。"
                + "管理者に、窓口画面のメニュー「4 職員のロック解除」で解除を依頼してください。"
        case .unknownClerk(let clerkID):
            return "職員ID「\(clerkID)」は登録されていません。職員IDを確認してください。"
        case .notPermitted(let task):
            return "\(task)は係長または管理者の職員IDとパスワードが必要です。係長か管理者に入力を依頼してください。"
        }
    }
}
