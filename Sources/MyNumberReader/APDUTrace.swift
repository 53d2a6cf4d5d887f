import Synchronization

/// One recorded exchange: the command header and its status word, never a PIN.
public struct APDUTraceEntry: Sendable, Equatable, CustomStringConvertible {
    /// CLA INS P1 P2.
    public var header: [UInt8]
    /// The command data, or nil when it was redacted (VERIFY).
    public var data: [UInt8]?
    /// Number of data bytes sent (also for redacted data).
    public var dataLength: Int
    /// Le, if any.
    public var le: Int?
    /// The card's status word.
    public var status: StatusWord
    /// Number of response data bytes.
    public var responseLength: Int

    /// The instruction byte.
    public var ins: UInt8 { header[1] }

    /// The file id of a SELECT by file id (`00 A4 02 ..`), else nil.
    public var selectedFileID: UInt16? {
        guard header[1] == 0xA4, header[2] == 0x02, let data, data.count == 2 else { return nil }
        return UInt16(data[0]) << 8 | UInt16(data[1])
    }

    /// The AID of a SELECT by name (`00 A4 04 ..`), else nil.
    public var selectedAID: [UInt8]? {
        guard header[1] == 0xA4, header[2] == 0x04 else { return nil }
        return data
    }

    /// One line: header, data (or the redacted length), Le, status word and response length.
    public var description: String {
        let body = data.map { $0.hexString(separator: " ") } ?? "<\(dataLength) bytes redacted>"
        return "\(header.hexString(separator: " ")) \(body) Le=\(le.map(String.init) ?? "-") -> \(status) (\(responseLength) bytes)"
    }
}

extension Collection<UInt8> {
    /// The bytes as upper-case hex, two digits each, joined by `separator` (none by default).
    public func hexString(separator: String = "") -> String {
        map { byte in
            let text = String(byte, radix: 16, uppercase: true)
            return byte < 0x10 ? "0" + text : text
        }.joined(separator: separator)
    }
}

/// A thread-safe list of the APDUs sent through a ``TracingTransport``, for tests and diagnostics.
///
/// VERIFY data is always redacted: a PIN never reaches a trace.
public final class APDUTrace: Sendable {
    private let storage = Mutex<[APDUTraceEntry]>([])

    /// Creates an empty trace.
    public init() {}

    /// Appends the exchange of `command` and `response`, redacting VERIFY data.
    public func record(_ command: CommandAPDU, _ response: ResponseAPDU) {
        let entry = APDUTraceEntry(
            header: [command.cla, command.ins, command.p1, command.p2],
            data: command.carriesSecret ? nil : command.data, dataLength: command.data.count,
            le: command.le, status: response.status, responseLength: response.data.count)
        storage.withLock { $0.append(entry) }
    }

    /// The entries so far.
    public var entries: [APDUTraceEntry] { storage.withLock { $0 } }

    /// Every file id selected by SELECT EF so far.
    public var selectedFileIDs: [UInt16] { entries.compactMap(\.selectedFileID) }
}

/// A transport that records every exchange into an ``APDUTrace`` and forwards it unchanged.
public final class TracingTransport: CardTransport {
    private let base: any CardTransport
    /// Where the exchanges are recorded.
    public let trace: APDUTrace

    /// Wraps a transport, recording into `trace`.
    public init(_ base: any CardTransport, trace: APDUTrace = APDUTrace()) {
        self.base = base
        self.trace = trace
    }

    /// Sends one command APDU and returns the card's response.
    public func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        let response = try base.transmit(command)
        trace.record(command, response)
        return response
    }
}
