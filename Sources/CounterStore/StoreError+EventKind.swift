import CounterCore

extension StoreError: EventErrorKind {
    /// `store.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .busy: return "store.busy"
        case .cannotOpen: return "store.cannotOpen"
        case .migrationFailed: return "store.migrationFailed"
        case .newerSchema: return "store.newerSchema"
        case .corruptRecord: return "store.corruptRecord"
        case .appendOnly: return "store.appendOnly"
        case .failed: return "store.failed"
        }
    }
}
