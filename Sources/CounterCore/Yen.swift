/// An amount of money in whole yen: an integer, never floating point, with checked arithmetic.
///
/// Every operation that could leave the range of `Int64` throws ``YenError/overflow`` instead of
/// trapping, so an absurd quantity typed at the counter is an error the clerk sees, never a crash.
public struct Yen: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in yen (negative for a reversal or a shortage).
    public let amount: Int64

    /// An amount of `amount` yen.
    public init(_ amount: Int64) {
        self.amount = amount
    }

    /// No money.
    public static let zero = Yen(0)

    /// `self + other`, or ``YenError/overflow``.
    public func adding(_ other: Yen) throws(YenError) -> Yen {
        let (sum, overflow) = amount.addingReportingOverflow(other.amount)
        if overflow { throw .overflow }
        return Yen(sum)
    }

    /// `self - other`, or ``YenError/overflow``.
    public func subtracting(_ other: Yen) throws(YenError) -> Yen {
        let (difference, overflow) = amount.subtractingReportingOverflow(other.amount)
        if overflow { throw .overflow }
        return Yen(difference)
    }

    /// `self × count` (a unit fee times copies, a denomination times pieces), or ``YenError/overflow``.
    public func multiplied(by count: Int64) throws(YenError) -> Yen {
        let (product, overflow) = amount.multipliedReportingOverflow(by: count)
        if overflow { throw .overflow }
        return Yen(product)
    }

    /// The sum of `amounts`, or ``YenError/overflow``.
    public static func sum<S: Sequence>(_ amounts: S) throws(YenError) -> Yen where S.Element == Yen {
        var total = Yen.zero
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    /// True for a negative amount.
    public var isNegative: Bool { amount < 0 }

    /// 「1,234円」, with a minus sign for negative amounts (「-50円」).
    public var description: String { "\(grouped)円" }

    /// The digits grouped by thousands without the unit: 「1,234」, 「-50」.
    public var grouped: String {
        let digits = String(amount.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (amount < 0 ? "-" : "") + result
    }

    public static func < (lhs: Yen, rhs: Yen) -> Bool { lhs.amount < rhs.amount }

    /// Decodes a JSON integer (a fraction or a number beyond `Int64` is refused, naming no value).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = try? container.decode(Int64.self) else {
            throw DecodingError.seedValue("金額は円単位の整数で指定してください", at: container.codingPath)
        }
        self.init(value)
    }

    /// Encodes the amount as a JSON integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(amount)
    }
}
