import CounterCore
import CounterStore
import Foundation

/// `counter tui|kiosk --sync-every MINUTES`: the terminal's records sent to the city in the background, on a thread of
/// their own, at start and then every few minutes. The counter never waits for it: a city that cannot be reached
/// leaves everything on the terminal, and the next turn (or `counter sync`) sends it.
public final class BackgroundSync: @unchecked Sendable {
    /// What the last turn did.
    public enum State: Sendable, Equatable {
        /// No turn has ended yet.
        case waiting
        /// The last turn sent every record (`sent` new ones).
        case synced(at: Date, sent: Int)
        /// The last turn failed; the records stay on the terminal.
        case failed(at: Date, error: CityError)
    }

    private let condition = NSCondition()
    private var stopping = false
    private var finished = false
    private var current: State = .waiting
    private let clock: any Clock

    /// Starts sending `terminal`'s records from `database` to `url` every `interval`, the first time at once.
    public init(url: String, database: CounterDatabase, terminal: String, every interval: Duration, clock: any Clock = SystemClock()) {
        self.clock = clock
        let thread = Thread { [self] in
            defer { condition.withLock { finished = true; condition.broadcast() } }
            while true {
                turn(url: url, database: database, terminal: terminal)
                let deadline = Date().addingTimeInterval(Double(interval.components.seconds)
                    + Double(interval.components.attoseconds) / 1e18)
                let stop = condition.withLock { () -> Bool in
                    while !stopping, condition.wait(until: deadline) {}
                    return stopping
                }
                if stop { return }
            }
        }
        thread.name = "counter.sync"
        thread.start()
    }

    private func turn(url: String, database: CounterDatabase, terminal: String) {
        let outcome: State
        do {
            let city = try CityConnection(url: url)
            let summary = try CitySync.push(from: database, to: city, terminal: terminal)
            outcome = .synced(at: clock.now(), sent: summary.sent)
        } catch let error as CityError {
            outcome = .failed(at: clock.now(), error: error)
        } catch {
            outcome = .failed(at: clock.now(), error: .server(state: "XX000"))
        }
        condition.withLock { current = outcome; condition.broadcast() }
    }

    /// What the last turn did.
    public var state: State { condition.withLock { current } }

    /// Waits (at most `timeout`) until a turn has ended after `after`; returns the state then.
    public func waitForTurn(after: Date, timeout: TimeInterval) -> State {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            func ended() -> Bool {
                switch current {
                case .waiting: false
                case .synced(let at, _), .failed(let at, _): at >= after
                }
            }
            while !ended(), condition.wait(until: deadline) {}
            return current
        }
    }

    /// The status line's words: 「市 同期 12:30」, 「市 未送信（つながりません）」, 「市 同期待ち」.
    public var statusText: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        func time(_ date: Date) -> String {
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return String(format: "%d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        }
        switch state {
        case .waiting: return "市 同期待ち"
        case .synced(let at, _): return "市 同期 \(time(at))"
        case .failed(_, .unreachable): return "市 未送信（つながりません）"
        case .failed(_, .chainBroken): return "市 未送信（記録のチェーンの不一致。管理者へ）"
        case .failed: return "市 未送信（管理者へ）"
        }
    }

    /// Stops after the turn under way (at most `timeout`), without a last turn.
    public func stop(timeout: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.withLock {
            stopping = true
            condition.broadcast()
            while !finished, condition.wait(until: deadline) {}
        }
    }
}
