import CounterCore

extension PrintError: EventErrorKind {
    /// `print.<case>` (`print.queueStopped` …), stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .cupsNotRunning: return "print.cupsNotRunning"
        case .queueNotFound: return "print.queueNotFound"
        case .queueStopped: return "print.queueStopped"
        case .queueNotAccepting: return "print.queueNotAccepting"
        case .resumeNotAllowed: return "print.resumeNotAllowed"
        case .submitFailed: return "print.submitFailed"
        case .folderNotWritable: return "print.folderNotWritable"
        case .folderShared: return "print.folderShared"
        case .invalidCopies: return "print.invalidCopies"
        case .timeout: return "print.timeout"
        }
    }
}
