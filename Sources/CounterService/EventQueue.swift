import CounterCore
import CounterStore
import Foundation

/// Writes case events one after another, off the caller's thread, in the order they were recorded.
///
/// An event that cannot be written (database busy, disk full …) is never dropped: it stays at the
/// head of the queue and is retried with a growing pause (0.2 s doubling up to 5 s) while later
/// events wait behind it, so the stored order is the recorded order. After every attempt the queue
/// reports through its callback how many events wait and the error of a failed attempt.
public final class EventQueue: @unchecked Sendable {
    /// What the queue tells its owner after each write attempt.
    public struct Report: Sendable {
        /// Events recorded but not yet written.
        public var unsaved: Int
        /// Why the last attempt failed; nil after a successful write.
        public var error: (any Error)?
    }

    /// Pause before the first retry.
    public static let firstRetryDelay = Duration.milliseconds(200)
    /// Longest pause between retries.
    public static let longestRetryDelay = Duration.seconds(5)

    private let database: CounterDatabase
    private let lock = NSLock()
    private var queue: [CaseEvent] = []
    private var writing = false
    private var failing = false
    private var onReport: @Sendable (Report) -> Void = { _ in }
    private var settledWaiters: [CheckedContinuation<Void, Never>] = []
    private var savedWaiters: [CheckedContinuation<Void, Never>] = []

    /// Writes to `database`.
    public init(database: CounterDatabase) {
        self.database = database
    }

    /// Sets the callback that receives every ``Report`` (called on a background thread).
    public func onReport(_ callback: @escaping @Sendable (Report) -> Void) {
        lock.withLock { onReport = callback }
    }

    /// Events recorded but not yet written.
    public var unsavedCount: Int {
        lock.withLock { queue.count }
    }

    /// Queues one event for writing.
    public func record(_ event: CaseEvent) {
        let start = lock.withLock { () -> Bool in
            queue.append(event)
            defer { writing = true }
            return !writing
        }
        if start { Task.detached { await self.writeQueue() } }
    }

    /// Suspends until every recorded event has been written.
    public func waitUntilSaved() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let saved = lock.withLock { () -> Bool in
                if queue.isEmpty { return true }
                savedWaiters.append(continuation)
                return false
            }
            if saved { continuation.resume() }
        }
    }

    /// Suspends until every recorded event has been written or a write has failed (the events then
    /// wait for a retry in the background): nobody should wait for a busy database.
    public func waitUntilSettled() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let settled = lock.withLock { () -> Bool in
                if queue.isEmpty || failing { return true }
                settledWaiters.append(continuation)
                return false
            }
            if settled { continuation.resume() }
        }
    }

    private func writeQueue() async {
        var delay = EventQueue.firstRetryDelay
        while true {
            // Never empty here: only this loop removes entries, and it returns when it empties the queue.
            let event = lock.withLock { queue[0] }
            do {
                try database.write { db in try CaseEventRepository.append(event, in: db) }
                let (left, waiters, callback) = lock.withLock { () -> (Int, [CheckedContinuation<Void, Never>], @Sendable (Report) -> Void) in
                    queue.removeFirst()
                    failing = false
                    var waiters: [CheckedContinuation<Void, Never>] = []
                    if queue.isEmpty {
                        writing = false
                        waiters = savedWaiters + settledWaiters
                        savedWaiters = []
                        settledWaiters = []
                    }
                    return (queue.count, waiters, onReport)
                }
                callback(Report(unsaved: left, error: nil))
                waiters.forEach { $0.resume() }
                delay = EventQueue.firstRetryDelay
                if left == 0 { return }
            } catch {
                let (left, waiters, callback) = lock.withLock { () -> (Int, [CheckedContinuation<Void, Never>], @Sendable (Report) -> Void) in
                    failing = true
                    defer { settledWaiters = [] }
                    return (queue.count, settledWaiters, onReport)
                }
                callback(Report(unsaved: left, error: error))
                waiters.forEach { $0.resume() }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, EventQueue.longestRetryDelay)
            }
        }
    }
}

/// Case events not written (yet).
public enum EventRecordError: UserFacingError, Equatable {
    /// A write failed for `reason` (the database error's message); the events are kept and retried.
    case delayed(reason: String)
    /// `count` events were still waiting for the database when the program ended.
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
