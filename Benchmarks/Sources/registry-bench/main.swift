// registry-bench: lookups in a resident registry the size of Osaka City (2.8 million persons, synthetic),
// p50/p95 of the card's four fields (name + birth date, then address), name + birth date search, a kana
// prefix search and a name-only search, through SQLiteResidentRegistry on a file database (WAL).
// Usage: swift run -c release --package-path Benchmarks registry-bench [PERSONS (2800000)] [LOOKUPS (2000)]
import BenchSupport
import CertificateIssue
import CounterCore
import CounterStore
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let total = arguments.first ?? 2_800_000
let lookups = arguments.dropFirst().first ?? 2_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let seeds = try SeedDirectory.locate()
let variants = try VariantTable.load(from: seeds)
let order = try RelationshipOrder.load(from: seeds)
let keys = SearchKey(variants: variants)
let database = try CounterDatabase.open(path: folder.appendingPathComponent("counter.sqlite").path,
                                        schema: DatabaseSchema(modules: [TerminalSchema.self, RegistrySchema.self]))
let registry = SQLiteResidentRegistry(database: database, variants: variants, order: order)

typealias Synthetic = SyntheticResidents.Person
func person(_ index: Int) -> Synthetic { SyntheticResidents.person(index) }

// 1. Fill: persons three to a household, in batches of 100,000 rows per transaction.
let filled = try seconds {
    try database.write { db in
        try db.execute(sql: """
            INSERT INTO registry_import (imported_at_ms, households, persons, seals, koseki, koseki_members, fuhyo_lines, tax_years, jpki_links)
            VALUES (0, 0, 0, 0, 0, 0, 0, 0, 0)
            """)
    }
    var index = 0
    while index < total {
        let end = min(index + 100_000, total)
        try database.write { db in
            let household = try db.makeStatement(sql: "INSERT INTO registry_household (id, address, katagaki, import_seq) VALUES (?, ?, NULL, 1)")
            let insert = try db.makeStatement(sql: """
                INSERT INTO registry_person (id, household_id, name, name_key, kana, kana_key, birth_date, sex, address, address_key,
                    address_since, resident_since, is_head, relationship, status, support_measure, issuance_hold, import_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, '1', ?, ?, ?, ?, ?, ?, 'resident', 0, 0, 1)
                """)
            for row in index..<end {
                let p = person(row)
                let householdID = "H\(row / 3)"
                if row % 3 == 0 { try household.execute(arguments: [householdID, p.address]) }
                try insert.execute(arguments: [
                    "P\(row)", householdID, p.name, keys.name(p.name), p.kana, keys.kana(p.kana), p.birth.iso, p.address,
                    keys.name(p.address), p.birth.iso, p.birth.iso, row % 3 == 0, row % 3 == 0 ? "世帯主" : "子",
                ])
            }
        }
        index = end
    }
}
print(String(format: "fill: %d persons in %.1f s", total, filled))

@MainActor func percentiles(_ label: String, count: Int, _ body: (Int) throws -> Void) rethrows {
    var times: [Double] = []
    for index in 0..<count {
        times.append(try seconds { try body(index) } * 1000)
    }
    times.sort()
    let p50 = times[times.count / 2], p95 = times[min(times.count - 1, times.count * 95 / 100)]
    print(String(format: "%-58@ p50 %8.3f ms   p95 %8.3f ms   (%d runs)", label as NSString, p50, p95, count))
}

var random = SplitMix64(seed: 99)
@MainActor func someone() -> Synthetic { person(Int(random.next() % UInt64(total))) }

try percentiles("lookup(card:) name + birth date (+ address)", count: lookups) { _ in
    let p = someone()
    _ = try registry.lookup(card: BasicInfo(name: p.name, address: p.address, birthDate: p.birth, sex: .male))
}
try percentiles("lookup(card:) typed with standard forms (folded key)", count: lookups) { _ in
    var p = someone()
    p.name = keys.name(p.name)  // 髙 typed as 高: the exact name misses, the key finds
    _ = try registry.lookup(card: BasicInfo(name: p.name, address: p.address, birthDate: p.birth, sex: .male))
}
try percentiles("search(name: surname, birthDate:)", count: lookups) { _ in
    let p = someone()
    _ = try registry.search(ResidentQuery(name: String(p.name.prefix(2)), birthDate: p.birth))
}
try percentiles("search(kana: prefix) (limit 50)", count: max(lookups / 10, 20)) { _ in
    _ = try registry.search(ResidentQuery(kana: String(someone().kana.prefix(4))))
}
try percentiles("search(name: part of a name only) (limit 50, a scan)", count: 20) { _ in
    _ = try registry.search(ResidentQuery(name: String(someone().name.suffix(2))))
}
