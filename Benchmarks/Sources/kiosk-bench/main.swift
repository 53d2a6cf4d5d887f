// kiosk-bench: the kiosk's use cases on the real stack (not part of `make test`; run by scripts/bench-kiosk.sh,
// which serves the demo card on pcscd + vpcd and starts payment-terminal-sim).
//
// 1. PIN entered -> certificate submitted, per session (median, p95), with the card I/O (PIN + signature on the
//    card through PC/SC), the signature/certificate/CRL checks, the registry lookup, our own work (quote with its
//    test render, the issuance transaction, render + person check + submission) and the payment terminal's round
//    trip apart; the submission next to an `lp` process sending the same PDF.
// 2. The kiosk UI headless (in-process card): first frame and key -> redraw on the largest screen (200x60).
// 3. Peak memory over 100 whole UI sessions (card placed, PIN, card taken, kind, copies, fee, pay, print, thanks).
// Usage: kiosk-bench SOCKET [SESSIONS (default 100)] [--printer QUEUE]
import CashlessLedger
import CertificateIssue
import CertificateSeal
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

/// An in-process card the bench places and takes back (the UI part): MyNumberCardSim's model.
final class CardTray: CardSessionProvider, @unchecked Sendable {
    private let lock = NSLock()
    private let card: SimulatedCard
    private var present = false
    init(card: SimulatedCard) { self.card = card }
    func place() { lock.withLock { present = true } }
    func take() { lock.withLock { present = false } }
    func waitForChange(timeout: Duration) throws(CardError) -> CardSlotStatus {
        CardSlotStatus(readerName: "Virtual PCD 00 00", cardPresent: lock.withLock { present })
    }
    func cancelWait() {}
    func withCard<Result>(_ body: (any CardTransport) throws -> Result) throws -> Result {
        guard lock.withLock({ present }) else { throw CardError.noCard }
        defer { card.powerOff() }
        return try body(ResponseChainingTransport(SimulatedCardTransport(card: card)))
    }
    func waitForCard(timeout: Duration) throws(CardError) {}
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func summary(_ name: String, _ values: [Double]) -> String {
    let sorted = values.sorted()
    let label = name + String(repeating: " ", count: max(0, 46 - name.count))
    return "  " + label + String(format: "median %8.2f ms   p95 %8.2f ms", sorted[sorted.count / 2],
                                 sorted[Int(Double(sorted.count - 1) * 0.95)])
}

func residentMiB() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}

func peakMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

var arguments = Array(CommandLine.arguments.dropFirst())
var queue: String?
if let index = arguments.firstIndex(of: "--printer"), index + 1 < arguments.count {
    queue = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
}
guard let socket = arguments.first else {
    print("usage: kiosk-bench SOCKET [SESSIONS] [--printer QUEUE]")
    exit(64)
}
let sessions = Int(arguments.dropFirst().first ?? "100") ?? 100
let uiOnly = ProcessInfo.processInfo.environment["KIOSK_BENCH_UI_ONLY"] != nil
let clock = SystemClock()
let seeds = try SeedDirectory.locate()
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let database = try CounterStorage.open(path: folder.appendingPathComponent("k.sqlite").path)
_ = try RegistryImport(seeds: seeds).run(folder: seeds.file("demo/registry"), into: database)
let key = try SealKey.create(in: folder.appendingPathComponent("keys"))
let office = try OfficeDirectory(seeds: seeds).office(id: "kita")!
let printer: any Printer = queue.map { CUPSPrinter(queue: $0) } ?? PDFFolderPrinter(directory: folder.appendingPathComponent("pdf"), clock: clock)
let catalog = try KioskCatalog.load(from: seeds)
let authenticator = try JPKIAuthenticator(caCertificateFile: seeds.file("demo/demo-ca-cert.pem").path,
                                          revocationListFile: seeds.file("demo/demo-crl.pem").path)
let terminal = SocketPaymentTerminal(path: socket)
let service = try PreprintService(seeds: seeds)

func kiosk(card: CardInfoReader, terminalID: String) throws -> KioskDesk {
    let desk = try CertificateDesk.make(database: database, seeds: seeds, clock: clock, terminalID: terminalID, office: office,
                                        marker: SealCodeMarker(key: key))
    let cases = CaseService(terminalID: terminalID, channel: .kiosk, clock: clock, events: EventQueue(database: database),
                            printing: FormPreprintPrinting(service: service, printer: printer), card: card)
    return KioskDesk(desk: desk, cases: cases, authenticator: authenticator, terminal: terminal, printer: printer, catalog: catalog)
}

