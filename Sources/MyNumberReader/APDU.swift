/// An ISO 7816-4 command APDU (short form: Lc and Le of one byte each).
public struct CommandAPDU: Sendable, Equatable {
    /// Class byte.
    public var cla: UInt8
    /// Instruction byte.
    public var ins: UInt8
    /// First parameter.
    public var p1: UInt8
    /// Second parameter.
    public var p2: UInt8
    /// Command data (sent with Lc); empty for none.
    public var data: [UInt8]
    /// Expected response length: nil for none, 1...256 (256 is coded as `00`).
    public var le: Int?

    /// Creates a command; `data` must be at most 255 bytes and `le` in 1...256.
    public init(cla: UInt8 = 0x00, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], le: Int? = nil) {
        precondition(data.count <= 255, "short APDUs carry at most 255 data bytes")
        precondition(le.map { (1...256).contains($0) } ?? true, "Le must be 1...256")
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.le = le
    }

    /// Parses the bytes of a short command APDU (cases 1 to 4); nil if malformed.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        let body = Array(bytes[4...])
        var data: [UInt8] = []
        var le: Int?
        switch body.count {
        case 0:
            break
        case 1:
            le = body[0] == 0 ? 256 : Int(body[0])
        default:
            let lc = Int(body[0])
            guard lc > 0, body.count == 1 + lc || body.count == 2 + lc else { return nil }
            data = Array(body[1...lc])
            if body.count == 2 + lc { le = body[1 + lc] == 0 ? 256 : Int(body[1 + lc]) }
        }
        self.init(cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3], data: data, le: le)
    }

    /// The bytes sent to the card.
    public var bytes: [UInt8] {
        var result = [cla, ins, p1, p2]
        if !data.isEmpty {
            result.append(UInt8(data.count))
            result += data
        }
        if let le { result.append(le == 256 ? 0 : UInt8(le)) }
        return result
    }

    /// The same command with another expected length (used to answer `6C xx`).
    public func with(le newLe: Int) -> CommandAPDU {
        var copy = self
        copy.le = newLe
        return copy
    }

    /// True for VERIFY (`INS 20`): its data is a PIN and must never be recorded.
    public var carriesSecret: Bool { ins == 0x20 }
}

/// A response APDU: data followed by the status word.
public struct ResponseAPDU: Sendable, Equatable {
    /// Response data, without the status word.
    public var data: [UInt8]
    /// The status word (SW1 SW2).
    public var status: StatusWord

    /// Creates a response from data and a status word.
    public init(data: [UInt8] = [], status: StatusWord) {
        self.data = data
        self.status = status
    }

    /// Parses raw response bytes (at least SW1 SW2).
    public init(bytes: [UInt8]) throws(CardError) {
        guard bytes.count >= 2 else { throw CardError.malformedData("応答が短すぎます（\(bytes.count) バイト）") }
        data = Array(bytes.dropLast(2))
        status = StatusWord(sw1: bytes[bytes.count - 2], sw2: bytes[bytes.count - 1])
    }

    /// The bytes as the card sends them.
    public var bytes: [UInt8] { data + status.bytes }
}

/// A status word (SW1 SW2) and what it means for the My Number card applications.
public struct StatusWord: Sendable, Hashable, CustomStringConvertible {
    /// The two bytes as one number, e.g. `0x9000`.
    public var value: UInt16

    /// Creates a status word from its value.
    public init(_ value: UInt16) { self.value = value }

    /// Creates a status word from its bytes.
    public init(sw1: UInt8, sw2: UInt8) { value = UInt16(sw1) << 8 | UInt16(sw2) }

    /// First byte.
    public var sw1: UInt8 { UInt8(value >> 8) }
    /// Second byte.
    public var sw2: UInt8 { UInt8(value & 0xFF) }

    /// `90 00`.
    public static let success = StatusWord(0x9000)
    /// `69 82`: security status not satisfied (read before VERIFY).
    public static let securityStatusNotSatisfied = StatusWord(0x6982)
    /// `69 83`: authentication method blocked.
    public static let authenticationBlocked = StatusWord(0x6983)
    /// `69 84`: referenced data invalidated (the PIN is blocked).
    public static let referenceDataBlocked = StatusWord(0x6984)
    /// `6A 82`: file or application not found.
    public static let fileNotFound = StatusWord(0x6A82)
    /// `6A 86`: wrong P1 P2.
    public static let wrongParameters = StatusWord(0x6A86)
    /// `6B 00`: offset beyond the end of the file.
    public static let offsetOutOfRange = StatusWord(0x6B00)
    /// `67 00`: wrong length.
    public static let wrongLength = StatusWord(0x6700)
    /// `69 85`: conditions of use not satisfied (e.g. no key selected).
    public static let conditionsNotSatisfied = StatusWord(0x6985)
    /// `69 86`: command not allowed (no current EF).
    public static let commandNotAllowed = StatusWord(0x6986)
    /// `6D 00`: instruction not supported.
    public static let instructionNotSupported = StatusWord(0x6D00)
    /// `6E 00`: class not supported.
    public static let classNotSupported = StatusWord(0x6E00)

    /// `63 Cx`: x tries left (a wrong PIN, or the answer to VERIFY without data).
    public static func triesLeft(_ count: Int) -> StatusWord { StatusWord(0x63C0 | UInt16(min(max(count, 0), 15))) }

    /// `61 xx`: that many more bytes are waiting for GET RESPONSE.
    public static func moreData(_ count: Int) -> StatusWord { StatusWord(0x6100 | UInt16(count & 0xFF)) }

    /// `6C xx`: resend the command with Le = xx.
    public static func resendWithLength(_ count: Int) -> StatusWord { StatusWord(0x6C00 | UInt16(count & 0xFF)) }

    /// True for `90 00`.
    public var isSuccess: Bool { value == 0x9000 }

    /// The tries left carried by `63 Cx`, else nil.
    public var triesLeft: Int? { value & 0xFFF0 == 0x63C0 ? Int(value & 0x0F) : nil }

    /// The byte count of `61 xx` (00 means 256), else nil.
    public var moreDataCount: Int? { sw1 == 0x61 ? (sw2 == 0 ? 256 : Int(sw2)) : nil }

    /// The exact Le requested by `6C xx` (00 means 256), else nil.
    public var exactLength: Int? { sw1 == 0x6C ? (sw2 == 0 ? 256 : Int(sw2)) : nil }

    /// The error for a status word that is not success, given whether the command was a VERIFY.
    ///
    /// `63 Cx` after a VERIFY with a PIN is a wrong PIN (`63 C0`: now blocked); `69 84`/`69 83` a blocked
    /// PIN; `69 82` a read before VERIFY; `6A 82` a missing file; anything else an unexpected status.
    public func error(afterVerify: Bool) -> CardError {
        if let tries = triesLeft, afterVerify {
            return tries == 0 ? .pinBlocked : .wrongPIN(triesLeft: tries)
        }
        switch self {
        case .referenceDataBlocked, .authenticationBlocked: return .pinBlocked
        case .securityStatusNotSatisfied: return .securityStatusNotSatisfied
        default: return .unexpectedStatus(value)
        }
    }

    /// The two bytes SW1 SW2.
    public var bytes: [UInt8] { [sw1, sw2] }

    /// The bytes as upper-case hex.
    public var description: String { bytes.hexString() }
}
