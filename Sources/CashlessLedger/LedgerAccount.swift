/// An account of one terminal's ledger. Balances are sums of postings, never stored.
public enum LedgerAccount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 現金: the cash drawer.
    case cash
    /// The receivable from the settlement company of one brand group.
    case receivable(BrandGroup)
    /// Fee revenue of one item code.
    case revenue(itemCode: String)
    /// 公用: the fee an exempt item would have cost (memo, debit side).
    case exemptMemo
    /// The counter-entry of ``exemptMemo`` (memo, credit side), so a memo posting balances too.
    case exemptMemoContra

    /// The stored code: `cash`, `receivable.credit`, `revenue.<item code>`, `memo.exempt`, `memo.exempt-contra`.
    public var code: String {
        switch self {
        case .cash: return "cash"
        case .receivable(let group): return "receivable.\(group.rawValue)"
        case .revenue(let itemCode): return "revenue.\(itemCode)"
        case .exemptMemo: return "memo.exempt"
        case .exemptMemoContra: return "memo.exempt-contra"
        }
    }

    /// The account of a stored code; nil for a code no version of the ledger writes.
    public init?(code: String) {
        switch code {
        case "cash": self = .cash
        case "memo.exempt": self = .exemptMemo
        case "memo.exempt-contra": self = .exemptMemoContra
        default:
            if code.hasPrefix("receivable."), let group = BrandGroup(rawValue: String(code.dropFirst("receivable.".count))) {
                self = .receivable(group)
            } else if code.hasPrefix("revenue."), code.count > "revenue.".count {
                self = .revenue(itemCode: String(code.dropFirst("revenue.".count)))
            } else {
                return nil
            }
        }
    }

    /// The account that a settlement debits: the cash drawer or the group's receivable.
    public static func settling(_ settlement: Settlement) -> LedgerAccount {
        switch settlement {
        case .cash: return .cash
        case .cashless(let group): return .receivable(group)
        }
    }

    public var description: String { code }

    public static func < (lhs: LedgerAccount, rhs: LedgerAccount) -> Bool { lhs.code < rhs.code }
}
