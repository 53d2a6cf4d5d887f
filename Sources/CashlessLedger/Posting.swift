import CounterCore

/// Which side of an account a posting is on.
public enum PostingSide: String, Sendable, Hashable, Codable {
    /// 借方.
    case debit
    /// 貸方.
    case credit

    /// The other side (a reversal swaps them).
    public var opposite: PostingSide { self == .debit ? .credit : .debit }
}

/// One line of an entry: an amount (always positive) on one side of one account.
public struct Posting: Sendable, Hashable {
    /// The account.
    public var account: LedgerAccount
    /// Debit or credit.
    public var side: PostingSide
    /// The amount, greater than zero.
    public var amount: Yen

    /// A posting of `amount` on `side` of `account`.
    public init(_ side: PostingSide, _ account: LedgerAccount, _ amount: Yen) {
        self.account = account
        self.side = side
        self.amount = amount
    }
}

/// The postings of one entry, checked to balance: every entry of the ledger is built through here.
public struct PostingSet: Sendable, Hashable {
    /// The postings, in their recorded order.
    public let postings: [Posting]

    /// Checks `postings`: at least one, each amount positive, debits equal to credits; otherwise
    /// ``LedgerError/unbalanced`` (or ``LedgerError/overflow`` when a sum cannot be formed).
    public init(_ postings: [Posting]) throws(LedgerError) {
        guard !postings.isEmpty, postings.allSatisfy({ $0.amount > .zero }) else { throw .unbalanced }
        let (debits, credits) = try Self.sides(of: postings)
        guard debits == credits else { throw .unbalanced }
        self.postings = postings
    }

    /// The sums of the debit and the credit side.
    public static func sides(of postings: [Posting]) throws(LedgerError) -> (debits: Yen, credits: Yen) {
        do {
            let debits = try Yen.sum(postings.filter { $0.side == .debit }.map(\.amount))
            let credits = try Yen.sum(postings.filter { $0.side == .credit }.map(\.amount))
            return (debits, credits)
        } catch {
            throw .overflow
        }
    }

    /// The reversing entry: every posting on the other side (a cancellation).
    public func reversed() -> PostingSet {
        // Swapping sides keeps the balance: no check can fail.
        (try? PostingSet(postings.map { Posting($0.side.opposite, $0.account, $0.amount) })) ?? self
    }
}
