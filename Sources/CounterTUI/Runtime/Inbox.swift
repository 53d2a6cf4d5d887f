import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Results of background work waiting to be applied on the UI thread.
///
/// Background tasks never touch the UI state: they hand a delivery (a closure that receives the
/// UI state) to the inbox, which wakes the UI loop through a pipe (terminal) or a continuation
/// (headless driver). The inbox also counts work in flight so the headless driver can wait until
/// everything started has been delivered.
final class Inbox<Mode: UIMode>: @unchecked Sendable {
    typealias Delivery = @Sendable (UIRuntime<Mode>) -> Void

    private let lock = NSLock()
    private var queue: [Delivery] = []
    private var pending = 0
    private var waiter: CheckedContinuation<Void, Never>?
    private var wakeDescriptor: Int32?

    /// - Parameter wakeDescriptor: the write end of the UI loop's wake-up pipe (non-blocking), if any.
    init(wakeDescriptor: Int32? = nil) {
        self.wakeDescriptor = wakeDescriptor
    }

    /// Counts one piece of work that will end with ``finish(_:)``.
    func begin() {
        lock.withLock { pending += 1 }
    }

    /// Delivers the result of work counted by ``begin()``.
    func finish(_ delivery: @escaping Delivery) {
        deliver(delivery, completing: true)
    }

    /// Delivers a message not counted as work (status monitoring).
    func post(_ delivery: @escaping Delivery) {
        deliver(delivery, completing: false)
    }

    /// Stops waking the UI loop and closes the write end of the wake-up pipe.
    ///
    /// Background work may still post afterwards (a hung printer check, a late event write):
    /// its deliveries are queued and never applied, and nothing is written to the closed (or by
    /// then reused) descriptor, because the descriptor is cleared under the lock before closing.
    func closeWake() {
        let descriptor = lock.withLock { () -> Int32? in
            defer { wakeDescriptor = nil }
            return wakeDescriptor
        }
        if let descriptor { close(descriptor) }
    }

    /// Takes every waiting delivery, oldest first.
    func drain() -> [Delivery] {
        lock.withLock {
            defer { queue.removeAll() }
            return queue
        }
    }

    /// True when no work is in flight and nothing waits to be applied.
    var isIdle: Bool {
        lock.withLock { pending == 0 && queue.isEmpty }
    }

    /// Suspends until at least one delivery is waiting (headless driver).
    func waitForDelivery() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = lock.withLock { () -> Bool in
                if queue.isEmpty {
                    waiter = continuation
                    return false
                }
                return true
            }
            if ready { continuation.resume() }
        }
    }

    private func deliver(_ delivery: @escaping Delivery, completing: Bool) {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            queue.append(delivery)
            if completing { pending -= 1 }
            // Written under the lock so closeWake() cannot close the descriptor in between.
            if let wakeDescriptor {
                var byte: UInt8 = 1
                _ = write(wakeDescriptor, &byte, 1)
            }
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }
}
