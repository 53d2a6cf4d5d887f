import CounterCore
import Foundation

/// The ledger's seed data: brands, fee items and cancellation reasons, each file validated on load with a
/// ``SeedError`` naming the file, the entry and the field (never the value).
public struct LedgerCatalog: Sendable {
    /// Every brand, in file order.
    public let brands: [PaymentBrand]
    /// Every fee item, in file order.
    public let items: [LedgerItem]
    /// Every cancellation reason, in file order.
    public let cancelReasons: [CancelReason]

    /// The seed files, relative to the seeds folder.
    public static let brandsFile = "payment-brands.json", itemsFile = "ledger-items.json",
        reasonsFile = "cancel-reasons.json"

    /// A catalog of already validated entries (tests build small ones).
    public init(brands: [PaymentBrand], items: [LedgerItem], cancelReasons: [CancelReason]) {
        self.brands = brands
        self.items = items
        self.cancelReasons = cancelReasons
    }

    /// Loads and validates the three files of `seeds`.
    public static func load(from seeds: SeedDirectory) throws -> LedgerCatalog {
        LedgerCatalog(brands: try loadBrands(seeds.file(brandsFile)), items: try loadItems(seeds.file(itemsFile)),
                      cancelReasons: try loadReasons(seeds.file(reasonsFile)))
    }

    /// The brand with `id`, if any.
    public func brand(id: String) -> PaymentBrand? { brands.first { $0.id == id } }
    /// The item with `code`, if any.
    public func item(code: String) -> LedgerItem? { items.first { $0.code == code } }
    /// The reason with `code`, if any.
    public func reason(code: String) -> CancelReason? { cancelReasons.first { $0.code == code } }

    /// The brands accepted on `day` (at a kiosk only those it accepts).
    public func brands(on day: CalendarDate, kiosk: Bool = false) -> [PaymentBrand] {
        brands.filter { $0.isValid(on: day) && (!kiosk || $0.kioskAccepts) }
    }

    private struct BrandsFile: Decodable { var brands: [PaymentBrand] }
    private struct ItemsFile: Decodable { var items: [LedgerItem] }
    private struct ReasonsFile: Decodable { var reasons: [CancelReason] }

    /// Decodes and checks `payment-brands.json`.
    public static func loadBrands(_ url: URL) throws -> [PaymentBrand] {
        try checkBrands(SeedDirectory.decode(BrandsFile.self, from: url).brands, file: url.path)
    }

    /// Decodes and checks `payment-brands.json` already in memory.
    public static func loadBrands(_ data: Data, named name: String) throws -> [PaymentBrand] {
        try checkBrands(SeedDirectory.decode(BrandsFile.self, from: data, named: name).brands, file: name)
    }

    /// Decodes and checks `ledger-items.json`.
    public static func loadItems(_ url: URL) throws -> [LedgerItem] {
        let items = try SeedDirectory.decode(ItemsFile.self, from: url).items
        try checkCodes(items.map(\.code), labels: items.map(\.label), file: url.path, list: "items", codeField: "code")
        for (index, item) in items.enumerated() {
            let entry = "items[\(index)]"
            guard !item.fees.isEmpty else {
                throw SeedError(file: url.path, entry: entry, field: "fees", problem: "手数料を1つ以上指定してください")
            }
            for (position, fee) in item.fees.enumerated() {
                guard fee.yen >= .zero, fee.yen <= maximumFee else {
                    throw SeedError(file: url.path, entry: entry, field: "fees[\(position)].yen",
                                    problem: "手数料は0円から\(maximumFee)までの整数で指定してください")
                }
                if position > 0, fee.validFrom <= item.fees[position - 1].validFrom {
                    throw SeedError(file: url.path, entry: entry, field: "fees[\(position)].validFrom",
                                    problem: "手数料は適用開始日の古い順に、同じ日を重ねずに並べてください")
                }
            }
        }
        return items
    }

    /// Decodes and checks `cancel-reasons.json`.
    public static func loadReasons(_ url: URL) throws -> [CancelReason] {
        let reasons = try SeedDirectory.decode(ReasonsFile.self, from: url).reasons
        try checkCodes(reasons.map(\.code), labels: reasons.map(\.label), file: url.path, list: "reasons", codeField: "code")
        return reasons
    }

    /// The largest fee of one unit a seed may hold (far above any real fee; keeps totals far from overflow).
    public static let maximumFee = Yen(1_000_000)

    private static func checkBrands(_ brands: [PaymentBrand], file: String) throws -> [PaymentBrand] {
        try checkCodes(brands.map(\.id), labels: brands.map(\.displayName), file: file, list: "brands", codeField: "id")
        for (index, brand) in brands.enumerated() {
            if let validTo = brand.validTo, validTo < brand.validFrom {
                throw SeedError(file: file, entry: "brands[\(index)]", field: "validTo",
                                problem: "終了日は開始日と同じか後の日付にしてください")
            }
        }
        return brands
    }

    /// Codes are record identifiers, unique in the file; labels are non-empty, safe text of at most 40 characters.
    private static func checkCodes(_ codes: [String], labels: [String], file: String, list: String, codeField: String) throws {
        guard !codes.isEmpty else {
            throw SeedError(file: file, field: list, problem: "1件以上指定してください")
        }
        var seen = Set<String>()
        for (index, code) in codes.enumerated() {
            let entry = "\(list)[\(index)]"
            guard RecordIdentifier.isValid(code), !code.contains(":") else {
                throw SeedError(file: file, entry: entry, field: codeField, problem: "半角英数字と - _ . の64文字以内で指定してください")
            }
            guard seen.insert(code).inserted else {
                throw SeedError(file: file, entry: entry, field: codeField, problem: "同じコードが2回あります。重ならないようにしてください")
            }
            let label = labels[index]
            guard !label.isEmpty, label.count <= 40, TextSafety.forbidden(in: label) == nil else {
                throw SeedError(file: file, entry: entry, field: codeField == "id" ? "displayName" : "label",
                                problem: "1〜40文字の、制御文字を含まない文字列で指定してください")
            }
        }
    }
}
