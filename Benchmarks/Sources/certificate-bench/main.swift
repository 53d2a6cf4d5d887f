// certificate-bench: issuances per second to a PDF folder (payment + issuance + numbers in one transaction,
// render with the signed code on every page, write the PDF, log the print), next to the same PDF bytes written
// by the shell's `cp` (the floor of "a file per copy"); the history lookup of one person among N log rows.
// Usage: swift run -c release --package-path Benchmarks certificate-bench [ISSUANCES (50)] [HISTORY ROWS (1000000)]
import CashlessLedger
import CertificateIssue
import CertificateSeal
import CounterCore
import CounterService
import CounterStore
import DocumentPrint
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let issuances = arguments.first ?? 50
let historyRows = arguments.dropFirst().first ?? 1_000_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certificate-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let seeds = try SeedDirectory.locate()
let clock = FixedClock(Date())
let office = Office(id: "kita", type: .ward, name: "北区役所", ward: "北区")

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

// 1. Issuances per second to a PDF folder.
let database = try CounterStorage.open(path: folder.appendingPathComponent("data/counter.sqlite").path)
_ = try RegistryImport(seeds: seeds).run(folder: seeds.file("demo/registry"), into: database)
let desk = try CertificateDesk.make(database: database, seeds: seeds, clock: clock, terminalID: "BENCH", office: office,
                                    marker: SealCodeMarker(key: SealKey.generate()))
let out = folder.appendingPathComponent("pdf")
let printer = PDFFolderPrinter(directory: out, clock: clock)
var lastPDF = Data()
let issued = try seconds {
    for index in 0..<issuances {
        let issuance = try desk.issue(CertificateRequest(personID: "P90001", kindID: "juminhyo-personal"), requestID: "B\(index)",
                                      tender: .cash(received: nil), actor: .clerk(id: "bench"), channel: .cli)
        let copies = try desk.render(issuance)
        lastPDF = copies[0].pdf
        _ = desk.print(issuance, copies: copies, to: printer, actor: .clerk(id: "bench"), channel: .cli)
    }
}
let sample = folder.appendingPathComponent("sample.pdf")
try lastPDF.write(to: sample)
let copied = try seconds {
    for index in 0..<issuances {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/cp")
        process.arguments = [sample.path, folder.appendingPathComponent("cp-\(index).pdf").path]
        try process.run()
        process.waitUntilExit()
    }
}
print(String(format: "%-60@ %8.1f /s (%.1f ms each)", "issue + render (QR signed) + PDF file + print log" as NSString,
             Double(issuances) / issued, issued * 1000 / Double(issuances)))
print(String(format: "%-60@ %8.1f /s (%.1f ms each)  ratio %.1f", "baseline: cp of the same PDF (one process per copy)" as NSString,
             Double(issuances) / copied, copied * 1000 / Double(issuances), issued / copied))

// 2. History lookup of one person among `historyRows` log rows.
let rows = try seconds {
    try database.write { db in
        for index in 0..<historyRows {
            var entry = IssuanceEntry(kind: .issue, terminalID: "HIST", actor: .clerk(id: "bench"), channel: .cli,
                                      recordedAt: Date(timeIntervalSince1970: 1_790_000_000 + Double(index)))
            entry.requestID = "H\(index)"
            entry.personID = "X\(index % 200_000)"
            entry.certificateKind = "juminhyo-personal"
            entry.copies = 1
            entry.requester = .own
            entry.official = false
            try IssuanceRepository.append(entry, in: db)
        }
    }
}
print(String(format: "%-60@ %8.1f s (%d rows, one transaction)", "fill the certificate log" as NSString, rows, historyRows))
var times: [Double] = []
for index in 0..<200 {
    times.append(try seconds { _ = try desk.history(personID: "X\((index * 7919) % 200_000)") })
}
print(String(format: "%-60@ p50 %.2f ms  p95 %.2f ms", "history of one person among \(historyRows) rows" as NSString,
             percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000))
