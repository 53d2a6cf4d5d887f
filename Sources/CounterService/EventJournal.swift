import CounterCore
import CounterStore
import Crypto
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// One line of the journal.
public enum JournalEntry: Codable, Sendable, Equatable {
    /// An event recorded (it reaches the database later).
    case event(CaseEvent)
    /// A print job about to be submitted: if no `formPrinted` event with `eventID` follows, the process
    /// ended while the print system had the job, and its outcome is recorded as interrupted.
    case printStarted(eventID: UUID, template: CaseEvent)
}

/// A journal file could not be written.
public enum JournalError: UserFacingError, EventErrorKind, Equatable {
    /// The folder or the file cannot be created, written or synced (disk full, permissions).
    case cannotWrite(path: String)

    public var userMessage: String {
        switch self {
        case .cannotWrite(let path):
            return "受付の記録を保存するファイル（\(TextSafety.terminalSafe(path))）に書き込めません。"
                + "ディスクの空きとフォルダの権限を確認し、管理者に連絡してください。"
        }
    }

    public var eventErrorKind: String { "journal.cannotWrite" }
}

/// An fsync'd, append-only file of this process's events, beside the database: an event is on disk
/// before the action it records is reported done, even while the database is busy. Each process has its
/// own file (`journal/<uuid>.jsonl`, 0600 in a 0700 folder) and holds an exclusive lock on it while it
/// lives, so a file whose lock can be taken was left by a process that ended: ``recoverOrphans``
/// replays it into the database, idempotently by event id, and deletes it.
public final class EventJournal: @unchecked Sendable {
    /// The journal folder of the database at `path`: `<folder of the database>/journal`.
    public static func folder(forDatabaseAt path: String) -> URL {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("journal", isDirectory: true)
    }

    /// The largest journal file replayed (a journal is emptied whenever no case is open).
    public static let maximumBytes = 16 << 20

    /// This process's file.
    public let url: URL
    private let descriptor: Int32
    private let lock = NSLock()
    private var bytesWritten = 0

