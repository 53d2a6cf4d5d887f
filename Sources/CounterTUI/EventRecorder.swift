import CounterCore
import CounterStore

/// Writes case events one after another, off the UI thread, in the order they were recorded.
final class EventRecorder: Sendable {
    private let continuation: AsyncStream<CaseEvent>.Continuation

    /// Starts the writer; each write is counted as work in `inbox`, and a failure is reported to
    /// the UI as a message.
    init(repository: CaseEventRepository, inbox: Inbox) {
        let (stream, continuation) = AsyncStream.makeStream(of: CaseEvent.self)
        self.continuation = continuation
        Task.detached {
            for await event in stream {
                do {
                    try repository.append(event)
                    inbox.finish { _ in }
                } catch {
                    inbox.finish { app in app.showError(error) }
                }
            }
        }
    }

    deinit {
        continuation.finish()
    }

    /// Queues one event for writing.
    func record(_ event: CaseEvent, inbox: Inbox) {
        inbox.begin()
        continuation.yield(event)
    }
}
