import CPCSCLite
import Foundation
import Synchronization

/// What PC/SC reports about one reader.
public struct ReaderState: Sendable, Equatable {
    /// The reader's name, e.g. "Virtual PCD 00 00".
    public var name: String
    /// True when a card is in (or on) the reader.
    public var cardPresent: Bool
    /// True when another program holds the card exclusively.
    public var exclusivelyInUse: Bool
    /// The card's ATR (empty without a card). Do not identify the card by it.
    public var atr: [UInt8]
    /// The raw `SCARD_STATE_*` bits, used to wait for the next change.
    public var eventState: UInt
}

/// A PC/SC resource-manager context (pcscd): lists readers, waits for card and reader changes, and
/// connects to cards. One context per thread that waits; ``cancelWait()`` may be called from any thread.
public final class PCSCContext: Sendable {
    /// The special reader name that reports readers being plugged in or out.
    static let plugAndPlayReader = "\\\\?PnP?\\Notification"

    let handle: SCARDCONTEXT

    /// Establishes a context; ``CardError/serviceNotRunning`` when pcscd is not there.
    public init() throws(CardError) {
        var context: SCARDCONTEXT = 0
        let code = SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context)
        guard code == PCSCCode.success else { throw PCSCCode.error(code) }
        handle = context
    }

    deinit {
        SCardReleaseContext(handle)
    }

    /// The names of the connected readers (empty when there are none).
    public func readerNames() throws(CardError) -> [String] {
        var length: DWORD = 0
        var code = SCardListReaders(handle, nil, nil, &length)
        if code == PCSCCode.noReadersAvailable { return [] }
        guard code == PCSCCode.success else { throw PCSCCode.error(code) }
        var buffer = [CChar](repeating: 0, count: Int(length))
        code = SCardListReaders(handle, nil, &buffer, &length)
        if code == PCSCCode.noReadersAvailable { return [] }
        guard code == PCSCCode.success else { throw PCSCCode.error(code) }
        // A multi-string: names separated by NUL, ended by an empty name.
        return buffer.split(separator: 0, omittingEmptySubsequences: true).map { name in
            String(decoding: name.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The current state of every reader.
    public func readerStates() throws(CardError) -> [ReaderState] {
        try statusChange(previous: readerNames().map { ReaderState(name: $0, cardPresent: false, exclusivelyInUse: false, atr: [], eventState: 0) },
                         readerCount: nil, timeout: .zero).states
    }

    /// Waits until a reader in `previous` changes (card inserted or removed) or a reader is plugged in or
    /// out, or `timeout` passes; returns the states then (equal to `previous` after a timeout).
    public func waitForChange(from previous: [ReaderState], timeout: Duration) throws(CardError) -> [ReaderState] {
        let result = try statusChange(previous: previous, readerCount: previous.count, timeout: timeout)
        if result.readersChanged { return try readerStates() }
        return result.states
    }

    /// Stops a ``waitForChange(from:timeout:)`` running on another thread.
    public func cancelWait() {
        SCardCancel(handle)
    }

    private func statusChange(previous: [ReaderState], readerCount: Int?, timeout: Duration) throws(CardError)
        -> (states: [ReaderState], readersChanged: Bool)
    {
        var names = previous.map { strdup($0.name)! }
        if readerCount != nil { names.append(strdup(Self.plugAndPlayReader)!) }
        defer { names.forEach { free($0) } }
        var states = names.enumerated().map { index, name in
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(name)
            state.dwCurrentState = index < previous.count
                ? DWORD(previous[index].eventState) & ~PCSCState.changed
                : DWORD((readerCount ?? 0) << 16)
            return state
        }
        let milliseconds = DWORD(max(0, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        let code = SCardGetStatusChange(handle, milliseconds, &states, DWORD(states.count))
        if code == PCSCCode.timeout { return (previous, false) }
        if code == PCSCCode.cancelled { return (previous, false) }
        guard code == PCSCCode.success else { throw PCSCCode.error(code) }
        var result: [ReaderState] = []
        for (index, state) in states.enumerated() where index < previous.count {
            let event = state.dwEventState
            let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(Int(min(state.cbAtr, 33)))) }
            result.append(ReaderState(name: previous[index].name, cardPresent: event & PCSCState.present != 0,
                                      exclusivelyInUse: event & PCSCState.exclusive != 0,
                                      atr: event & PCSCState.present != 0 ? atr : [], eventState: UInt(event)))
        }
        let readersChanged = readerCount != nil && (states.last!.dwEventState & PCSCState.changed != 0
            || previous.contains { $0.eventState & UInt(PCSCState.unknown | PCSCState.unavailable) != 0 }
            || result.contains { $0.eventState & UInt(PCSCState.unknown) != 0 })
        return (result, readersChanged)
    }

    /// Connects to the card in `reader` exclusively (T=0 or T=1).
    public func connect(reader: String) throws(CardError) -> PCSCCardConnection {
        var card: SCARDHANDLE = 0
        var activeProtocol: DWORD = 0
        let code = SCardConnect(handle, reader, DWORD(SCARD_SHARE_EXCLUSIVE),
                                DWORD(SCARD_PROTOCOL_T0) | DWORD(SCARD_PROTOCOL_T1), &card, &activeProtocol)
        guard code == PCSCCode.success else { throw PCSCCode.error(code, reader: reader) }
        return PCSCCardConnection(context: self, handle: card, activeProtocol: activeProtocol)
    }
}

/// An exclusive connection to a card; a ``CardTransport``. ``disconnect()`` powers the card off so a
/// verified PIN does not outlive the session.
public final class PCSCCardConnection: CardTransport {
    private let context: PCSCContext
    private let handle: SCARDHANDLE
    private let activeProtocol: DWORD
    private let open = Mutex(true)

    init(context: PCSCContext, handle: SCARDHANDLE, activeProtocol: DWORD) {
        self.context = context
        self.handle = handle
        self.activeProtocol = activeProtocol
    }

    deinit {
        disconnect()
    }

    /// Sends one command APDU and returns the card's response.
    public func transmit(_ command: CommandAPDU) throws -> ResponseAPDU {
        guard open.withLock({ $0 }) else { throw CardError.cardRemoved }
        let send = command.bytes
        var receive = [UInt8](repeating: 0, count: 258 + 16)
        var receiveLength = DWORD(receive.count)
        let pci = activeProtocol == DWORD(SCARD_PROTOCOL_T0) ? cpcsc_pci_t0() : cpcsc_pci_t1()
        let code = SCardTransmit(handle, pci, send, DWORD(send.count), nil, &receive, &receiveLength)
        guard code == PCSCCode.success else { throw PCSCCode.error(code, duringSession: true) }
        // Every card answer ends in a status word; an answer without one means the card stopped answering
        // (vpcd reports a card pulled mid-command this way).
        guard receiveLength >= 2 else { throw CardError.cardRemoved }
        return try ResponseAPDU(bytes: Array(receive.prefix(Int(receiveLength))))
    }

    /// Ends the connection and powers the card off (`SCARD_UNPOWER_CARD`); safe to call twice.
    public func disconnect() {
        let wasOpen = open.withLock { isOpen in
            defer { isOpen = false }
            return isOpen
        }
        if wasOpen { SCardDisconnect(handle, DWORD(SCARD_UNPOWER_CARD)) }
    }
}
