import CounterCore
import MyNumberReader

/// The command line's card flow, shared by `card read` and `preprint --from-card`: waits for the card
/// (in `reader`, or the first reader holding one, up to `wait`), checks the PIN tries left without
/// spending one (another card or a blocked PIN is refused before the prompt), asks for the
/// 券面事項入力補助用 PIN and reads the four fields in one session; the card is powered off after each.
///
/// `triesLeft` and `read` are the card reader's own, or a case's (which records every card error).
func readBasicInfoFromCard(reader: CardInfoReader, wait: Duration = .zero, pinFromStdin: Bool,
                           triesLeft: () async throws -> Int, read: (CardPIN) async throws -> BasicInfo)
    async throws -> BasicInfo
{
    try await reader.waitForCard(timeout: wait)
    _ = try await triesLeft()
    let pin = try readPIN(fromStdin: pinFromStdin, prompt: "券面事項入力補助用暗証番号（数字4桁）: ")
    return try await read(pin)
}
