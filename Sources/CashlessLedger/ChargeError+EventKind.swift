import CounterCore

extension ChargeError: EventErrorKind {
    /// `charge.<case>`, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .declined: return "charge.declined"
        case .notCharged: return "charge.notCharged"
        case .unresolved: return "charge.unresolved"
        case .cancelNotConfirmed: return "charge.cancelNotConfirmed"
        }
    }
}
