import CounterCore

extension TLVError: EventErrorKind {
    /// `cardData.<case>`: the card's data could not be parsed, stable for event records.
    public var eventErrorKind: String {
        switch self {
        case .truncated: return "cardData.truncated"
        case .badLength: return "cardData.badLength"
        case .tagTooLong: return "cardData.tagTooLong"
        }
    }
}
