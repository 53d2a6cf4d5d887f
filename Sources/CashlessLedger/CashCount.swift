import CounterCore

/// The cash counted in the drawer at the close, by denomination (10000 … 1 円).
public struct CashCount: Sendable, Hashable {
    /// The Japanese notes and coins, largest first.
    public static let denominations: [Int64] = [10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1]
    /// The most pieces of one denomination (far more than a drawer holds).
    public static let maximumPieces: Int64 = 1_000_000

    /// Pieces per denomination (absent = none).
    public let pieces: [Int64: Int64]

    /// A count; an unknown denomination or a count outside 0…``maximumPieces`` is ``LedgerError/malformedCount``.
    public init(pieces: [Int64: Int64]) throws(LedgerError) {
        for (denomination, count) in pieces {
            guard Self.denominations.contains(denomination), (0...Self.maximumPieces).contains(count) else {
                throw .malformedCount
            }
        }
        self.pieces = pieces.filter { $0.value > 0 }
    }

    /// Reads `10000=3,1000=5,1=2`: denomination=pieces, comma-separated, each denomination at most once.
    /// An empty text is an empty drawer.
    public init(parsing text: String) throws(LedgerError) {
        var pieces: [Int64: Int64] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) where !text.isEmpty {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, let denomination = Int64(pair[0]), let count = Int64(pair[1]),
                  pieces[denomination] == nil else { throw .malformedCount }
            pieces[denomination] = count
        }
        try self.init(pieces: pieces)
    }

    /// Pieces of `denomination`.
    public func count(of denomination: Int64) -> Int64 { pieces[denomination] ?? 0 }

    /// The counted amount.
    public func total() throws(LedgerError) -> Yen {
        do {
            return try Yen.sum(Self.denominations.map { try Yen($0).multiplied(by: count(of: $0)) })
        } catch {
            throw .overflow
        }
    }
}

/// The totals per brand group keyed from the payment terminal's own daily report (a group not given is 0).
public struct TerminalTotals: Sendable, Hashable {
    /// Yen per group.
    public let amounts: [BrandGroup: Yen]

    /// Totals; a negative amount is ``LedgerError/malformedTerminalTotal``.
    public init(_ amounts: [BrandGroup: Yen]) throws(LedgerError) {
        guard amounts.values.allSatisfy({ !$0.isNegative }) else { throw .malformedTerminalTotal }
        self.amounts = amounts.filter { $0.value != .zero }
    }

    /// Reads `credit=1200,emoney=300`: group=yen, comma-separated, each group at most once.
    public init(parsing text: String) throws(LedgerError) {
        var amounts: [BrandGroup: Yen] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) where !text.isEmpty {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, let group = BrandGroup(rawValue: String(pair[0])), let yen = Int64(pair[1]),
                  amounts[group] == nil else { throw .malformedTerminalTotal }
            amounts[group] = Yen(yen)
        }
        try self.init(amounts)
    }

    /// The total of `group`.
    public func amount(of group: BrandGroup) -> Yen { amounts[group] ?? .zero }
}