    /// Creates this process's journal file in `folder` and locks it.
    public init(folder: URL) throws(JournalError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: folder.path)
        }
        _ = chmod(folder.path, 0o700)
        let name = UUID().uuidString
        url = folder.appendingPathComponent("\(name).jsonl")
        // Created under a name replays ignore, locked, and only then given its journal name: a replay never
        // sees this file unlocked.
        let staging = folder.appendingPathComponent("\(name).creating")
        descriptor = open(staging.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: url.path) }
        _ = fchmod(descriptor, 0o600)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, rename(staging.path, url.path) == 0 else {
            close(descriptor)
            unlink(staging.path)
            throw .cannotWrite(path: url.path)
        }
        // The new name must survive a crash too.
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    deinit {
        removeIfEmpty()
        close(descriptor)
    }

    /// Removes the file when it holds nothing to replay (a clean end; a process that exits does not run
    /// deinitializers, so the shells call this before they exit).
    public func removeIfEmpty() {
        lock.withLock {
            if bytesWritten == 0 { unlink(url.path) }
        }
    }

    /// Appends one entry and waits until it is on disk (`fsync`).
    public func append(_ entry: JournalEntry) throws(JournalError) {
        lock.lock()
        defer { lock.unlock() }
        // Encoded under the lock too: the shared encoder is never used by two threads at once.
        guard var line = try? Self.encoder.encode(entry) else { throw .cannotWrite(path: url.path) }
        line.append(0x0A)
        do {
            var offset = 0
            while offset < line.count {
                let written = line.withUnsafeBytes { buffer in
                    write(descriptor, buffer.baseAddress!.advanced(by: offset), buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw .cannotWrite(path: url.path)
                }
                offset += written
            }
            guard fsync(descriptor) == 0 else { throw .cannotWrite(path: url.path) }
            bytesWritten += line.count
        }
    }

    /// Empties the file once everything in it is in the database and no case is open.
    public func clear() throws(JournalError) {
        lock.lock()
        defer { lock.unlock() }
        guard ftruncate(descriptor, 0) == 0, fsync(descriptor) == 0 else { throw .cannotWrite(path: url.path) }
        bytesWritten = 0
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    // MARK: Recovery

    /// What a replay did.
    public struct Recovery: Sendable, Equatable {
        /// Journal files replayed and removed.
        public var filesReplayed = 0
        /// Events written that the database did not have yet.
        public var eventsWritten = 0
        /// Cases closed as abandoned.
        public var casesAbandoned = 0
        /// Print jobs recorded as interrupted.
        public var printsInterrupted = 0
        /// Files left for a later start (the database was busy).
        public var filesLeft = 0

        /// Nothing replayed.
        public init() {}

        /// True when the replay wrote or recorded anything.
        public var wroteAnything: Bool { eventsWritten + casesAbandoned + printsInterrupted > 0 }
    }

    /// Replays the journals left beside a database file (nothing for an in-memory database).
    public static func recoverOrphans(of database: CounterDatabase, clock: any Clock) -> Recovery {
        guard let path = database.path else { return Recovery() }
        return recoverOrphans(in: folder(forDatabaseAt: path), into: database, clock: clock)
    }

    /// Replays every journal in `folder` whose process has ended (its lock can be taken): its events are
    /// written unless already stored, a case it opened and never ended is recorded as `caseAbandoned`,
    /// a print it started and never finished as failed with `print.interrupted`. One transaction per
    /// file; the file is removed once that is committed. A torn last line (a crash mid-write) is ignored.
    public static func recoverOrphans(in folder: URL, into database: CounterDatabase, clock: any Clock) -> Recovery {
        var recovery = Recovery()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".jsonl") {
            let url = folder.appendingPathComponent(name)
            let descriptor = open(url.path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            // A live process holds its own file: not an orphan.
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            guard let data = try? BoundedFile.read(url, maximumBytes: maximumBytes) else {
                recovery.filesLeft += 1
                continue
            }
            let entries = Self.entries(in: data)
            let now = clock.now()
            do {
                let (written, abandoned, interrupted) = try database.write { db in
                    try replay(entries, at: now, in: db)
                }
                recovery.eventsWritten += written
                recovery.casesAbandoned += abandoned
                recovery.printsInterrupted += interrupted
                recovery.filesReplayed += 1
                unlink(url.path)
            } catch {
                recovery.filesLeft += 1
            }
        }
        return recovery
    }

    /// The entries of a journal, up to the first line that does not decode (a torn tail).
    static func entries(in data: Data) -> [JournalEntry] {
        let decoder = JSONDecoder()
        var entries: [JournalEntry] = []
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(line)) else { break }
            entries.append(entry)
        }
        return entries
    }

    /// Writes the journal's events and what its end implies; returns (written, abandoned, interrupted).
    static func replay(_ entries: [JournalEntry], at now: Date, in db: Database) throws -> (Int, Int, Int) {
        var written = 0, abandoned = 0, interrupted = 0
        var recorded = Set<UUID>()
        var started: [UUID: CaseEvent] = [:]
        var closed = Set<UUID>()
        var pendingPrints: [(UUID, CaseEvent)] = []
        for entry in entries {
            switch entry {
            case .event(let event):
                if try CaseEventRepository.appendIfNew(event, in: db) { written += 1 }
                recorded.insert(event.id)
                switch event.kind {
                case .caseStarted: started[event.caseID] = event
                case .caseEnded, .caseAbandoned: closed.insert(event.caseID)
                default: break
                }
            case .printStarted(let eventID, let template):
                pendingPrints.append((eventID, template))
            }
        }
        for (eventID, template) in pendingPrints where !recorded.contains(eventID) {
            var event = template
            event.id = eventID
            event.timestamp = now
            if try CaseEventRepository.appendIfNew(event, in: db) { interrupted += 1 }
        }
        for (caseID, start) in started where !closed.contains(caseID) {
            let event = CaseEvent(id: derivedID(caseID, "caseAbandoned"), terminalID: start.terminalID, actor: start.actor,
                                  channel: start.channel, caseID: caseID, timestamp: now, kind: .caseAbandoned)
            if try CaseEventRepository.appendIfNew(event, in: db) { abandoned += 1 }
        }
        return (written, abandoned, interrupted)
    }

    /// A stable id for an event a replay adds, so a replay that runs twice adds it once.
    static func derivedID(_ caseID: UUID, _ purpose: String) -> UUID {
        var hasher = SHA256()
        withUnsafeBytes(of: caseID.uuid) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Data(purpose.utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 (name-based, SHA)
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                           bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
