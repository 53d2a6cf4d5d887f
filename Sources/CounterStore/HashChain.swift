import Crypto
import Foundation

/// The tamper evidence of write-once records: each record's hash is SHA-256 over the previous record's
/// hash and the record's canonical bytes, one chain per terminal. The case events carry it now; the
/// ledger, the issuance history and the print logs share this one mechanism.
///
/// The canonical bytes (see `docs/events.md`): for each field in its documented order, a NULL is the
/// four bytes `FF FF FF FF`; any other value is its text as UTF-8 (integers in decimal ASCII, no
/// leading zeros, `-` for negatives), preceded by its byte length as a 4-byte big-endian integer.
public enum HashChain {
    /// The previous hash of a terminal's first record: 32 zero bytes.
    public static let genesis = Data(repeating: 0, count: 32)

    /// One field of a record's canonical encoding.
    public enum Field: Sendable, Equatable {
        /// A text column (or NULL).
        case text(String?)
        /// An integer column (or NULL).
        case integer(Int64?)
    }

    /// The canonical bytes of a record's fields.
    public static func canonicalBytes(_ fields: [Field]) -> Data {
        var bytes = Data()
        for field in fields {
            let text: String?
            switch field {
            case .text(let value): text = value
            case .integer(let value): text = value.map(String.init)
            }
            guard let text else {
                bytes.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
                continue
            }
            let utf8 = Array(text.utf8)
            let length = UInt32(utf8.count)
            bytes.append(contentsOf: [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF),
                                      UInt8(length & 0xFF)])
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// SHA-256 of `previous` (32 bytes) followed by the record's canonical bytes.
    public static func link(previous: Data, fields: [Field]) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonicalBytes(fields))
        return Data(hasher.finalize())
    }
}

/// What a chain check found.
public struct ChainReport: Sendable, Equatable {
    /// Records checked per terminal.
    public var recordsPerTerminal: [String: Int]
    /// The first record whose stored hash is not the recomputed one (its terminal and sequence
    /// number), or nil when every chain holds.
    public var firstBreak: (terminal: String, seq: Int64)?

    /// Creates a report.
    public init(recordsPerTerminal: [String: Int], firstBreak: (terminal: String, seq: Int64)?) {
        self.recordsPerTerminal = recordsPerTerminal
        self.firstBreak = firstBreak
    }

    /// True when every chain holds.
    public var isIntact: Bool { firstBreak == nil }

    public static func == (lhs: ChainReport, rhs: ChainReport) -> Bool {
        lhs.recordsPerTerminal == rhs.recordsPerTerminal && lhs.firstBreak?.terminal == rhs.firstBreak?.terminal
            && lhs.firstBreak?.seq == rhs.firstBreak?.seq
    }
}
