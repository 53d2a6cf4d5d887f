// city-registry-bench: the city's resident registry on PostgreSQL at the size of Osaka City (2.8 million persons,
// synthetic, the same persons as registry-bench), then lookup(card:) by many clients at once, each with its own
// connection, through StoredResidentRegistry<PostgresStore> (the code `--registry postgres://` runs): p50/p95.
// scripts/bench-city.sh runs it on a fresh migrated database, then pgbench with the same query as the yardstick.
// Usage: swift run -c release --package-path Benchmarks city-registry-bench URL [PERSONS (2800000)] [CLIENTS (100)] [LOOKUPS PER CLIENT (50)]
import BenchSupport
import CertificateIssue
import CounterCity
import CounterCore
import CounterStore
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let url = arguments.first else {
    print("usage: city-registry-bench URL [PERSONS] [CLIENTS] [LOOKUPS]")
    exit(64)
}
let numbers = arguments.dropFirst().compactMap { Int($0) }
let total = numbers.first ?? 2_800_000
let clients = numbers.dropFirst().first ?? 100
let lookups = numbers.dropFirst(2).first ?? 50
let seeds = try SeedDirectory.locate()
let variants = try VariantTable.load(from: seeds)
let order = try RelationshipOrder.load(from: seeds)
let keys = SearchKey(variants: variants)

typealias Synthetic = SyntheticResidents.Person
@Sendable func person(_ index: Int) -> Synthetic { SyntheticResidents.person(index) }

// 1. Fill, 1,000 persons per multi-row INSERT, 100,000 per transaction (the registry import's per-row checks are
//    measured by registry-bench on SQLite; this measures the lookups).
let fill = try PostgresStore(url: url)
let filled = try seconds {
    try fill.write { db in
        try db.execute("""
            INSERT INTO registry_import (imported_at_ms, households, persons, seals, koseki, koseki_members, fuhyo_lines, tax_years, jpki_links)
            VALUES (0, 0, 0, 0, 0, 0, 0, 0, 0)
            """, [])
    }
    var index = 0
    while index < total {
        let end = min(index + 100_000, total)
        try fill.write { db in
            var start = index
            while start < end {
                let stop = min(start + 1000, end)
                var households: [any SQLBindable] = [], persons: [any SQLBindable] = []
                for row in start..<stop {
                    let p = person(row)
                    let householdID = "H\(row / 3)"
                    if row % 3 == 0 { households += [householdID, p.address] }
                    persons += ["P\(row)", householdID, p.name, keys.name(p.name), p.kana, keys.kana(p.kana), p.birth.iso, p.address,
                                keys.name(p.address), p.birth.iso, p.birth.iso, row % 3 == 0 ? 1 : 0, row % 3 == 0 ? "世帯主" : "子"]
                }
                if !households.isEmpty {
                    let rows = Array(repeating: "(?, ?, NULL, 1)", count: households.count / 2).joined(separator: ", ")
                    try db.execute("INSERT INTO registry_household (id, address, katagaki, import_seq) VALUES \(rows)", households)
                }
                let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, '1', ?, ?, ?, ?, ?, ?, 'resident', 0, 0, 1)", count: stop - start)
                    .joined(separator: ", ")
                try db.execute("""
                    INSERT INTO registry_person (id, household_id, name, name_key, kana, kana_key, birth_date, sex, address, address_key,
                        address_since, resident_since, is_head, relationship, status, support_measure, issuance_hold, import_seq)
                    VALUES \(rows)
                    """, persons)
                start = stop
            }
        }
        index = end
    }
    try fill.write { db in try db.execute("ANALYZE registry_person", []) }
}
print(String(format: "fill: %d persons in %.1f s", total, filled))

// 2. Lookups: every client its own connection and thread, all at once.
final class Latencies: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    private var failures = 0
    func add(_ value: Double) { lock.withLock { values.append(value) } }
    func fail() { lock.withLock { failures += 1 } }
    var all: ([Double], Int) { lock.withLock { (values, failures) } }
}
let latencies = Latencies()
let group = DispatchGroup()
let wall = try seconds {
    for client in 0..<clients {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            do {
                let registry = try PostgresStore(url: url).registry(seeds: seeds)
                var random = SplitMix64(seed: UInt64(1000 + client))
                for _ in 0..<lookups {
                    let p = person(Int(random.next() % UInt64(total)))
                    let time = try seconds {
                        _ = try registry.lookup(card: BasicInfo(name: p.name, address: p.address, birthDate: p.birth, sex: .male))
                    }
                    latencies.add(time * 1000)
                }
            } catch {
                latencies.fail()
            }
        }
        thread.start()
    }
    group.wait()
}
var (times, failures) = latencies.all
times.sort()
guard !times.isEmpty else {
    print("no lookup succeeded (\(failures) clients failed)")
    exit(1)
}
let p50 = times[times.count / 2], p95 = times[min(times.count - 1, times.count * 95 / 100)]
print(String(format: "lookup(card:) %d clients x %d: p50 %.2f ms  p95 %.2f ms  %.0f lookups/s  (%d clients failed)",
             clients, lookups, p50, p95, Double(times.count) / wall, failures))
