#if canImport(Glibc)
import Glibc
#endif

/// The wake-up descriptor the signal handler writes to (-1: none). Set only while handlers are
/// installed, by the UI thread, before/after the handlers can run.
nonisolated(unsafe) private var signalWakeDescriptor: Int32 = -1
/// The last termination signal received (0: none); written by the handler only.
nonisolated(unsafe) private var receivedSignal: sig_atomic_t = 0

/// The async-signal-safe handler: remember the signal and wake the UI loop.
private func handleTerminationSignal(_ signal: Int32) {
    receivedSignal = sig_atomic_t(signal)
    if signalWakeDescriptor >= 0 {
        var byte: UInt8 = 2
        _ = write(signalWakeDescriptor, &byte, 1)
    }
}

/// SIGTERM, SIGHUP and SIGINT while the UI runs: instead of killing the process mid-case, the
/// handler sets a flag and wakes the UI loop, which ends the open case, restores the terminal and
/// returns normally.
final class TerminationSignals {
    /// The signals handled.
    static let handled: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    private var previous: [Int32: sigaction] = [:]

    /// Installs the handlers; they write one byte to `wakeDescriptor` (non-blocking) per signal.
    init(wakeDescriptor: Int32) {
        receivedSignal = 0
        signalWakeDescriptor = wakeDescriptor
        for signal in TerminationSignals.handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handleTerminationSignal
            sigemptyset(&action.sa_mask)
            // Restart interrupted calls in background threads (card, printer); the UI loop's poll
            // still returns, and the pipe byte wakes it in any case.
            action.sa_flags = SA_RESTART
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { previous[signal] = old }
        }
    }

    /// The termination signal received since installation, if any.
    var received: Int32? {
        receivedSignal == 0 ? nil : Int32(receivedSignal)
    }

    /// Puts the previous handlers back; the wake-up descriptor is no longer written.
    func restore() {
        for (signal, old) in previous {
            var old = old
            sigaction(signal, &old, nil)
        }
        previous = [:]
        signalWakeDescriptor = -1
    }
}
