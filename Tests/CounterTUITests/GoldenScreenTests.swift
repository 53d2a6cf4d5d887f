import CounterTestSupport
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
        Golden.check(driver, "first-run", showing: ["最初に管理者を登録してください", "> パスワード", "F10"])
        await driver.send(.confirm)
        await driver.type("mismatch")
        await driver.send(.confirm)
        Golden.check(driver, "first-run-mismatch", showing: ["確認用のパスワードが一致しません", "> パスワード"])

        let (login, _, _, _) = try Fixture.make()
        await login.settle()
        await login.type("k.yamada")
        await login.send(.confirm)
        await login.type("wrong-pass")
        await login.send(.confirm)
        Golden.check(login, "login-failed", showing: ["職員IDまたはパスワードが違います", "> パスワード"])
        await login.type("counter-pass")
        await login.send(.confirm)
        Golden.check(login, "home", showing: ["1  新しい受付", "山田", "山田さんがログインしました"])
    }

    @Test("card screens on the simulated card: waiting, no reader, PIN entry, reading, wrong PIN, locked, removed")
    func cardScreens() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        await driver.send(.text("1"))
        Golden.check(driver, "card-wait", showing: ["マイナンバーカードをカードリーダーに置いてください", "F4"])
        card.unplugReader()
        await driver.settle()
        Golden.check(driver, "card-no-reader", showing: ["カードリーダーが接続されていません", "リーダー 未接続"])
        card.insert()
        await driver.settle()
        await driver.type("12")
        Golden.check(driver, "pin-entry", showing: ["残り回数  3回", "> 暗証番号    **_"])
        await driver.type("99")
        driver.feed(.confirm)
        Golden.check(driver, "pin-reading", showing: ["カードを読み取っています。カードを動かさないでください。"])
        await driver.settle()
        Golden.check(driver, "card-error-wrong-pin", showing: ["暗証番号が違います。", "暗証番号の残り回数  2回", "1  再試行（暗証番号を入力し直す）", "2  手入力で続ける"])

        try card.setTries(0)
        await driver.send(.text("1"))
        Golden.check(driver, "card-error-locked", showing: ["暗証番号の残り回数  0回", "ロックされているため、再試行できません"])

        try card.setTries(3)
        await driver.send(.back)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.send(.text("1"))
        card.removeOnNextRead()
        await driver.type("1234")
        await driver.send(.confirm)
        Golden.check(driver, "card-error-removed", showing: ["カードを読み取れませんでした", "1  再試行（カードを置き直してから）"])
    }

    @Test("card problems with the reader's own messages: pcscd down, not a My Number card, reader busy")
    func cardProblemScreens() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        card.stopService()
        await driver.send(.text("1"))
        Golden.check(driver, "card-service-down", showing: ["カード読取サービス停止"])
        card.startService()
        try card.useForeignCard()
        card.insert()
        await driver.settle()
        Golden.check(driver, "card-error-not-my-number", showing: ["カードを読み取れませんでした", "2  手入力で続ける"])
        await driver.send(.back)
        Golden.check(driver, "cancel-question", showing: ["この受付を中止しますか？", "1  中止する"])
        await driver.send(.text("1"))
        await driver.send(.confirm)
        card.holdElsewhere(true)
        await driver.send(.text("1"))
        Golden.check(driver, "card-error-reader-busy", showing: ["カードを読み取れませんでした", "ESC  受付を中止する"])
    }

    @Test("confirmation, correction, manual entry, form choice, printing, case end")
    func caseScreens() async throws {
        let (driver, card, printer, _) = try Fixture.make()
        await driver.logIn()
        card.insert()
        await driver.send(.text("1"))
        await driver.type("1234")
        await driver.send(.confirm)
        Golden.check(driver, "confirm", showing: ["髙橋\u{3000}﨑子", "読取元: カード", "昭和55年2月17日（1980年2月17日）"])
        await driver.send(.text("2"))
        Golden.check(driver, "correct-address", showing: ["住所を訂正してください", "> 住所"])
        await driver.send(.erase)
        await driver.send(.confirm)
        Golden.check(driver, "confirm-corrected", showing: ["[訂正済]", "住所を訂正しました"])
        await driver.send(.confirm)
        await driver.send(.text("2"))
        await driver.send(.next)
        await driver.send(.text(" "))
        Golden.check(driver, "form-choice", showing: ["[2部] 住民票の写し等交付申請書", "選択  2種類 3部", "全面印刷（白紙）"])
        printer.fail("inkan-request")
        driver.feed(.confirm)
        Golden.check(driver, "printing", showing: ["帳票を印刷しています", "待機中"])
        await driver.settle()
        Golden.check(driver, "print-result", showing: ["印刷できなかった帳票があります", "完了  ジョブ 窓口1-1", "失敗"])
        await driver.send(.confirm)
        Golden.check(driver, "case-end", showing: ["カードをお返しください", "4情報は画面から消し"])
        #expect(!driver.screenText(width: 120, height: 40).contains("髙橋"))

        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.function(4))
        await driver.typeManualEntry("大阪\u{3000}花子", "大阪府大阪市北区中之島1-3-20", "20260230", "2")
        Golden.check(driver, "manual-entry-invalid", showing: ["生年月日が正しくありません", "> 生年月日"])
    }
}

