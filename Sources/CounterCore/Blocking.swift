import Dispatch

/// Runs blocking work (a PC/SC wait, a print submission) on a global queue so it never occupies a
/// thread of Swift's cooperative pool, and resumes the caller with its result.
public func runBlocking<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Swift.Result { try work() })
        }
    }
}
