import CashlessLedger
import CounterCore
import CounterTestSupport
import Foundation
import Testing

@Suite("Ledger seeds: validated on load, errors name file, entry and field")
struct LedgerCatalogTests {
    @Test("the shipped seeds load: brands of the three groups, fee items, reasons with その他 needing a note")
    func shippedSeeds() {
        let catalog = LedgerFixtures.catalog
        #expect(Set(catalog.brands.map(\.group)) == Set(BrandGroup.allCases))
        #expect(catalog.item(code: "etsuran-juki")?.fee(on: LedgerFixtures.day) == Yen(300))
        #expect(catalog.reason(code: "other")?.requiresNote == true)
    }

    private func brandsError(_ json: String) -> SeedError? {
        do {
            _ = try LedgerCatalog.loadBrands(Data(json.utf8), named: "payment-brands.json")
            return nil
        } catch {
            return error as? SeedError
        }
    }

    @Test("a malformed payment-brands.json is refused naming the entry and field, never the value")
    func malformedBrands() {
        let valid = #"{"id": "visa", "displayName": "Visa", "group": "credit", "validFrom": "2022-01-04", "kioskAccepts": true}"#
        let unknownGroup = brandsError(#"{"brands": [\#(valid), {"id": "x", "displayName": "X", "group": "cheque", "validFrom": "2022-01-04", "kioskAccepts": true}]}"#)
        #expect(unknownGroup?.entry == "brands[1]" && unknownGroup?.field == "group")
        #expect(unknownGroup?.userMessage.contains("cheque") == false)
        let badDate = brandsError(#"{"brands": [{"id": "x", "displayName": "X", "group": "credit", "validFrom": "2022-02-30", "kioskAccepts": true}]}"#)
        #expect(badDate?.entry == "brands[0]" && badDate?.field == "validFrom")
        let reversed = brandsError(#"{"brands": [{"id": "x", "displayName": "X", "group": "credit", "validFrom": "2022-02-01", "validTo": "2022-01-01", "kioskAccepts": true}]}"#)
        #expect(reversed?.field == "validTo")
        let twice = brandsError(#"{"brands": [\#(valid), \#(valid)]}"#)
        #expect(twice?.entry == "brands[1]" && twice?.field == "id")
        let missing = brandsError(#"{"brands": [{"id": "x", "displayName": "X", "group": "credit", "validFrom": "2022-02-01"}]}"#)
        #expect(missing?.field == "kioskAccepts")
        let badID = brandsError(#"{"brands": [{"id": "a b", "displayName": "X", "group": "credit", "validFrom": "2022-02-01", "kioskAccepts": true}]}"#)
        #expect(badID?.field == "id")
        #expect(brandsError("{").map { $0.entry == nil && $0.field == nil } == true)
        #expect(brandsError(#"{"brands": []}"#)?.field == "brands")
    }
}
