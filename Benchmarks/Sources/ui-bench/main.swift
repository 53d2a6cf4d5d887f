// ui-bench: the counter UI headless on the real application layer, the in-process card model and real
// form rendering to a PDF folder. Measures the first frame (the app built and the login screen drawn),
// key -> redraw on the 120x40 form-choice screen (median, p95), the peak memory of a whole case that
// prints every form, and, when cupsd serves `counter-pdf`, one job's submission from inside the process
// over IPP next to an `lp` process sending the same PDF. Not part of `make test`.
// Usage: swift run -c release --package-path Benchmarks ui-bench [ITERATIONS (default 2000)]
import CounterCore
import CounterService
import CounterStore
import CounterTUI
import DocumentPrint
import FormPreprint
import Foundation
import MyNumberCardSim
import MyNumberReader
#if canImport(Glibc)
import Glibc
#endif

/// The card always on the reader: MyNumberCardSim's model answering in-process.
final class CardOnReader: CardSessionProvider, @unchecked Sendable {
    private let card: SimulatedCard
    init(card: SimulatedCard) { self.card = card }
    func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus {
        CardSlotStatus(readerName: "Virtual PCD 00 00", cardPresent: true)
    }
    func cancelWait() {}
    func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result {
        defer { card.powerOff() }
        return try body(ResponseChainingTransport(SimulatedCardTransport(card: card)))
    }
    func waitForCard(timeout: Duration) throws(CardError) {}
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "2000") ?? 2000
let seeds = try SeedDirectory.locate()
let service = try PreprintService(seeds: seeds)
var profile = try CardProfile.load(from: seeds.url.appendingPathComponent("demo/cards/takahashi-sakiko.json"))
profile.cardInfoPIN = "1234"
profile.cardInfoPINTriesLeft = CardProfile.pinTries
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ui-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: folder) }
let database = try CounterStorage.inMemory()
try ClerkRepository(database: database, clock: SystemClock()).create(clerkID: "bench", displayName: "計測", role: .clerk, password: "bench-pass")
let firstFrameStart = DispatchTime.now().uptimeNanoseconds
let app = CounterApp(database: database, card: CardInfoReader(sessions: CardOnReader(card: try SimulatedCard(profile: profile))),
                     printing: FormPreprintPrinting(service: service, printer: PDFFolderPrinter(directory: folder, clock: SystemClock())),
                     terminalID: "BENCH", eras: service.catalog.eras, clock: SystemClock())
let driver = HeadlessDriver(app: app)
await driver.settle()
_ = driver.render(width: 120, height: 40)
print(String(format: "first frame (app built, login screen drawn at 120x40): %.2f ms",
             Double(DispatchTime.now().uptimeNanoseconds - firstFrameStart) / 1_000_000))
await driver.type("bench")
await driver.send(.confirm)
await driver.type("bench-pass")
await driver.send(.confirm)
await driver.send(.text("1"))
await driver.type("1234")
await driver.send(.confirm)
await driver.send(.confirm)

var times: [Double] = []
for index in 0..<iterations {
    let start = DispatchTime.now().uptimeNanoseconds
    driver.feed(index % 2 == 0 ? .next : .increase)
    _ = driver.render(width: 120, height: 40)
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
}
times.sort()
print(String(format: "key -> redraw (form choice, 120x40): median %.3f ms  p95 %.3f ms  (n=%d)",
             times[times.count / 2], times[Int(Double(times.count - 1) * 0.95)], iterations))

// Every form, one copy each, then the end of the case.
for _ in 0..<service.catalog.forms(on: SystemClock().today()).count { await driver.send(.next) }
await driver.send(.back)
await driver.send(.confirm)
for _ in service.catalog.forms(on: SystemClock().today()) {
    await driver.send(.text("1"))
    await driver.send(.next)
}
let printStart = DispatchTime.now().uptimeNanoseconds
await driver.send(.confirm)
let printed = Double(DispatchTime.now().uptimeNanoseconds - printStart) / 1_000_000
await driver.send(.confirm)
await driver.waitUntilEventsSaved()
let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path).count) ?? 0
print(String(format: "print every form (%d PDFs) through the UI: %.1f ms", files, printed))
print(String(format: "peak RSS after login, card read, every form printed, case end: %.1f MiB", peakRSSMiB()))

// One job's submission to CUPS from inside the process (what the UI's print step costs per job), next
// to an `lp` process sending the same PDF.
let cups = CUPSPrinter(queue: "counter-pdf")
if cups.status() == .ready {
    let layout = try service.catalog.form(id: "juminhyo-koufu", on: SystemClock().today())
    let info = BasicInfo(name: "髙橋\u{3000}﨑子", address: "大阪市北区中之島１丁目３－２０",
                         birthDate: CalendarDate(year: 1985, month: 4, day: 12), sex: .female)
    let pdf = try service.render(formID: layout.id, fill: FormFill(info: info, today: SystemClock().today()), mode: .full)
    let pdfFile = folder.appendingPathComponent("bench.pdf")
    try pdf.write(to: pdfFile)
    var submit: [Double] = [], lp: [Double] = []
    for _ in 0..<20 {
        var start = DispatchTime.now().uptimeNanoseconds
        _ = try cups.submit(pdf: pdf, title: "bench", copies: 1, paper: layout.paper)
        submit.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        start = DispatchTime.now().uptimeNanoseconds
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/lp")
        process.arguments = ["-d", "counter-pdf", "-t", "bench", pdfFile.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        lp.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    submit.sort()
    lp.sort()
    print(String(format: "one job to CUPS: in-process IPP (queue check + Print-Job) median %.2f ms p95 %.2f ms; lp process median %.2f ms (ratio %.2f)",
                 submit[10], submit[18], lp[10], submit[10] / lp[10]))
} else {
    print("one job to CUPS: skipped (counter-pdf is not ready; run make services)")
}

