import CounterCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The line-delimited JSON protocol between counter and a payment terminal process (`payment-terminal-sim`):
/// one request object per line, one response object per line (`docs/ledger.md`, "The payment terminal").
public enum TerminalWire {
    /// A request: `{"op":"charge","reference":"<uuid>","amount":300}`, `{"op":"query","reference":…}`,
    /// `{"op":"cancel","reference":…}`.
    public struct Request: Codable, Sendable, Equatable {
        /// `charge`, `query` or `cancel`.
        public var op: String
        /// The payment id: the idempotency reference.
        public var reference: UUID
        /// The amount in yen (charge only).
        public var amount: Int64?

        /// A request.
        public init(op: String, reference: UUID, amount: Int64? = nil) {
            self.op = op
            self.reference = reference
            self.amount = amount
        }
    }

    /// A response: `{"result":"approved","brand":"visa","slip":"000001"}`, `{"result":"declined","reason":"…"}`,
    /// `{"result":"notFound"}`, `{"result":"cancelled"}`.
    public struct Response: Codable, Sendable, Equatable {
        /// `approved`, `declined`, `notFound`, `cancelled`.
        public var result: String
        public var brand: String?
        public var slip: String?
        public var reason: String?

        /// A response.
        public init(result: String, brand: String? = nil, slip: String? = nil, reason: String? = nil) {
            self.result = result
            self.brand = brand
            self.slip = slip
            self.reason = reason
        }
    }

    /// Reads from `descriptor` up to the first newline and decodes that line; nil when the connection ends first
    /// (or its receive timeout passes) or the line is not a `T`.
    public static func readLine<T: Decodable>(_ type: T.Type, from descriptor: Int32) -> T? {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(0x0A) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0, received.count < maximumLineBytes else { return nil }
            received.append(contentsOf: buffer[0..<count])
        }
        return try? JSONDecoder().decode(type, from: received.prefix { $0 != 0x0A })
    }

    /// The longest line read (a request or response is far shorter).
    public static let maximumLineBytes = 64 << 10

    /// Sends `value` as one line; false when it could not be sent whole.
    public static func send<T: Encodable>(_ value: T, to descriptor: Int32) -> Bool {
        let data = line(value)
        return data.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == data.count
    }

    /// One JSON line (with its newline).
    public static func line<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ((try? encoder.encode(value)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}

/// A payment terminal reached over a Unix socket with ``TerminalWire``: each call opens a connection, sends one
/// line and waits at most `timeout` for the answer (a late or missing answer is ``ChargeOutcome/timedOut``).
public struct SocketPaymentTerminal: PaymentTerminal {
    /// The socket's path.
    public let path: String
    /// How long to wait for an answer.
    public let timeout: Duration

    /// A terminal at `path`.
    public init(path: String, timeout: Duration = .seconds(5)) {
        self.path = path
        self.timeout = timeout
    }

    public func charge(reference: UUID, amount: Yen) async -> ChargeOutcome {
        guard let response = exchange(.init(op: "charge", reference: reference, amount: amount.amount)) else { return .timedOut }
        switch response.result {
        case "approved":
            guard let brand = response.brand, let slip = response.slip else { return .timedOut }
            return .approved(Approval(brandID: brand, slip: slip))
        case "declined": return .declined(reason: response.reason ?? "")
        default: return .timedOut
        }
    }

    public func query(reference: UUID) async -> QueryOutcome {
        guard let response = exchange(.init(op: "query", reference: reference)) else { return .unreachable }
        switch response.result {
        case "approved":
            guard let brand = response.brand, let slip = response.slip else { return .unreachable }
            return .approved(Approval(brandID: brand, slip: slip))
        case "declined": return .declined(reason: response.reason ?? "")
        case "notFound": return .notFound
        default: return .unreachable
        }
    }

    public func cancel(reference: UUID) async -> Bool {
        exchange(.init(op: "cancel", reference: reference))?.result == "cancelled"
    }

    /// Sends one request and reads one line back; nil on any failure or when no line arrives in time.
    private func exchange(_ request: TerminalWire.Request) -> TerminalWire.Response? {
        // Close-on-exec: a process spawned meanwhile must not inherit the connection and hold it open.
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var wait = timeval(tv_sec: Int(timeout.components.seconds),
                           tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        guard UnixSocketAddress.connect(descriptor, path: path) else { return nil }
        guard TerminalWire.send(request, to: descriptor) else { return nil }
        return TerminalWire.readLine(TerminalWire.Response.self, from: descriptor)
    }
}

/// `sockaddr_un` handling shared by the client and the simulator.
public enum UnixSocketAddress {
    /// Runs `body` with the address of `path`; false when the path is too long.
    public static func with(path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// Connects `descriptor` to the socket at `path`.
    public static func connect(_ descriptor: Int32, path: String) -> Bool {
        with(path: path) { Glibc.connect(descriptor, $0, $1) }
    }
}
