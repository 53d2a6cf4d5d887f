import CounterCore

/// A group of cashless brands settled together: the ledger keeps one receivable per group, and the daily
/// close compares each group's total with the payment terminal's own report.
public enum BrandGroup: String, Sendable, Hashable, Codable, CaseIterable {
    /// クレジット (Visa, Mastercard, JCB, …).
    case credit
    /// 電子マネー (ICOCA, iD, QUICPay, …).
    case emoney
    /// コード決済 (PayPay, d払い, …).
    case code

    /// The Japanese label: クレジット, 電子マネー, コード決済.
    public var label: String {
        switch self {
        case .credit: return "クレジット"
        case .emoney: return "電子マネー"
        case .code: return "コード決済"
        }
    }

    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// How a payment was settled: in cash, or cashless in a brand group (a column of the 日計表).
public enum Settlement: Sendable, Hashable, Comparable {
    /// 現金.
    case cash
    /// キャッシュレス, in one brand group.
    case cashless(BrandGroup)

    /// `cash`, `credit`, `emoney` or `code`: the stored and reported name.
    public var name: String {
        switch self {
        case .cash: return "cash"
        case .cashless(let group): return group.rawValue
        }
    }

    /// 現金, クレジット, 電子マネー or コード決済.
    public var label: String {
        switch self {
        case .cash: return "現金"
        case .cashless(let group): return group.label
        }
    }

    /// Every settlement, in the 日計表's column order.
    public static let all: [Settlement] = [.cash] + BrandGroup.allCases.map { .cashless($0) }

    public static func < (lhs: Settlement, rhs: Settlement) -> Bool {
        (all.firstIndex(of: lhs) ?? 0) < (all.firstIndex(of: rhs) ?? 0)
    }
}
