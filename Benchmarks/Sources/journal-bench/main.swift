// journal-bench: the cost per event of the durable journal (an fsync'd line) next to a plain insert
// (one SQLite transaction, WAL, synchronous=FULL), and of both together as `EventQueue.record` does,
// with the same inserts by the sqlite3 tool as the baseline. Usage: swift run -c release --package-path
// Benchmarks journal-bench [EVENTS (default 500)]
import CounterCore
import CounterService
import CounterStore
import Foundation

let count = Int(CommandLine.arguments.dropFirst().first ?? "500") ?? 500
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }

func event(_ index: Int) -> CaseEvent {
    CaseEvent(terminalID: "BENCH", actor: .clerk(id: "bench"), channel: .cli, caseID: UUID(),
              timestamp: Date(timeIntervalSince1970: 1_795_222_800 + Double(index)),
              kind: .formPrinted(formID: "juminhyo-koufu", revision: 1, copies: 1, outcome: .ok))
}

func measure(_ name: String, _ body: (Int) throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 0..<count { try body(index) }
    let perEvent = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(count)
    print(String(format: "%-52@ %7.3f ms per event", name as NSString, perEvent))
    return perEvent
}

let database = try CounterStorage.open(path: folder.appendingPathComponent("a/counter.sqlite").path)
let insert = try measure("plain insert (one transaction each, chained)") { index in
    try database.write { db in try CaseEventRepository.append(event(index), in: db) }
}
let journal = try EventJournal(folder: folder.appendingPathComponent("j"))
let append = try measure("journal append (one fsync'd line)") { index in try journal.append(.event(event(index))) }
let queued = try CounterStorage.open(path: folder.appendingPathComponent("b/counter.sqlite").path)
let (queue, _) = try EventQueue.durable(database: queued, clock: SystemClock())
let recordStart = DispatchTime.now().uptimeNanoseconds
for index in 0..<count { queue.record(event(index)) }
let recordReturn = Double(DispatchTime.now().uptimeNanoseconds - recordStart) / 1e6 / Double(count)
await queue.waitUntilSaved()
let recordTotal = Double(DispatchTime.now().uptimeNanoseconds - recordStart) / 1e6 / Double(count)
print(String(format: "%-52@ %7.3f ms per event", "EventQueue.record returns (event on disk)" as NSString, recordReturn))
print(String(format: "%-52@ %7.3f ms per event", "EventQueue.record until in the database (batched)" as NSString, recordTotal))

// The baseline: the sqlite3 tool inserting the same number of rows, one transaction each.
let baselineDB = folder.appendingPathComponent("c.sqlite").path
var script = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE e (id TEXT PRIMARY KEY, payload TEXT);\n"
for index in 0..<count { script += "INSERT INTO e VALUES ('\(UUID().uuidString)', 'formPrinted \(index)');\n" }
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
process.arguments = [baselineDB]
let input = Pipe()
process.standardInput = input
process.standardOutput = FileHandle.nullDevice
let toolStart = DispatchTime.now().uptimeNanoseconds
try process.run()
input.fileHandleForWriting.write(Data(script.utf8))
try input.fileHandleForWriting.close()
process.waitUntilExit()
let tool = Double(DispatchTime.now().uptimeNanoseconds - toolStart) / 1e6 / Double(count)
print(String(format: "%-52@ %7.3f ms per event", "baseline: sqlite3 tool, one INSERT transaction each" as NSString, tool))
print(String(format: "ratios: insert/sqlite3 %.2f, journal/insert %.2f", insert / tool, append / insert))
