import CounterCore
import CounterStore
import Foundation

/// Writes case events one after another, off the UI thread, in the order they were recorded.
///
/// An event that cannot be written (database busy, disk full …) is never dropped: it stays at the
/// head of the queue and is retried with a growing pause (0.2 s doubling up to 5 s) while later
/// events wait behind it, so the stored order is the recorded order. The UI learns the number of
/// events not yet written (``AppContext/unsavedEvents``) after every attempt.
final class EventRecorder: @unchecked Sendable {
    /// One queued event; `counted` while it is counted as work in the inbox.
    private struct Entry {
        var event: CaseEvent
        var counted: Bool
    }

    /// Pause before the first retry.
    static let firstRetryDelay = Duration.milliseconds(200)
    /// Longest pause between retries.
    static let longestRetryDelay = Duration.seconds(5)

    private let repository: CaseEventRepository
    private let inbox: Inbox
    private let lock = NSLock()
    private var queue: [Entry] = []
    private var writing = false
    private var failing = false
    private var savedWaiters: [CheckedContinuation<Void, Never>] = []

    /// Writes to `repository`; results reach the UI through `inbox`.
    ///
    /// While writes succeed, each event is counted as work in `inbox` until written (so the
    /// headless driver waits for it); once a write fails, the waiting events stop being counted
    /// and are retried in the background.
    init(repository: CaseEventRepository, inbox: Inbox) {
        self.repository = repository
        self.inbox = inbox
    }

    /// Events recorded but not yet written.
    var unsavedCount: Int {
        lock.withLock { queue.count }
    }

    /// Queues one event for writing.
    func record(_ event: CaseEvent) {
        let start = lock.withLock { () -> Bool in
            queue.append(Entry(event: event, counted: !failing))
            if !failing { inbox.begin() }
            defer { writing = true }
            return !writing
        }
        if start { Task.detached { await self.writeQueue() } }
    }

    /// Suspends until every recorded event has been written.
    func waitUntilSaved() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let saved = lock.withLock { () -> Bool in
                if queue.isEmpty { return true }
                savedWaiters.append(continuation)
                return false
            }
            if saved { continuation.resume() }
        }
    }

    private func writeQueue() async {
        var delay = EventRecorder.firstRetryDelay
        while true {
            // Never empty here: only this loop removes entries, and it returns when it empties the queue.
            let entry = lock.withLock { queue[0] }
            do {
                try repository.append(entry.event)
                let (left, waiters) = lock.withLock { () -> (Int, [CheckedContinuation<Void, Never>]) in
                    queue.removeFirst()
                    failing = false
                    if queue.isEmpty { writing = false }
                    let waiters = queue.isEmpty ? savedWaiters : []
                    if queue.isEmpty { savedWaiters = [] }
                    return (queue.count, waiters)
                }
                report(left, counted: entry.counted ? 1 : 0, error: nil)
                waiters.forEach { $0.resume() }
                delay = EventRecorder.firstRetryDelay
                if left == 0 { return }
            } catch {
                // Stop counting the waiting events as work: nobody should wait for a busy database.
                let (left, released) = lock.withLock { () -> (Int, Int) in
                    let released = queue.filter(\.counted).count
                    for index in queue.indices { queue[index].counted = false }
                    failing = true
                    return (queue.count, released)
                }
                report(left, counted: released, error: error)
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, EventRecorder.longestRetryDelay)
            }
        }
    }

    /// Tells the UI how many events wait, finishing `counted` units of inbox work.
    private func report(_ unsaved: Int, counted: Int, error: (any Error)?) {
        let delivery: Inbox.Delivery = { app in app.eventWriteReported(unsaved: unsaved, error: error) }
        if counted == 0 {
            inbox.post(delivery)
            return
        }
        inbox.finish(delivery)
        for _ in 1..<counted { inbox.finish { _ in } }
    }
}

/// Case events not written (yet).
public enum EventRecordError: UserFacingError, Equatable {
    /// A write failed for `reason` (the database error's message); the events are kept and retried.
    case delayed(reason: String)
    /// `count` events were still waiting for the database when the UI ended.
    case unsaved(count: Int)

    public var userMessage: String {
        switch self {
        case .delayed(let reason):
            return "受付の記録をまだ保存できていません。記録は消さずに自動で保存し直します"
                + "（状態行の「記録未保存」が消えない場合は管理者に連絡してください）。原因: \(reason)"
        case .unsaved(let count):
            return "受付の記録\(count)件をデータベースに保存できないまま終了しました。"
                + "データベースを使用している他のプログラムを確認し、管理者に連絡してください。"
        }
    }
}
