import CounterCore
import CounterStore
import CounterTUI
import Foundation
import Testing

/// Every screen rendered at 80×24 and 120×40 and compared with its golden file.
@Suite("Golden screens")
struct GoldenScreenTests {
    @Test("first-run setup, login and menu")
    func setupAndLogin() async throws {
        let (driver, _, _, _) = try Fixture.make(clerk: false)
        await driver.settle()
        await driver.type("admin")
        await driver.send(.confirm)
        await driver.type("窓口管理者")
        await driver.send(.confirm)
        await driver.type("password")
        Golden.check(driver, "first-run")
        await driver.send(.confirm)
        await driver.type("mismatch")
        await driver.send(.confirm)
        Golden.check(driver, "first-run-mismatch")

        let (login, _, _, _) = try Fixture.make()
        await login.settle()
        await login.type("k.yamada")
        await login.send(.confirm)
        await login.type("wrong-pass")
        await login.send(.confirm)
        Golden.check(login, "login-failed")
        await login.type("counter-pass")
        await login.send(.confirm)
        Golden.check(login, "home")
    }

    @Test("card screens on the simulated card: waiting, no reader, PIN entry, reading, wrong PIN, locked, removed")
    func cardScreens() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        await driver.send(.text("1"))
        Golden.check(driver, "card-wait")
        card.unplugReader()
        await driver.settle()
        Golden.check(driver, "card-no-reader")
        card.insert()
        await driver.settle()
        await driver.type("12")
        Golden.check(driver, "pin-entry")
        await driver.type("99")
        driver.feed(.confirm)
        Golden.check(driver, "pin-reading")
        await driver.settle()
        Golden.check(driver, "card-error-wrong-pin")

        try card.setTries(0)
        await driver.send(.text("1"))
        Golden.check(driver, "card-error-locked")

        try card.setTries(3)
        await driver.send(.back)
        await driver.send(.confirm)
        await driver.send(.text("1"))
        card.removeOnNextRead()
        await driver.type("1234")
        await driver.send(.confirm)
        Golden.check(driver, "card-error-removed")
    }

    @Test("card problems with the reader's own messages: pcscd down, not a My Number card, reader busy")
    func cardProblemScreens() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        card.stopService()
        await driver.send(.text("1"))
        Golden.check(driver, "card-service-down")
        card.startService()
        try card.useForeignCard()
        card.insert()
        await driver.settle()
        Golden.check(driver, "card-error-not-my-number")
        await driver.send(.back)
        await driver.send(.confirm)
        card.holdElsewhere(true)
        await driver.send(.text("1"))
        Golden.check(driver, "card-error-reader-busy")
    }

    @Test("confirmation, correction, manual entry, form choice, printing, case end")
    func caseScreens() async throws {
        let (driver, card, printer, _) = try Fixture.make()
        await driver.logIn()
        card.insert()
        await driver.send(.text("1"))
        await driver.type("1234")
        await driver.send(.confirm)
        Golden.check(driver, "confirm")
        await driver.send(.text("2"))
        Golden.check(driver, "correct-address")
        await driver.send(.erase)
        await driver.send(.confirm)
        Golden.check(driver, "confirm-corrected")
        await driver.send(.confirm)
        await driver.send(.text("2"))
        await driver.send(.next)
        await driver.send(.text(" "))
        Golden.check(driver, "form-choice")
        printer.fail("inkan-request")
        driver.feed(.confirm)
        Golden.check(driver, "printing")
        await driver.settle()
        Golden.check(driver, "print-result")
        await driver.send(.confirm)
        Golden.check(driver, "case-end")

        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.function(4))
        await driver.type("大阪\u{3000}花子")
        await driver.send(.confirm)
        await driver.type("大阪府大阪市北区中之島1-3-20")
        await driver.send(.confirm)
        await driver.type("20260230")
        await driver.send(.confirm)
        await driver.type("2")
        await driver.send(.confirm)
        Golden.check(driver, "manual-entry-invalid")
    }
}

extension GoldenScreenTests {
    @Test("a 208-column address: whole on the confirmation screen, its end and the cursor visible while correcting")
    func longAddress() async throws {
        let info = try LongAddressCard.info()
        let app = try RobustApp()
        await app.driver.enterManually(info)
        Golden.check(app.driver, "confirm-long-address")
        for size in Golden.sizes {
            let screen = app.driver.screenText(width: size.width, height: size.height)
            let joined = screen.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
            #expect(joined.contains(info.address))
            #expect(!screen.contains("..."))
            #expect(!screen.contains("F5"))
        }
        await app.driver.send(.text("2"))
        await app.driver.type("北棟")
        Golden.check(app.driver, "correct-long-address")
        #expect(app.driver.screenText().contains("管理組合内北棟_"))

        // The smallest supported terminal cannot hold it: the cut is marked and F5 shows it whole.
        await app.driver.send(.back)
        let small = app.driver.screenText(width: 60, height: 16)
        #expect(small.contains("..."))
        #expect(small.contains("F5  住所全文"))
        await app.driver.send(.function(5))
        let full = app.driver.screenText(width: 60, height: 16)
        #expect(full.contains("住所（全文）"))
        #expect(full.contains("管理組合内"))
        await app.driver.send(.back)
        #expect(app.driver.screenText().contains("4情報の確認"))
    }
}
