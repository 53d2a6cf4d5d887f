import CounterCore
import Foundation
import Testing

@Suite("Offices")
struct OfficeDirectoryTests {
    static var seeds: SeedDirectory {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("seeds/offices.json").path) {
            url.deleteLastPathComponent()
        }
        return SeedDirectory(url: url.appendingPathComponent("seeds"))
    }

    @Test("the seeds hold Osaka's 24 ward offices (each ward ending in 区), 市税事務所 and サービスカウンター, each id unique")
    func wards() throws {
        let directory = try OfficeDirectory(seeds: Self.seeds)
        #expect(directory.city == "大阪市")
        let wards = directory.offices.filter { $0.type == .ward }
        #expect(wards.count == 24)
        #expect(Set(directory.offices.map(\.id)).count == directory.offices.count)
        #expect(wards.allSatisfy { $0.ward.hasSuffix("区") && $0.name == $0.ward + "役所" })
        #expect(directory.offices.contains { $0.type == .taxOffice } && directory.offices.contains { $0.type == .serviceCounter })
        #expect(directory.offices.allSatisfy { $0.ward.hasSuffix("区") })
        #expect(directory.office(id: "kita")?.name == "北区役所")
        #expect(directory.office(id: "nowhere") == nil)
    }

    @Test("a duplicate id, a bad id and an empty or unsafe name are refused naming the entry and field")
    func refused() {
        let kita = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")
        #expect(throws: SeedError(file: "t.json", entry: "offices[1]", field: "id", problem: "同じ id の事務所がほかにもあります")) {
            try OfficeDirectory(city: "大阪市", offices: [kita, kita], file: "t.json")
        }
        let badID = Office(id: "Kita Ward", type: .ward, name: "北区役所", ward: "北区")
        #expect(throws: SeedError.self) { try OfficeDirectory(city: "大阪市", offices: [badID]) }
        for (name, ward) in [("", "北区"), ("北区\u{202E}役所", "北区"), ("北区役所", String(repeating: "区", count: 33))] {
            let office = Office(id: "kita", type: .ward, name: name, ward: ward)
            #expect(throws: SeedError.self) { try OfficeDirectory(city: "大阪市", offices: [office]) }
        }
        #expect(throws: SeedError.self) { try OfficeDirectory(city: "", offices: [kita]) }
    }
}
