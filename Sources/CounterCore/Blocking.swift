import Foundation

/// Runs blocking work (a PC/SC wait, a print submission) on a thread of its own and resumes the caller
/// with its result.
///
/// Neither Swift's cooperative pool (one thread per core) nor Dispatch's global queues (which on Linux
/// add a thread at most once a second while theirs are blocked) are made for work that blocks: a card
/// watch waiting on the reader and a print job waiting on CUPS would hold both threads of a 2-core
/// terminal. A thread costs tens of microseconds to start, nothing next to the waits it serves.
public func runBlocking<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Swift.Result { try work() })
        }
        thread.name = "counter.blocking"
        thread.start()
    }
}