extension GoldenScreenTests {
    @Test("a 208-column address: whole on the confirmation screen, its end and the cursor visible while correcting")
    func longAddress() async throws {
        let info = try LongAddressCard.info()
        let app = try RobustApp()
        await app.driver.enterManually(info)
        Golden.check(app.driver, "confirm-long-address", showing: ["読取元: 手入力", "Enter"])
        // 80×24 and larger hold it whole (60×16 is checked below).
        for size in Golden.sizes where size.width >= 80 {
            let screen = app.driver.screenText(width: size.width, height: size.height)
            let joined = screen.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
            #expect(joined.contains(info.address))
            #expect(!screen.contains("..."))
            #expect(!screen.contains("F5"))
        }
        await app.driver.send(.text("2"))
        await app.driver.type("北棟")
        Golden.check(app.driver, "correct-long-address", showing: ["住所を訂正してください", "棟_"])
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

extension GoldenScreenTests {
    @Test("eight forms: the list scrolls with the cursor at 60×16, shows what is above and below, and never cuts a count")
    func eightForms() async throws {
        let (driver, card, _, _) = try Fixture.make(forms: FakeFormPrinting.eightForms)
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        for _ in 0..<7 { await driver.send(.next) }
        await driver.send(.text("2"))
        Golden.check(driver, "form-choice-eight", showing: ["[2部] 税証明書交付申請書", "選択  1種類 2部"])
        let small = driver.screenText(width: 60, height: 16)
        #expect(small.contains("> [2部] 税証明書交付申請書"))
        #expect(small.contains("↑ 上に"))
        #expect(!small.contains("[0部] 住民票の写し等交付申請書"))
        await driver.send(.home)
        for _ in 0..<7 { await driver.send(.previous) }
        let top = driver.screenText(width: 60, height: 16)
        #expect(top.contains("> [0部] 住民票の写し等交付申請書"))
        #expect(top.contains("↓ 下に"))
        // At 80×24 all eight fit, with their counts and the summary.
        let regular = driver.screenText(width: 80, height: 24)
        for form in FakeFormPrinting.eightForms { #expect(regular.contains(form.title)) }
        #expect(!regular.contains("↓ 下に") && !regular.contains("↑ 上に"))
    }

    @Test("F5 previews the form under the cursor as a page outline with the filled fields; ESC returns with the counts")
    func preview() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.text("5"))
        await driver.type("タカハシ\u{3000}サキコ")
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.send(.text("3"))
        await driver.send(.function(5))
        Golden.check(driver, "preview", showing: ["住民票の写し等交付申請書（A4 縦）", "髙橋\u{3000}﨑子", "タカハシ"])
        let screen = driver.screenText(width: 80, height: 24)
        #expect(screen.contains("+---") && screen.contains("印刷プレビュー") && screen.contains("↓ 下に"))
        await driver.send(.back)
        #expect(driver.screenText().contains("> [3部] 住民票の写し等交付申請書"))
    }
}

extension GoldenScreenTests {
    @Test("a variation sequence is marked [異体字] on the confirmation screen, F6 lists its code points; the text is kept as typed")
    func variationSequence() async throws {
        let (driver, card, printer, _) = try Fixture.make()
        await driver.logIn()
        await driver.send(.text("1"))
        await driver.send(.function(4))
        await driver.typeManualEntry("葛\u{E0100}城\u{3000}一郎", "大阪府大阪市北区中之島1-3-20", "S55.2.17", "1")
        Golden.check(driver, "confirm-variant", showing: ["葛\u{E0100}[異体字]城", "F6"])
        await driver.send(.function(6))
        Golden.check(driver, "confirm-variant-codes", showing: ["U+845B U+E0100", "帳票には異体字のまま印刷します"])
        await driver.send(.back)
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.settle()
        let printed = try #require(printer.jobs.first?.info.name)
        #expect(printed.unicodeScalars.map(\.value) == [0x845B, 0xE0100, 0x57CE, 0x3000, 0x4E00, 0x90CE])
        _ = card
    }
}

