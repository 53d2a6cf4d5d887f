#if canImport(Glibc)
import Glibc
#endif
import CounterCore
import MyNumberReader

/// Why a vpcd connection ended.
public enum VPCDError: UserFacingError, Equatable {
    /// Could not connect to vpcd (pcscd not running, or vpcd not configured on that port).
    case connectFailed(port: UInt16, errno: Int32)
    /// The socket failed while talking.
    case ioFailed(errno: Int32)
}

/// A virtual card's TCP connection to the vpcd reader driver inside pcscd.
///
/// Framing both ways: a 2-byte big-endian length, then the payload. A 1-byte payload from vpcd is a
/// control (`00` power off, `01` power on, `02` reset, `04` get ATR); anything longer is a command APDU.
/// The socket sets `TCP_NODELAY`, and `TCP_QUICKACK` before and after every read (else every APDU waits
/// for a delayed ACK, ~40 ms).
public final class VPCDConnection {
    /// The ATR the card reports; OpenSC's jpki driver matches it.
    public static let myNumberATR: [UInt8] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14]

    private let socket: Int32

    /// How a ``serve(_:atr:removeAfterAPDUs:removeAtINS:)`` ended.
    public enum End: Sendable, Equatable {
        /// vpcd closed the connection (pcscd stopped).
        case closedByReader
        /// The card was "pulled out" (after the configured number of APDUs, or at the configured INS).
        case removed
    }

    /// Connects to vpcd on `host:port` (default reader "Virtual PCD 00 00" on 35963).
    public init(host: String = "127.0.0.1", port: UInt16 = 35963) throws(VPCDError) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connectFailed(port: port, errno: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw .connectFailed(port: port, errno: code)
        }
        socket = fd
        setOption(TCP_NODELAY)
        setOption(Int32(TCP_QUICKACK))
    }

    deinit {
        close(socket)
    }

    /// Serves `card` until vpcd closes the connection, or until `removeAfterAPDUs` APDUs were answered,
    /// or until a command with the instruction byte `removeAtINS` arrives (it is not answered); then the
    /// connection is dropped, as if the card were pulled out.
    public func serve(_ card: SimulatedCard, atr: [UInt8] = myNumberATR, removeAfterAPDUs: Int? = nil,
                      removeAtINS: UInt8? = nil) throws(VPCDError) -> End {
        var answered = 0
        func pull() -> End {
            card.powerOff()
            shutdown(socket, Int32(SHUT_RDWR))
            return .removed
        }
        while true {
            guard let header = try read(count: 2) else { card.powerOff(); return .closedByReader }
            let length = Int(header[0]) << 8 | Int(header[1])
            guard let payload = try read(count: length) else { card.powerOff(); return .closedByReader }
            if payload.count == 1 {
                switch payload[0] {
                case 0x00: card.powerOff()
                case 0x01, 0x02: card.reset()
                case 0x04: try send(atr)
                default: break
                }
                continue
            }
            if let removeAtINS, payload[1] == removeAtINS { return pull() }
            try send(card.process(payload))
            answered += 1
            if let limit = removeAfterAPDUs, answered >= limit { return pull() }
        }
    }

    private func setOption(_ option: Int32) {
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), option, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads exactly `count` bytes; nil when the peer closed the connection.
    private func read(count: Int) throws(VPCDError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            setOption(Int32(TCP_QUICKACK))
            let got = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + filled, count - filled, 0) }
            setOption(Int32(TCP_QUICKACK))
            if got == 0 { return nil }
            if got < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return nil }
                throw .ioFailed(errno: errno)
            }
            filled += got
        }
        return buffer
    }

    private func send(_ payload: [UInt8]) throws(VPCDError) {
        let frame = [UInt8(payload.count >> 8 & 0xFF), UInt8(payload.count & 0xFF)] + payload
        var sent = 0
        while sent < frame.count {
            let wrote = frame.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, frame.count - sent, Int32(MSG_NOSIGNAL)) }
            if wrote < 0 {
                if errno == EINTR { continue }
                throw .ioFailed(errno: errno)
            }
            sent += wrote
        }
    }
}

extension VPCDError {
    /// The Japanese message for the user: what happened and what to do.
    public var userMessage: String {
        switch self {
        case .connectFailed(let port, let code):
            return "仮想カードリーダー（vpcd, ポート \(port)）に接続できません（errno \(code)）。pcscd と vpcd が動いているか確認してください。"
        case .ioFailed(let code):
            return "仮想カードリーダーとの通信に失敗しました（errno \(code)）。pcscd を確認してください。"
        }
    }
}
