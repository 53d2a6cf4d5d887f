// registry-bench: lookups in a resident registry the size of Osaka City (2.8 million persons, synthetic),
// p50/p95 of the card's four fields (name + birth date, then address), name + birth date search, a kana
// prefix search and a name-only search, through SQLiteResidentRegistry on a file database (WAL).
// Usage: swift run -c release --package-path Benchmarks registry-bench [PERSONS (2800000)] [LOOKUPS (2000)]
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

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let surnames = ["田中", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村", "林", "清水", "山口", "森",
                "池田", "橋本", "阿部", "石川", "前田", "髙橋", "山﨑", "渡邊", "齋藤", "高橋", "山崎", "渡辺", "斎藤", "藤原", "岡田"]
let surnameKana = ["タナカ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ", "ササキ", "マツモト", "イノウエ", "キムラ",
                   "ハヤシ", "シミズ", "ヤマグチ", "モリ", "イケダ", "ハシモト", "アベ", "イシカワ", "マエダ", "タカハシ", "ヤマサキ",
                   "ワタナベ", "サイトウ", "タカハシ", "ヤマザキ", "ワタナベ", "サイトウ", "フジワラ", "オカダ"]
let givenNames = ["太郎", "花子", "健太", "陽子", "翔", "美咲", "大輔", "由美", "誠", "結衣", "浩二", "さくら", "拓海", "恵子", "悠真",
                  "愛", "一郎", "葵", "蓮", "千尋", "修", "真由美", "陽翔", "凛", "湊", "紬", "樹", "澪", "颯", "芽依"]
let givenKana = ["タロウ", "ハナコ", "ケンタ", "ヨウコ", "ショウ", "ミサキ", "ダイスケ", "ユミ", "マコト", "ユイ", "コウジ", "サクラ",
                 "タクミ", "ケイコ", "ユウマ", "アイ", "イチロウ", "アオイ", "レン", "チヒロ", "オサム", "マユミ", "ハルト", "リン",
                 "ミナト", "ツムギ", "イツキ", "ミオ", "ハヤテ", "メイ"]

struct Synthetic { var name: String, kana: String, birth: CalendarDate, address: String }
func person(_ index: Int) -> Synthetic {
    var random = SplitMix64(seed: UInt64(index))
    let s = Int(random.next() % UInt64(surnames.count)), g = Int(random.next() % UInt64(givenNames.count))
    let year = 1925 + Int(random.next() % 100), month = 1 + Int(random.next() % 12), day = 1 + Int(random.next() % 28)
    let address = "大阪市北区梅田\(1 + random.next() % 3)丁目\(1 + random.next() % 20)－\(1 + index % 997)"
    return Synthetic(name: "\(surnames[s])\u{3000}\(givenNames[g])", kana: "\(surnameKana[s])\u{3000}\(givenKana[g])",
                     birth: CalendarDate(year: year, month: month, day: day), address: address)
}

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
