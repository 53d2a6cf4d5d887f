import CounterTestSupport
import Foundation
import Testing

@Suite("The test process's executor")
struct WideTestExecutorTests {
    /// Counts blocked tasks; each blocks until all of them are blocked at once.
    private final class Rendezvous: @unchecked Sendable {
        private let lock = NSLock()
        private var arrived = 0
        private var most = 0

        func arriveAndWait(for count: Int, deadline: ContinuousClock.Instant) {
            lock.withLock { arrived += 1; most = max(most, arrived) }
            while lock.withLock({ arrived < count }), ContinuousClock.now < deadline {
                usleep(10_000)  // blocking, like a test waiting for its child process
            }
        }

        var mostAtOnce: Int { lock.withLock { most } }
    }

    @Test("more tasks than cores can block at once: a blocking test never stalls the others (the cooperative pool has one thread per core)")
    func moreBlockedTasksThanCores() async {
        let before = WideTestExecutor.jobsRun
        let count = ProcessInfo.processInfo.activeProcessorCount + 1
        let rendezvous = Rendezvous()
        let deadline = ContinuousClock.now + .seconds(60)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { rendezvous.arriveAndWait(for: count, deadline: deadline) }
            }
        }
        #expect(WideTestExecutor.jobsRun > before)
        // On the cooperative pool at most one per core is ever blocked, and they wait for the deadline.
        #expect(rendezvous.mostAtOnce == count)
    }
}
