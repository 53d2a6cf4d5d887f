import CounterCore
import CounterStore
import CounterTestSupport
import Foundation
import Testing
@testable import CounterTUI

/// The clerk's lockout warned before the last try and lifted by an administrator in the UI, and a
/// 係長 restarting a stopped printer with their own id and password.
@Suite("Clerk administration in the UI")
struct ClerkAdminFlowTests {
    private func addClerk(_ database: CounterDatabase, _ id: String, _ name: String, _ role: ClerkRole, _ password: String) throws {
        try ClerkRepository(database: database, clock: SystemClock()).create(clerkID: id, displayName: name, role: role,
                                                                               password: password)
    }

    private func logIn(_ driver: HeadlessDriver, _ id: String, _ password: String) async {
        await driver.type(id)
        await driver.send(.confirm)
        await driver.type(password)
        await driver.send(.confirm)
    }

    @Test("the fourth wrong password warns, the fifth locks; an administrator unlocks the clerk from the menu (4)")
    func lockoutAndUnlock() async throws {
        let (driver, _, _, database) = try Fixture.make()
        try addClerk(database, "admin", "窓口管理者", .administrator, "admin-pass-1")
        await driver.settle()
        await driver.type("k.yamada")
        await driver.send(.confirm)
        for attempt in 1...5 {
            await driver.type("wrong-\(attempt)")
            await driver.send(.confirm)
            let expected: ClerkError = attempt < 4 ? .authenticationFailed : attempt == 4 ? .lastAttemptLeft : .lockedOut
            #expect(driver.message == expected.userMessage, "attempt \(attempt)")
            if attempt == 4 { Golden.check(driver, "login-last-try", showing: ["あと1回間違えると", "ログイン"]) }
        }
        #expect(driver.screenText().contains("ログイン"))
        for _ in 0..<8 { await driver.send(.erase) }
        await driver.send(.previous)
        for _ in 0..<8 { await driver.send(.erase) }
        await logIn(driver, "admin", "admin-pass-1")
        #expect(driver.screenText().contains("4  職員のロック解除（管理者）"))
        await driver.send(.text("4"))
        await driver.settle()
        #expect(driver.screenText().contains("> 山田（k.yamada、職員）"))
        Golden.check(driver, "clerk-unlock", showing: ["> 山田（k.yamada、職員）", "ロック解除"])
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.message == "山田さんのロックを解除しました。")
        #expect(driver.screenText().contains("ロックされている職員はいません"))
        #expect(try ClerkRepository(database: database, clock: SystemClock()).clerk(id: "k.yamada")?.failedLogins == 0)
    }

    @Test("a clerk does not see the unlock menu, and 4 does nothing for them")
    func clerkHasNoUnlock() async throws {
        let (driver, _, _, _) = try Fixture.make()
        await driver.logIn()
        #expect(!driver.screenText().contains("職員のロック解除"))
        await driver.send(.text("4"))
        #expect(driver.screenText().contains("1  新しい受付"))
        await driver.send(.text("9"))
        Golden.check(driver, "quit-question", showing: ["窓口アプリを終了しますか？", "1  終了する"])
        await driver.send(.text("2"))
        #expect(driver.screenText().contains("1  新しい受付"))
    }

    @Test("F8 after a stopped printer: a clerk's own password is refused, a 係長's restarts it, and F2 reprints")
    func supervisorResumesPrinter() async throws {
        let (driver, card, printer, database) = try Fixture.make()
        try addClerk(database, "s.tanaka", "田中", .supervisor, "chief-pass-1")
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        await driver.send(.text("1"))
        printer.fail("juminhyo-request")
        await driver.send(.confirm)
        await driver.settle()
        #expect(driver.screenText().contains("F8"))
        await driver.send(.function(8))
        #expect(driver.screenText().contains("プリンタの再開には係長（または管理者）の承認が必要です"))
        Golden.check(driver, "approval", showing: ["係長ご本人が職員IDとパスワード", "> 係長の職員ID"])
        await logIn(driver, "k.yamada", "counter-pass")
        await driver.settle()
        #expect(driver.message == ClerkError.notPermitted(task: "プリンタの再開").userMessage)
        #expect(printer.resumeCount == 0)
        await driver.send(.previous)
        for _ in 0..<8 { await driver.send(.erase) }
        await logIn(driver, "s.tanaka", "chief-pass-1")
        await driver.settle()
        #expect(printer.resumeCount == 1)
        #expect(driver.message == "プリンタを再開しました。止まった帳票は F2 で印刷し直せます。")
        await driver.send(.function(2))
        await driver.settle()
        #expect(printer.jobs.map(\.formID) == ["juminhyo-request"])
        #expect(driver.screenText().contains("すべての帳票を印刷しました"))
        // Back to the form choice: the counts kept, what this case printed marked.
        await driver.send(.back)
        Golden.check(driver, "form-choice-printed", showing: ["（印刷済 1部）"])
        // Enter again asks before printing a form a second time; 2 goes back, 1 prints.
        await driver.send(.confirm)
        #expect(driver.screenText().contains("印刷済の帳票をもう一度印刷しますか？"))
        await driver.send(.text("2"))
        #expect(printer.jobs.count == 1)
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.settle()
        #expect(printer.jobs.count == 2)
    }
}
