import CounterCore
import MyNumberReader

/// Finds the card (in `reader`, or the first reader holding one, waiting up to `wait`), asks for the
/// 券面事項入力補助用 PIN and reads the four fields; the card is powered off afterwards.
/// Shared by `card read` and `preprint --from-card`.
///
/// Before the PIN is asked, a short session checks that the card has the card-info application and
/// that its PIN is not blocked (spending no try), so another card or a locked one is refused first.
func readBasicInfoFromCard(reader: String?, wait: Duration = .zero, pinFromStdin: Bool) throws -> BasicInfo {
    let access = try CardReaderAccess()
    let name = try access.waitForCard(reader: reader, timeout: wait)
    let triesLeft = try access.withCard(reader: name) { try CardInfoApplication(transport: $0).pinTriesLeft() }
    if triesLeft == 0 { throw CardError.pinBlocked }
    let pin = try readPIN(fromStdin: pinFromStdin, prompt: "券面事項入力補助用暗証番号（数字4桁）: ")
    return try access.withCard(reader: name) { try CardInfoApplication(transport: $0).readBasicInfo(pin: pin) }
}
