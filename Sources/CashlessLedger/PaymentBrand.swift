import CounterCore

/// A cashless brand from `seeds/payment-brands.json`.
public struct PaymentBrand: Sendable, Hashable, Decodable {
    /// The id stored with a payment (`visa`, `icoca`, `paypay`).
    public var id: String
    /// 表示名 (Visa, ICOCA, PayPay).
    public var displayName: String
    /// The brand group settled with it.
    public var group: BrandGroup
    /// The first day it is accepted.
    public var validFrom: CalendarDate
    /// The last day it is accepted, if it ends.
    public var validTo: CalendarDate?
    /// True when a kiosk accepts it (without a clerk).
    public var kioskAccepts: Bool

    /// A brand (the seed file is the usual source).
    public init(id: String, displayName: String, group: BrandGroup, validFrom: CalendarDate, validTo: CalendarDate? = nil,
                kioskAccepts: Bool) {
        self.id = id
        self.displayName = displayName
        self.group = group
        self.validFrom = validFrom
        self.validTo = validTo
        self.kioskAccepts = kioskAccepts
    }

    /// True when the brand is accepted on `day`.
    public func isValid(on day: CalendarDate) -> Bool {
        validFrom <= day && (validTo.map { day <= $0 } ?? true)
    }
}

/// A fee item from `seeds/ledger-items.json`, with its fee table: the fees taken alone (閲覧, 再交付, …,
/// given on `counter ledger pay --item CODE:QTY`) and the certificates' fees per copy (`certificate: true`),
/// which only a certificate issuance takes. The one fee table of the terminal: a fee is decided here only.
public struct LedgerItem: Sendable, Hashable, Decodable {
    /// The item code.
    public var code: String
    /// The label printed on the 日計表.
    public var label: String
    /// The fee per unit from each date on, oldest first.
    public var fees: [Fee]
    /// True for a certificate's fee per copy (taken by the issuance, never as a fee alone).
    public var certificate: Bool

    /// One fee of the table: `yen` from `validFrom` on (until the next entry's date).
    public struct Fee: Sendable, Hashable, Decodable {
        /// The first day of this fee.
        public var validFrom: CalendarDate
        /// The fee per unit.
        public var yen: Yen

        /// A fee from `validFrom` on.
        public init(validFrom: CalendarDate, yen: Yen) {
            self.validFrom = validFrom
            self.yen = yen
        }
    }

    /// An item (the seed file is the usual source).
    public init(code: String, label: String, fees: [Fee], certificate: Bool = false) {
        self.code = code
        self.label = label
        self.fees = fees
        self.certificate = certificate
    }

    private enum CodingKeys: String, CodingKey { case code, label, fees, certificate }

    /// Decodes an entry; `certificate` is false when absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        label = try container.decode(String.self, forKey: .label)
        fees = try container.decode([Fee].self, forKey: .fees)
        certificate = try container.decodeIfPresent(Bool.self, forKey: .certificate) ?? false
    }

    /// The fee in force on `day`; nil before the first entry's date.
    public func fee(on day: CalendarDate) -> Yen? {
        fees.last { $0.validFrom <= day }?.yen
    }
}

/// A reason a cancellation may give, from `seeds/cancel-reasons.json`.
public struct CancelReason: Sendable, Hashable, Decodable {
    /// The code given on `counter ledger cancel --reason CODE`.
    public var code: String
    /// The label on the 日計表.
    public var label: String
    /// True when the reason needs a free text too (その他).
    public var requiresNote: Bool

    /// A reason (the seed file is the usual source).
    public init(code: String, label: String, requiresNote: Bool) {
        self.code = code
        self.label = label
        self.requiresNote = requiresNote
    }
}
