import CounterCity
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// The background sync of `tui` and `kiosk` (`--sync-every`) on the real server: it sends at once and again on its
/// interval, says so for the status line, and a city out of reach loses nothing.
@Suite("Background sync (PostgreSQL)")
struct BackgroundSyncTests {
    @Test("it sends at start, then what the terminal records later, and the status line says when")
    func sendsAndResends() throws {
        let city = try CityTestServer.database()
        let terminal = "BG-" + UUID().uuidString.prefix(6)
        let file = try CitySyncTests.terminalDatabase(terminal: terminal, cases: 4)
        let local = try CounterStorage.open(path: file.path)
        let started = Date()
        let sync = BackgroundSync(url: city.url(), database: local, terminal: terminal, every: .seconds(1))
        defer { sync.stop() }
        guard case .synced(_, let sent) = sync.waitForTurn(after: started, timeout: 30) else {
            Issue.record("no turn ended: \(sync.state)")
            return
        }
        let stored = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 }
        #expect(sent == stored && stored > 0)
        #expect(sync.statusText.hasPrefix("市 同期 "))
        let connection = try CityConnection(url: city.url())
        #expect(try CitySyncTests.count(connection, terminal) == stored)
        // Cases recorded after that turn go with a later one, and nothing is sent twice.
        try CitySyncTests.addCases(3, of: terminal, to: local, first: 4, seed: 77)
        let now = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 }
        let later = Date()
        guard case .synced(_, let again) = sync.waitForTurn(after: later, timeout: 30) else {
            Issue.record("no second turn: \(sync.state)")
            return
        }
        #expect(again == now - stored && again > 0)
        #expect(try CitySyncTests.count(connection, terminal) == now)
    }

    @Test("a city out of reach: the status line says so, the terminal's records stay, nothing waits for it")
    func unreachable() throws {
        let terminal = "BGX-" + UUID().uuidString.prefix(6)
        let file = try CitySyncTests.terminalDatabase(terminal: terminal, cases: 2)
        let local = try CounterStorage.open(path: file.path)
        let before = try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 }
        let started = Date()
        let sync = BackgroundSync(url: "postgres://a:b@127.0.0.1:9/counter", database: local, terminal: terminal, every: .seconds(60))
        guard case .failed(_, let error) = sync.waitForTurn(after: started, timeout: 30) else {
            Issue.record("the turn must fail: \(sync.state)")
            return
        }
        #expect(error == .unreachable)
        #expect(sync.statusText == "市 未送信（つながりません）")
        let stopping = Date()
        sync.stop()
        #expect(Date().timeIntervalSince(stopping) < 5, "stop does not wait for the interval")
        #expect(try local.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 } == before)
    }
}
