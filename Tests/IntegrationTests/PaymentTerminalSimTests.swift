import CashlessLedger
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing

/// The cashier through `payment-terminal-sim`, a separate process on a Unix socket: a decline, a timeout, a
/// dropped connection and a late answer each end with exactly one or zero payments, and never a second charge.
@Suite("Payment terminal simulator")
struct PaymentTerminalSimTests {
    let folder = URL(fileURLWithPath: "/tmp/pts-\(UUID().uuidString.prefix(8))")
    var socket: String { folder.appendingPathComponent("t.sock").path }
    var journal: URL { folder.appendingPathComponent("journal.jsonl") }

    private func start(_ options: [String]) throws -> RunningProcess {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = try RunningProcess(TestBinaries.url("payment-terminal-sim"),
                                         ["--socket", socket, "--journal", journal.path, "--brand", "icoca"] + options)
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket) { usleep(10_000) }
        return process
    }

    private func run(_ options: [String], timeout: Duration = .seconds(2),
                     _ body: (Cashier, SocketPaymentTerminal, PaymentOrder) async throws -> Void) async throws -> (payments: Int, charges: Int) {
        let simulator = try start(options)
        defer {
            simulator.terminate()
            _ = try? simulator.finish()
            try? FileManager.default.removeItem(at: folder)
        }
        let cashier = Cashier(database: try CounterStorage.inMemory(), catalog: LedgerFixtures.catalog, clock: SystemClock(),
                              terminalID: "T1")
        let order = PaymentOrder(requestID: "R1", actor: .kiosk(terminalID: "K1"), channel: .kiosk,
                                 lines: [OrderLine(code: "etsuran-juki", quantity: 2)], tender: .cashless(brandID: "icoca", slip: nil))
        try await body(cashier, SocketPaymentTerminal(path: socket, timeout: timeout), order)
        let lines = ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n")
        return (try cashier.payments().count, lines.count)
    }

    @Test("approved: one payment with the simulator's slip, one charge in its journal")
    func approved() async throws {
        let counts = try await run([]) { cashier, terminal, order in
            let receipt = try await cashier.pay(order, through: terminal)
            #expect(receipt.payment.total == Yen(600))
            if case .cashless(let brand, _, let slip) = receipt.payment.tender { #expect(brand == "icoca" && slip == "000001") }
        }
        #expect(counts == (1, 1))
    }

    @Test("declined: no payment")
    func declined() async throws {
        let counts = try await run(["--decline", "残高不足"]) { cashier, terminal, order in
            await #expect(throws: ChargeError.declined) { try await cashier.pay(order, through: terminal) }
        }
        #expect(counts == (0, 1))
    }

    @Test("no answer (timeout): the query finds the charge; one payment, one charge")
    func timeout() async throws {
        let counts = try await run(["--no-answer"], timeout: .milliseconds(300)) { cashier, terminal, order in
            _ = try await cashier.pay(order, through: terminal)
        }
        #expect(counts == (1, 1))
    }

    @Test("dropped after charging: the query finds it; one payment, one charge")
    func droppedAfter() async throws {
        let counts = try await run(["--drop-after-charge"]) { cashier, terminal, order in
            _ = try await cashier.pay(order, through: terminal)
        }
        #expect(counts == (1, 1))
    }

    @Test("dropped before charging: nothing charged, nothing recorded")
    func droppedBefore() async throws {
        let counts = try await run(["--drop-before-charge"]) { cashier, terminal, order in
            await #expect(throws: ChargeError.notCharged) { try await cashier.pay(order, through: terminal) }
        }
        #expect(counts == (0, 0))
    }

    @Test("a late answer: unresolved and nothing recorded while unknown (or found by a later query); the retry with the same id gets the first charge")
    func late() async throws {
        let counts = try await run(["--delay-ms", "1500"], timeout: .milliseconds(200)) { cashier, terminal, order in
            do {
                // On a loaded machine a query may come after the late answer: then it finds the approval.
                _ = try await cashier.pay(order, through: terminal, queries: 2, queryInterval: .milliseconds(100))
            } catch ChargeError.unresolved {
                #expect(try cashier.payments().isEmpty)
            }
            try await Task.sleep(for: .seconds(2))
            _ = try await cashier.pay(order, through: terminal)
        }
        #expect(counts == (1, 1))
    }
}
