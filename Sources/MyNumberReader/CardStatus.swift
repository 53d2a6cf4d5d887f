/// What `counter card status` shows for one reader.
public struct CardStatus: Sendable, Equatable {
    /// The reader's name.
    public var reader: String
    /// True when a card is present.
    public var cardPresent: Bool
    /// True when the card has both My Number applications; nil without a card.
    public var isMyNumberCard: Bool?
    /// Tries left for the card-info PIN, when known.
    public var cardInfoPINTriesLeft: Int?
    /// Tries left for the JPKI auth PIN, when known.
    public var authPINTriesLeft: Int?

    /// Asks the card in a session for its applications and PIN counters (no PIN is spent).
    public static func probe(reader: String, transport: any CardTransport) throws -> CardStatus {
        var status = CardStatus(reader: reader, cardPresent: true)
        do {
            status.cardInfoPINTriesLeft = try CardInfoApplication(transport: transport).pinTriesLeft()
            status.authPINTriesLeft = try JPKIApplication(transport: transport).authPINTriesLeft()
            status.isMyNumberCard = true
        } catch CardError.notMyNumberCard {
            status.isMyNumberCard = false
            status.cardInfoPINTriesLeft = nil
            status.authPINTriesLeft = nil
        }
        return status
    }

    /// Creates a status.
    public init(reader: String, cardPresent: Bool, isMyNumberCard: Bool? = nil,
                cardInfoPINTriesLeft: Int? = nil, authPINTriesLeft: Int? = nil) {
        self.reader = reader
        self.cardPresent = cardPresent
        self.isMyNumberCard = isMyNumberCard
        self.cardInfoPINTriesLeft = cardInfoPINTriesLeft
        self.authPINTriesLeft = authPINTriesLeft
    }
}