// 1. PIN entered -> certificate submitted, on pcscd + vpcd + the simulator.
let real = try kiosk(card: CardInfoReader(readerName: "Virtual PCD 00 00"), terminalID: "KB1")
var total: [Double] = [], cardIO: [Double] = [], verification: [Double] = [], lookup: [Double] = []
var quoteTimes: [Double] = [], payTimes: [Double] = [], printTimes: [Double] = []
var submitted: Data?
for _ in 0..<(uiOnly ? 1 : sessions) {
    let session = real.begin()
    _ = try await real.authPINTriesLeft(session.scope)
    let start = ContinuousClock.now
    let identity = try await real.authenticate(pin: try CardPIN("1234"), session.scope)
    let authenticated = ContinuousClock.now
    let order = try real.quote(identity, kindID: "juminhyo-personal", options: [], copies: 1)
    let quoted = ContinuousClock.now
    session.beginPayment()
    let issuance = try await real.pay(order, session.scope)
    let paid = ContinuousClock.now
    let outcomes = try real.print(issuance, for: identity, session.scope)
    let printed = ContinuousClock.now
    guard outcomes.allSatisfy({ if case .success = $0.result { true } else { false } }) else {
        print("a print failed")
        exit(1)
    }
    if submitted == nil { submitted = try real.desk.render(issuance).first?.pdf }
    real.end(session)
    total.append(milliseconds(printed - start))
    cardIO.append(milliseconds(identity.timing.card))
    verification.append(milliseconds(identity.timing.verification))
    lookup.append(milliseconds(identity.timing.lookup))
    quoteTimes.append(milliseconds(quoted - authenticated))
    payTimes.append(milliseconds(paid - quoted))
    printTimes.append(milliseconds(printed - paid))
}
await real.cases.events.waitUntilSaved()
print("PIN entered -> certificate submitted (\(sessions) sessions, \(queue.map { "CUPS queue \($0)" } ?? "PDF folder"), release build):")
print(summary("whole", total))
print(summary("card I/O (PIN + signature on the card)", cardIO))
print(summary("signature + certificate + CRL checks", verification))
print(summary("registry lookup by the certificate link", lookup))
print(summary("quote (eligibility, price, test render)", quoteTimes))
print(summary("pay (terminal round trip + transaction)", payTimes))
print(summary("print (render, person check, submit)", printTimes))
if let queue, let submitted {
    let file = folder.appendingPathComponent("ready.pdf")
    try submitted.write(to: file)
    var lpTimes: [Double] = []
    for _ in 0..<min(sessions, 30) {
        let start = ContinuousClock.now
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/lp")
        process.arguments = ["-d", queue, file.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        lpTimes.append(milliseconds(ContinuousClock.now - start))
    }
    print(summary("baseline: lp of the same PDF (whole process)", lpTimes))
}

// 2. The UI: first frame and key -> redraw at 200x60.
let tray = CardTray(card: try SimulatedCard(profile: try CardProfile.load(from: seeds.file("demo/cards/takahashi-sakiko.json"))))
let firstFrameStart = ContinuousClock.now
let app = KioskApp(kiosk: try kiosk(card: CardInfoReader(sessions: tray), terminalID: "KB2"),
                   clerks: ClerkSessions(database: database, clock: clock), idleSeconds: 3600)
let driver = HeadlessKioskDriver(app: app)
_ = driver.render(width: 200, height: 60)
print(String(format: "first frame (kiosk built, language screen drawn at 200x60): %.2f ms", milliseconds(ContinuousClock.now - firstFrameStart)))
var redraw: [Double] = []
for index in 0..<2000 {
    let start = ContinuousClock.now
    driver.feed(index % 2 == 0 ? .text("*") : .back)
    _ = driver.render(width: 200, height: 60)
    redraw.append(milliseconds(ContinuousClock.now - start))
}
print(summary("key -> redraw (language overlay, 200x60)", redraw))

// 3. Memory over whole UI sessions (top-level code: the driver stays on the main actor).
var samples: [(Int, Double)] = []
for index in 1...sessions {
    await driver.type("1")
    tray.place()
    await driver.settle()
    await driver.type("1234")
    await driver.send(.confirm)
    guard driver.screenText().contains("カードをお取りください") else { print("session \(index): no authentication\n" + driver.screenText()); exit(1) }
    tray.take()
    await driver.settle()
    let screen = driver.screenText(width: 200, height: 60)
    guard let line = screen.split(separator: "\n").first(where: { $0.contains("住民票の写し（本人のみ）") }),
          let number = line.split(separator: " ").first(where: { Int($0) != nil }) else { print("session \(index): no kinds"); exit(1) }
    await driver.type(String(number))
    await driver.send(.confirm)
    await driver.send(.confirm)
    await driver.send(.confirm)
    guard driver.screenText().contains("ご利用ありがとうございました") else { print("session \(index): not printed"); exit(1) }
    if index == 1 {
        // The fullest screen: thanks, the receipt's lines and the convenience-store note, at 200x60.
        var thanks: [Double] = []
        for _ in 0..<2000 {
            let start = ContinuousClock.now
            driver.feed(.text("0"))
            _ = driver.render(width: 200, height: 60)
            thanks.append(milliseconds(ContinuousClock.now - start))
        }
        print(summary("key -> redraw (thanks + receipt, 200x60)", thanks))
    }
    await driver.send(.confirm)
    if index == 1 || index == 10 || index % 25 == 0 { samples.append((index, residentMiB())) }
}
print("memory over \(sessions) UI sessions: " + samples.map { String(format: "after %d %.1f MiB", $0.0, $0.1) }.joined(separator: ", ")
      + String(format: "; peak %.1f MiB", peakMiB()))
