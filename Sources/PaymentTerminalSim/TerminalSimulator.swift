import CashlessLedger
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A simulated payment terminal: a separate process answering ``TerminalWire`` lines on a Unix socket, keeping
/// every charge in its own fsync'd journal (JSON lines) so a query after a lost answer finds it, even after a
/// restart. A charge under a reference it knows returns the journaled outcome and charges nothing again.
public final class TerminalSimulator {
    /// How the simulator answers a new charge.
    public struct Behaviour: Sendable {
        /// Decline every charge (with this reason) instead of approving it.
        public var declineReason: String?
        /// Answer only after this long (a late answer).
        public var delay: Duration = .zero
        /// Record the charge as approved but never answer it (the caller times out).
        public var noAnswer = false
        /// Record the charge as approved, then drop the connection without an answer.
        public var dropAfterCharge = false
        /// Drop the connection before charging (nothing is recorded).
        public var dropBeforeCharge = false
        /// The brand every approval reports.
        public var brandID = "visa"

        /// The default: approve at once.
        public init() {}
    }

    /// One journaled charge.
    struct Charge: Codable {
        var reference: UUID
        var amount: Int64
        var result: String
        var brand: String?
        var slip: String?
        var reason: String?
    }

    private let behaviour: Behaviour
    private let journal: URL
    private var charges: [UUID: Charge] = [:]

    /// A simulator journaling to `journal` (created 0600 if missing; read back if present).
    public init(journal: URL, behaviour: Behaviour) throws {
        self.journal = journal
        self.behaviour = behaviour
        if let data = try? Data(contentsOf: journal) {
            for line in data.split(separator: 0x0A) {
                if let charge = try? JSONDecoder().decode(Charge.self, from: line) { charges[charge.reference] = charge }
            }
        }
    }

    /// Listens on `socketPath` (replacing a stale socket file) and serves one connection at a time, forever.
    public func serve(socketPath: String) throws -> Never {
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        unlink(socketPath)
        guard listener >= 0, UnixSocketAddress.with(path: socketPath, { bind(listener, $0, $1) }), listen(listener, 8) == 0 else {
            throw SimulatorError.cannotListen
        }
        chmod(socketPath, 0o600)
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        guard let request = TerminalWire.readLine(TerminalWire.Request.self, from: connection),
              let response = respond(to: request, connection: connection) else { return }
        _ = TerminalWire.send(response, to: connection)
    }

    /// The answer to `request`, or nil when the behaviour is to give none.
    private func respond(to request: TerminalWire.Request, connection: Int32) -> TerminalWire.Response? {
        switch request.op {
        case "query":
            return charges[request.reference].map(response(of:)) ?? TerminalWire.Response(result: "notFound")
        case "cancel":
            guard let charge = charges[request.reference], charge.result == "approved" else {
                return TerminalWire.Response(result: "notFound")
            }
            record(Charge(reference: charge.reference, amount: charge.amount, result: "cancelled", brand: charge.brand,
                          slip: charge.slip))
            return TerminalWire.Response(result: "cancelled")
        case "charge":
            if let known = charges[request.reference] { return response(of: known) }  // idempotent: never twice
            if behaviour.dropBeforeCharge { return nil }
            let charge: Charge
            if let reason = behaviour.declineReason {
                charge = Charge(reference: request.reference, amount: request.amount ?? 0, result: "declined", reason: reason)
            } else {
                charge = Charge(reference: request.reference, amount: request.amount ?? 0, result: "approved",
                                brand: behaviour.brandID, slip: String(format: "%06d", charges.count + 1))
            }
            record(charge)
            if behaviour.dropAfterCharge { return nil }
            if behaviour.noAnswer {
                // Hold the connection until the caller gives up, answering nothing.
                var byte: UInt8 = 0
                while recv(connection, &byte, 1, 0) > 0 {}
                return nil
            }
            if behaviour.delay > .zero {
                let (seconds, attoseconds) = behaviour.delay.components
                usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
            }
            return response(of: charge)
        default:
            return TerminalWire.Response(result: "unknownOp")
        }
    }

    private func response(of charge: Charge) -> TerminalWire.Response {
        TerminalWire.Response(result: charge.result, brand: charge.brand, slip: charge.slip, reason: charge.reason)
    }

    /// Appends `charge` to the journal and fsyncs it before anything is answered.
    private func record(_ charge: Charge) {
        charges[charge.reference] = charge
        let descriptor = open(journal.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let line = TerminalWire.line(charge)
        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
    }
}

/// The simulator could not start.
public enum SimulatorError: Error {
    /// The socket could not be created, bound or listened on.
    case cannotListen
}
