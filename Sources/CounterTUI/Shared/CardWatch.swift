import Foundation
import MyNumberReader

/// Watches the card reader in a background task and hands each change of the reader or card state to
/// `post` (the counter's status line, the kiosk's card steps).
final class CardWatch: Sendable {
    private let task: Task<Void, Never>
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts watching `card`.
    init(card: CardInfoReader, post: @escaping @Sendable (CardSlotStatus) -> Void) {
        let stopped = self.stopped
        task = Task.detached {
            defer { stopped.signal() }
            var last: CardSlotStatus?
            while !Task.isCancelled {
                let turn = ContinuousClock.now
                let status = await card.waitForStatus(timeout: .milliseconds(500))
                if status != last, !Task.isCancelled {
                    last = status
                    post(status)
                }
                // Never spin if the reader returns at once.
                try? await Task.sleep(until: turn + .milliseconds(250), clock: .continuous)
            }
        }
    }

    /// Stops watching and waits (at most 3 s) until the watch has left PC/SC, so the context is never
    /// released under it.
    func stop() {
        task.cancel()
        _ = stopped.wait(timeout: .now() + 3)
    }
}
