import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
@testable import CounterTUI
import Foundation
import MyNumberCardSim
import Testing

/// The kiosk UI headless on the real application layer (in-process card, scripted terminal, a clock the test
/// moves): what must hold however long anyone waits, and a kiosk that must stop and reopen.
@Suite("Kiosk flow (headless)")
struct KioskFlowTests {
    let fixture: KioskFixture

    init() throws {
        fixture = try KioskFixture()
        _ = try ClerkRepository(database: fixture.database, clock: fixture.clock)
            .create(clerkID: "chief", displayName: "係長", role: .supervisor, password: "chief-pass-2026")
    }

    private func driver(revocationList: URL? = nil, idleSeconds: Int = 60, registry: AlteredRegistry? = nil) throws -> HeadlessKioskDriver {
        let app = KioskApp(kiosk: try fixture.kiosk(registry: { base in registry ?? base }, revocationList: revocationList),
                           clerks: ClerkSessions(database: fixture.database, clock: fixture.clock), idleSeconds: idleSeconds)
        return HeadlessKioskDriver(app: app)
    }

    private func later(_ seconds: TimeInterval) {
        fixture.clock.set(fixture.clock.now().addingTimeInterval(seconds))
    }

    private func staffLogIn(_ driver: HeadlessKioskDriver) async {
        await driver.type("///")
        await driver.type("chief")
        await driver.send(.nextField)
        await driver.type("chief-pass-2026")
        await driver.send(.confirm)
    }

    @Test("the staff menu left open times out: it closes, and the citizen's session under it ends (nothing for the next person)")
    func staffMenuTimesOut() async throws {
        let driver = try driver()
        await driver.type("1")
        await driver.type("1234")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("カードをお取りください"))
        fixture.slot.remove()
        await driver.settle()
        #expect(driver.screenText().contains("必要な証明書の番号"))
        #expect(driver.authenticatedPersonID == "P90001")
        await staffLogIn(driver)
        #expect(driver.screenText().contains("キオスクを終了する"))
        later(61)
        await driver.settle()
        #expect(!driver.screenText().contains("職員メニュー"))
        #expect(driver.screenText().contains("ご希望の言語"))
        #expect(driver.authenticatedPersonID == nil && driver.requestID == nil)
        // ESC after the timeout finds the start screen, not the citizen's kinds.
        await driver.send(.back)
        #expect(!driver.screenText().contains("必要な証明書の番号"))
        #expect(!driver.isFinished)
    }

    @Test("an outdated revocation list stops the kiosk before any PIN; staff reopen it once a current list is in its file")
    func outdatedRevocationList() async throws {
        let ca = ProfileMaker.CertificateAuthority(
            keyPEM: try String(contentsOf: Fixtures.seeds.file("demo/demo-ca-key.pem"), encoding: .utf8),
            certificatePEM: try String(contentsOf: Fixtures.seeds.file("demo/demo-ca-cert.pem"), encoding: .utf8))
        let list = fixture.folder.appendingPathComponent("crl.pem")
        let now = fixture.clock.now()
        try ProfileMaker.makeCRL(ca: ca, revokedSerials: [], thisUpdate: now.addingTimeInterval(-20 * 86_400),
                                 nextUpdate: now.addingTimeInterval(-86_400)).pemString.write(to: list, atomically: true, encoding: .utf8)
        let driver = try driver(revocationList: list)
        await driver.type("1")
        #expect(driver.isStopped)
        #expect(driver.screenText().contains("この機械は停止しています"))
        #expect(driver.requestID == nil, "no session opened")
        await staffLogIn(driver)
        #expect(driver.screenText().contains("失効リスト"))
        await driver.type("2")
        #expect(driver.isStopped, "the list in the file is still outdated")
        try ProfileMaker.makeCRL(ca: ca, revokedSerials: [], thisUpdate: now.addingTimeInterval(-86_400),
                                 nextUpdate: now.addingTimeInterval(30 * 86_400)).pemString.write(to: list, atomically: true, encoding: .utf8)
        await driver.type("2")
        #expect(!driver.isStopped)
        await driver.type("1")
        #expect(driver.screenText().contains("利用者証明用の暗証番号"))
    }

    @Test("a certificate about to print for another person than the card's stops the kiosk: nothing prints, staff see the session's number")
    func wrongPersonStops() async throws {
        let registry = AlteredRegistry(base: fixture.registry)
        let driver = try driver(registry: registry)
        await driver.type("1")
        await driver.type("1234")
        await driver.send(.confirm)
        fixture.slot.remove()
        await driver.settle()
        let kinds = driver.screenText(width: 120, height: 40)
        let line = try #require(kinds.split(separator: "\n").first { $0.contains("住民票の写し（本人のみ）") })
        await driver.type(String(try #require(line.split(separator: " ").first { Int($0) != nil })))
        await driver.send(.confirm)
        await driver.send(.confirm)
        #expect(driver.screenText().contains("手数料は 300 円"))
        let requestID = try #require(driver.requestID)
        let number = try #require(UUID(uuidString: String(requestID.dropFirst(2)))).shortNumber
        // Between the payment and the print, the registry starts answering P90001 with another person's record.
        let other = try #require(try fixture.registry.person(id: "P00010"))
        registry.alter("P90001") { _ in other }
        await driver.send(.confirm)
        #expect(driver.isStopped)
        #expect(driver.screenText().contains("この機械は停止しています"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).isEmpty, "nothing printed")
        #expect(try fixture.count("SELECT COUNT(*) FROM certificate_log WHERE kind = 'print'") == 0)
        await staffLogIn(driver)
        #expect(driver.screenText(width: 120, height: 40).contains(number))
        // Staff reopen: the next citizen starts afresh.
        registry.alter("P90001") { $0 }
        await driver.type("2")
        #expect(!driver.isStopped && driver.screenText().contains("ご希望の言語"))
    }

    @Test("on a closed day the closed screen says so in all six languages, with the hours")
    func closedDay() throws {
        fixture.clock.set(LedgerFixtures.instant(CalendarDate(year: 2026, month: 12, day: 30), hour: 12))
        let driver = try driver()
        let screen = driver.screenText(width: 120, height: 40)
        for text in ["本日は休みです", "The machine is closed today", "今天休息", "오늘은 쉬는 날입니다", "Hôm nay máy nghỉ", "きょう は やすみ です"] {
            #expect(screen.contains(text), "\(text)")
        }
        #expect(screen.contains("6:30〜23:00"))
    }
}
