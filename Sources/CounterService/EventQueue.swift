import CounterCore
import CounterStore
import Foundation
import Synchronization

/// Records case events durably and writes them to the database off the caller's thread, in the order
/// they were recorded: every event waiting when a write starts goes into that one transaction.
///
/// With a journal, ``record(_:)`` returns only once the event is fsync'd in this process's journal, so
/// nothing recorded is lost if the process dies before the database has it; the journal is emptied
/// whenever every event is in the database and no case or print job is open.
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

    /// The database, or how to open it: a database another program holds locked cannot be opened (its
    /// WAL set-up writes), so a journaled queue opens it on its first write attempt, retrying until it can.
    private let opener: @Sendable () throws -> CounterDatabase
    private var opened: CounterDatabase?
    private let journal: EventJournal?
    private let lock = NSLock()
    private var queue: [CaseEvent] = []
    /// Journal writes that failed (disk full …): those events are only in memory.
    private var journalFailures = 0
    /// Cases started and not ended, and print jobs started and not finished, by this queue's events.
    private var openCases = Set<UUID>()
    private var openPrints = Set<UUID>()
    private var writing = false
    private var failing = false
    private var onReport: @Sendable (Report) -> Void = { _ in }
    private var settledWaiters: [CheckedContinuation<Void, Never>] = []
    private var savedWaiters: [CheckedContinuation<Void, Never>] = []

    /// Writes to `database`, each event first to `journal` when given.
    public init(database: CounterDatabase, journal: EventJournal? = nil) {
        opener = { database }
        opened = database
        self.journal = journal
    }

    /// Writes to the database `open` opens, on the first write attempt (retried like any write), each
    /// event first to `journal`.
    public init(opening open: @escaping @Sendable () throws -> CounterDatabase, journal: EventJournal) {
        opener = open
        self.journal = journal
    }

    /// The database, opened now if it was not yet.
    private func database() throws -> CounterDatabase {
        if let database = lock.withLock({ opened }) { return database }
        let database = try opener()
        lock.withLock { opened = database }
        return database
    }

    /// True when every event recorded so far reached the journal: none is lost if the process ends before
    /// the database has it.
    public var isJournaled: Bool { lock.withLock { journal != nil && journalFailures == 0 } }

    /// Removes this process's journal if it holds nothing (call before a clean exit).
    public func closeJournal() {
        journal?.removeIfEmpty()
    }

    /// Sets the callback that receives every ``Report`` (called on a background thread).
    public func onReport(_ callback: @escaping @Sendable (Report) -> Void) {
        lock.withLock { onReport = callback }
    }

    /// Events recorded but not yet written.
    public var unsavedCount: Int {
        lock.withLock { queue.count }
    }

    /// Records one event: on disk in the journal (if any) when this returns, then queued for the database.
    /// A journal that cannot be written is reported through the callback; the event is still queued.
    public func record(_ event: CaseEvent) {
        let (start, journalError, callback) = lock.withLock { () -> (Bool, (any Error)?, @Sendable (Report) -> Void) in
            var journalError: (any Error)?
            do {
                try journal?.append(.event(event))
            } catch {
                journalError = error
                journalFailures += 1
            }
            switch event.kind {
            case .caseStarted: openCases.insert(event.caseID)
            case .caseEnded, .caseAbandoned: openCases.remove(event.caseID)
            case .formPrinted: openPrints.remove(event.id)
            default: break
            }
            queue.append(event)
            defer { writing = true }
            return (!writing, journalError, onReport)
        }
        if let journalError { callback(Report(unsaved: unsavedCount, error: journalError)) }
        if start { Task.detached { await self.writeQueue() } }
    }

    /// Notes in the journal that a print job for `template`'s case is about to be submitted; the
    /// `formPrinted` event recorded afterwards must carry `eventID`. If the process dies in between, the
    /// replay records the job as interrupted.
    public func printStarting(eventID: UUID, template: CaseEvent) {
        let (failure, callback) = lock.withLock { () -> ((any Error)?, @Sendable (Report) -> Void) in
            openPrints.insert(eventID)
            do {
                try journal?.append(.printStarted(eventID: eventID, template: template))
                return (nil, onReport)
            } catch {
                journalFailures += 1
                return (error, onReport)
            }
        }
        if let failure { callback(Report(unsaved: unsavedCount, error: failure)) }
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

    /// Suspends until every recorded event has been written, or `timeout` has passed; true when written.
    public func waitUntilSaved(timeout: Duration) async -> Bool {
        let resumed = Mutex(false)
        let finish: @Sendable (CheckedContinuation<Bool, Never>, Bool) -> Void = { continuation, saved in
            let first = resumed.withLock { done -> Bool in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(returning: saved) }
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            Task.detached {
                await self.waitUntilSaved()
                finish(continuation, true)
            }
            Task.detached {
                try? await Task.sleep(for: timeout)
                finish(continuation, self.unsavedCount == 0)
            }
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
            let batch = lock.withLock { queue }
            do {
                try database().write { db in
                    for event in batch { try CaseEventRepository.append(event, in: db) }
                }
                let (left, waiters, callback) = lock.withLock { () -> (Int, [CheckedContinuation<Void, Never>], @Sendable (Report) -> Void) in
                    queue.removeFirst(batch.count)
                    failing = false
                    var waiters: [CheckedContinuation<Void, Never>] = []
                    if queue.isEmpty, openCases.isEmpty, openPrints.isEmpty {
                        // Everything is in the database and nothing is open: the journal has nothing to keep.
                        try? journal?.clear()
                    }
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

extension EventQueue {
    /// The event queue of a terminal database file, journaled beside it (`journal/`), after replaying the
    /// journals of processes that ended before their events reached the database. An in-memory database
    /// gets no journal.
    /// The journaled queue of the database file at `path` while another program holds it locked: events
    /// go to the journal now and to the database once `open` succeeds (or at the next start).
    public static func durable(lockedDatabaseAt path: String, open: @escaping @Sendable () throws -> CounterDatabase)
        throws -> EventQueue
    {
        EventQueue(opening: open, journal: try EventJournal(folder: EventJournal.folder(forDatabaseAt: path)))
    }

    public static func durable(database: CounterDatabase, clock: any Clock) throws -> (EventQueue, EventJournal.Recovery) {
        guard let path = database.path else { return (EventQueue(database: database), EventJournal.Recovery()) }
        let recovery = EventJournal.recoverOrphans(of: database, clock: clock)
        return (EventQueue(database: database, journal: try EventJournal(folder: EventJournal.folder(forDatabaseAt: path))),
                recovery)
    }
}
