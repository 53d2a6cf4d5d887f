extension YenError: EventErrorKind {
    /// `yen.overflow`, stable for event records.
    public var eventErrorKind: String { "yen.overflow" }
}
