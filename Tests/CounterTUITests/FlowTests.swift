import CounterCore
import CounterService
import CounterTestSupport
import CounterStore
import CounterTUI
import Foundation
import FormPreprint
import MyNumberReader
import Testing

/// Whole counter flows through the headless driver: the card is MyNumberCardSim's card model read by
/// the real card adapter (only the reader's insert/remove is played by the test); the printer is a fake.
@Suite("Counter flows")
struct FlowTests {
    @Test("login, card with PIN, confirm, two forms, print, case end: events written, card data wiped")
    func cardFlow() async throws {
        let (driver, card, printer, database) = try Fixture.make()
        await driver.logIn()
        #expect(driver.screenText().contains("職員 山田"))
        #expect(driver.screenText().contains("1  新しい受付"))

        await driver.send(.text("1"))
        #expect(driver.screenText().contains("カードをカードリーダーに置いてください"))
        card.insert()
        await driver.settle()
        #expect(driver.screenText().contains("残り回数  3回"))
        await driver.type("1234")
        #expect(driver.screenText().contains("> 暗証番号    ****"))
        await driver.send(.confirm)

        let confirm = driver.screenText(width: 120, height: 40)
        #expect(confirm.contains("髙橋\u{3000}﨑子"))
        #expect(confirm.contains("昭和55年2月17日（1980年2月17日）"))
        #expect(confirm.contains("女"))
        #expect(confirm.contains("読取元: カード"))

        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.next)
        await driver.send(.increase)
        await driver.send(.increase)
        await driver.send(.confirm)
        let result = driver.screenText()
        #expect(result.contains("すべての帳票を印刷しました"))
        #expect(result.contains("完了  ジョブ 窓口1-1"))
        #expect(result.contains("完了  ジョブ 窓口1-2"))
        #expect(printer.jobs.map(\.formID) == ["juminhyo-request", "inkan-request"])
        #expect(printer.jobs.map(\.copies) == [1, 2])
        #expect(printer.jobs.allSatisfy { $0.mode == .full })
        // The name reaches the printer exactly, scalar for scalar.
        #expect(printer.jobs[0].info.name.unicodeScalars.elementsEqual(Fixture.citizen.name.unicodeScalars))

        await driver.send(.confirm)
        let end = driver.screenText()
        #expect(end.contains("カードをお返しください"))
        #expect(!end.contains("髙橋"))
        #expect(driver.caseInfo == nil)
        #expect(driver.caseID == nil)
        // One session to check the PIN tries, one to read: no session is left open for the case end.
        #expect(card.sessionCount == 2)

        let events = try Fixture.events(database)
        #expect(events.map(\.kind) == [
            .caseStarted(style: .preprinted), .infoCaptured(source: .card),
            .formPrinted(formID: "juminhyo-request", revision: 1, copies: 1, outcome: .ok),
            .formPrinted(formID: "inkan-request", revision: 1, copies: 2, outcome: .ok),
            .caseEnded(durationMilliseconds: 0),
        ])
        #expect(Set(events.map(\.caseID)).count == 1)
        #expect(Set(events.map(\.id)).count == events.count)
        #expect(events.allSatisfy {
            $0.terminalID == "T01" && $0.actor == .clerk(id: "k.yamada") && $0.channel == .counter
                && $0.timestamp == Fixture.now
        })

        await driver.send(.confirm)
        #expect(driver.screenText().contains("1  新しい受付"))
        // 9 asks first: ESC goes back, 1 quits.
        await driver.send(.text("9"))
        #expect(driver.screenText().contains("窓口アプリを終了しますか？"))
        #expect(!driver.isFinished)
        await driver.send(.back)
        #expect(driver.screenText().contains("1  新しい受付"))
        await driver.send(.text("9"))
        await driver.send(.text("1"))
        #expect(driver.isFinished)
    }

    @Test("ESC never discards a case in one key: it asks, 2 or ESC continues, 1 ends and wipes")
    func escapeAsks() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        #expect(driver.screenText().contains("4情報の確認"))
        await driver.send(.back)
        #expect(driver.screenText().contains("この受付を中止しますか？"))
        #expect(driver.caseInfo != nil)
        await driver.send(.back)
        #expect(driver.screenText().contains("4情報の確認"))
        #expect(driver.caseInfo != nil)
        await driver.send(.back)
        await driver.send(.text("2"))
        #expect(driver.screenText().contains("4情報の確認"))
        await driver.send(.back)
        await driver.send(.text("1"))
        #expect(driver.screenText().contains("受付を中止しました"))
        #expect(driver.caseInfo == nil)
        let kinds = try Fixture.events(database).map(\.kind.name)
        #expect(kinds.last == .caseEnded)
        #expect(kinds.filter { $0 == .caseEnded }.count == 1)
    }

    @Test("back from printing, the form choice keeps the counts and shows what was printed; its error goes once a count changes")
    func formChoiceRemembers() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        await driver.send(.confirm)
        #expect(driver.message == "印刷する帳票が選ばれていません。部数を1部以上にしてから Enter を押してください。")
        await driver.send(.text("2"))
        #expect(driver.message == nil)
        await driver.send(.confirm)
        #expect(driver.screenText().contains("すべての帳票を印刷しました"))
        await driver.send(.back)
        let screen = driver.screenText(width: 120, height: 40)
        #expect(screen.contains("[2部] 住民票の写し等交付申請書  （印刷済 2部）"))
        #expect(screen.contains("[0部] 印鑑登録証明書交付申請書"))
        #expect(!screen.contains("印鑑登録証明書交付申請書  （印刷済"))
    }

    @Test("manual entry and correction take the birth date in 和暦 too (S55.2.17, 平成元年1月8日)")
    func japaneseBirthDate() async throws {
        let (driver, _, _, _) = try Fixture.make()
        await driver.logIn()
        await driver.send(.text("1"))
        await driver.send(.function(4))
        await driver.typeManualEntry("大阪\u{3000}花子", "大阪府大阪市北区中之島1-3-20", "S55.2.17", "2")
        #expect(driver.screenText(width: 120, height: 40).contains("昭和55年2月17日（1980年2月17日）"))
        await driver.send(.text("3"))
        for _ in 0..<8 { await driver.send(.erase) }
        await driver.type("平成元年1月8日")
        await driver.send(.confirm)
        #expect(driver.screenText(width: 120, height: 40).contains("平成元年1月8日（1989年1月8日）"))
        #expect(driver.caseInfo?.birthDate == CalendarDate(year: 1989, month: 1, day: 8))
    }

    @Test("at one try left the PIN screen warns that the next mistake locks the card")
    func lastTryWarning() async throws {
        let (driver, card, _, _) = try Fixture.make()
        try card.setTries(1)
        await driver.logIn()
        card.insert()
        await driver.send(.text("1"))
        #expect(driver.screenText(width: 120, height: 40).contains("次に間違えるとカードの暗証番号がロックされます"))
        Golden.check(driver, "pin-last-try", showing: ["次に間違えると", "残り回数"])

        let (second, twoTries, _, _) = try Fixture.make()
        try twoTries.setTries(2)
        await second.readCard(twoTries, pin: "9999")
        let screen = second.screenText(width: 120, height: 40)
        #expect(screen.contains("暗証番号が違います。"))
        #expect(!screen.contains("カードを読み取れませんでした"))
        #expect(screen.contains("次に間違えるとロックされます"))
    }

    @Test("a wrong PIN shows the card's message and the tries left; retry then succeeds")
    func wrongPIN() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.readCard(card, pin: "1111")
        let error = driver.screenText(width: 120, height: 40)
        #expect(error.contains(CardError.wrongPIN(triesLeft: 2).userMessage))
        #expect(error.contains("暗証番号の残り回数  2回"))
        #expect(error.contains("1  再試行"))
        #expect(card.triesLeft == 2)
        // The tries left come from the error: no extra session after the failed read.
        #expect(card.sessionCount == 2)

        await driver.send(.text("1"))
        #expect(driver.screenText().contains("残り回数  2回"))
        await driver.type("1234")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("4情報の確認"))
        let kinds = try Fixture.events(database).map(\.kind)
        #expect(kinds.contains(.cardError(kind: "card.wrongPIN")))
        #expect(kinds.contains(.infoCaptured(source: .card)))
    }

    @Test("a PIN found locked before entry is explained and recorded, retry is not offered, manual entry is")
    func lockedPIN() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.logIn()
        try card.setTries(0)
        card.insert()
        await driver.send(.text("1"))
        let screen = driver.screenText(width: 120, height: 40)
        #expect(screen.contains("暗証番号がロックされています。窓口で初期化が必要です。"))
        #expect(screen.contains("住民情報窓口"))
        #expect(screen.contains("暗証番号の残り回数  0回"))
        #expect(screen.contains("再試行できません"))
        #expect(try Fixture.events(database).map(\.kind).contains(.cardError(kind: "card.pinBlocked")))
        #expect(!screen.contains("1  再試行"))
        await driver.send(.text("1"))
        #expect(driver.screenText().contains("読取エラー"))
        await driver.send(.text("2"))
        #expect(driver.screenText().contains("4情報の手入力"))
    }

    @Test("the last wrong PIN locks the card and the screen says so")
    func lastTryLocks() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        try card.setTries(1)
        card.insert()
        await driver.send(.text("1"))
        await driver.type("0000")
        await driver.send(.confirm)
        let screen = driver.screenText(width: 120, height: 40)
        #expect(screen.contains("暗証番号がロックされています。窓口で初期化が必要です。"))
        #expect(screen.contains("住民情報窓口"))
        #expect(card.triesLeft == 0)
        #expect(screen.contains("暗証番号の残り回数  0回"))
        #expect(!screen.contains("1  再試行"))
    }

    @Test("a card removed while reading shows its message and the error is recorded by kind")
    func cardRemoved() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.logIn()
        card.insert()
        await driver.send(.text("1"))
        card.removeOnNextRead()
        await driver.type("1234")
        await driver.send(.confirm)
        let screen = driver.screenText(width: 120, height: 40)
        #expect(screen.contains(CardError.cardRemoved.userMessage))
        #expect(screen.contains("カード なし"))
        #expect(try Fixture.events(database).map(\.kind).contains(.cardError(kind: "card.removed")))
        // Retry waits for the card again.
        await driver.send(.text("1"))
        #expect(driver.screenText().contains("カードをカードリーダーに置いてください"))
        card.insert()
        await driver.settle()
        #expect(driver.screenText().contains("暗証番号"))
    }

    @Test("removing the card at the PIN screen goes back to waiting")
    func removedAtPIN() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        card.insert()
        await driver.send(.text("1"))
        card.remove()
        await driver.settle()
        #expect(driver.screenText().contains("カードをカードリーダーに置いてください"))
        #expect(driver.message == "カードが取り外されました。もう一度カードを置いてください。")
    }

    @Test("manual entry is validated and counted as manual")
    func manualEntry() async throws {
        let (driver, _, printer, database) = try Fixture.make()
        await driver.logIn()
        await driver.send(.text("1"))
        await driver.send(.function(4))
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.send(.confirm)
        #expect(driver.message == InputError.emptyName.userMessage)
        await driver.typeManualEntry("大阪\u{3000}太郎", "大阪府大阪市北区中之島1-3-20", "20261122", "1")
        #expect(driver.message == InputError.futureBirthDate.userMessage)
        for _ in 0..<8 { await driver.send(.erase) }
        await driver.type("19190230")
        await driver.send(.nextField)
        await driver.send(.confirm)
        #expect(driver.message == InputError.invalidBirthDate.userMessage)
        for _ in 0..<8 { await driver.send(.erase) }
        await driver.type("19890108")
        await driver.send(.next)
        await driver.send(.erase)
        await driver.type("5")
        await driver.send(.confirm)
        #expect(driver.message == InputError.invalidSexCode.userMessage)
        await driver.send(.erase)
        await driver.type("1")
        await driver.send(.confirm)
        let confirm = driver.screenText()
        #expect(confirm.contains("読取元: 手入力"))
        #expect(confirm.contains("平成元年1月8日（1989年1月8日）"))
        #expect(confirm.contains("男"))
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.send(.confirm)
        #expect(printer.jobs.first?.info.name == "大阪\u{3000}太郎")
        #expect(!driver.screenText().contains("カードをお返しください"))
        #expect(try Fixture.events(database).map(\.kind).contains(.infoCaptured(source: .manual)))
        #expect(!(try Fixture.events(database).map(\.kind).contains(.infoCaptured(source: .card))))
    }

    @Test("a corrected field is saved and recorded by name only")
    func correction() async throws {
        let (driver, card, printer, database) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.text("4"))
        await driver.send(.erase)
        await driver.type("7")
        await driver.send(.confirm)
        #expect(driver.message == InputError.invalidSexCode.userMessage)
        await driver.send(.erase)
        await driver.type("1")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("[訂正済] 男"))
        // Saving an unchanged value is not a correction.
        await driver.send(.text("1"))
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        #expect(printer.jobs.first?.info.sex == .male)
        let corrections = try Fixture.events(database).filter {
            if case .infoCorrected = $0.kind { return true } else { return false }
        }
        #expect(corrections.map(\.kind) == [.infoCorrected(fields: [.sex])])
    }

    @Test("a correction mid-address: Left moves the cursor, BS and typing work there, the rest of the address stays")
    func cursorCorrection() async throws {
        let (driver, card, printer, _) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.text("2"))
        #expect(driver.screenText().contains("住所の訂正"))
        await driver.send(.home)
        await driver.send(.deleteForward)
        await driver.type("大")
        await driver.send(.end)
        await driver.send(.decrease)
        await driver.send(.erase)
        await driver.send(.confirm)
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        let printed = try #require(printer.jobs.first?.info.address)
        let original = Array(Fixture.citizen.address)
        var expected = original
        expected[0] = "大"
        expected.remove(at: expected.count - 2)
        #expect(Array(printed) == expected)
    }

    @Test("フリガナ is typed on the confirmation screen (5), checked as katakana, shown, printed, recorded as added")
    func furigana() async throws {
        let (driver, card, printer, database) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        #expect(driver.screenText().contains("（未入力・5で入力）"))
        await driver.send(.text("5"))
        #expect(driver.screenText().contains("フリガナの入力"))
        Golden.check(driver, "furigana-entry", showing: ["フリガナを入力してください", "全角カタカナ", "> フリガナ"])
        await driver.type("たかはし")
        await driver.send(.confirm)
        #expect(driver.message == InputError.furiganaNotKatakana.userMessage)
        for _ in 0..<4 { await driver.send(.erase) }
        await driver.type("タカハシ\u{3000}サキコ")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("タカハシ\u{3000}サキコ"))
        #expect(driver.message == "フリガナを保存しました。")
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.confirm)
        #expect(printer.jobs.first?.furigana == "タカハシ\u{3000}サキコ")
        #expect(try Fixture.events(database).map(\.kind).contains(.infoAdded(fields: [.furigana])))
    }

    @Test("a printer error is shown for its job, the other job still prints, and a retry reprints only it")
    func printerError() async throws {
        let (driver, card, printer, database) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        await driver.send(.text("1"))
        await driver.send(.next)
        await driver.send(.text("1"))
        printer.fail("juminhyo-request")
        await driver.send(.confirm)
        let screen = driver.screenText(width: 120, height: 40)
        let message = FakeFormPrinting.paperOut(formTitle: "住民票の写し等交付申請書").userMessage
        #expect(screen.contains("失敗  \(message.prefix(40))"))
        #expect(screen.contains("完了  ジョブ 窓口1-1"))
        #expect(screen.contains("F2"))
        #expect(printer.jobs.map(\.formID) == ["inkan-request"])
        // Leaving is not blocked, but the clerk can retry first.
        printer.repair("juminhyo-request")
        await driver.send(.function(2))
        #expect(driver.screenText().contains("すべての帳票を印刷しました"))
        #expect(printer.jobs.map(\.formID) == ["inkan-request", "juminhyo-request"])
        let printed = try Fixture.events(database).compactMap { event -> PrintOutcome? in
            if case .formPrinted(_, _, _, let outcome) = event.kind { return outcome } else { return nil }
        }
        #expect(printed == [.failed(errorKind: "print.queueStopped"), .ok, .ok])
    }

    @Test("pcscd down: the card screen and the status line say so, not 'no reader'; it recovers when pcscd is back")
    func serviceDown() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.logIn()
        card.stopService()
        card.insert()
        await driver.send(.text("1"))
        let screen = driver.screenText(width: 120, height: 40)
        #expect(screen.contains(CardError.serviceNotRunning.userMessage))
        #expect(screen.contains("カード読取サービス停止"))
        #expect(!screen.contains("カードリーダーが接続されていません"))
        #expect(!screen.contains("リーダー 未接続"))
        card.startService()
        await driver.settle()
        #expect(driver.screenText().contains("残り回数  3回"))
        #expect(!(try Fixture.events(database).map(\.kind).contains { if case .cardError = $0 { true } else { false } }))
    }

    @Test("pcscd stopping at the PIN screen is explained, not taken for a pulled card")
    func serviceStopsAtPIN() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.logIn()
        card.insert()
        await driver.send(.text("1"))
        #expect(driver.screenText().contains("残り回数  3回"))
        card.stopService()
        await driver.settle()
        #expect(driver.screenText(width: 120, height: 40).contains(CardError.serviceNotRunning.userMessage))
        #expect(driver.message == nil)
    }

    @Test("a card that is not a My Number card is refused before any PIN is asked, and recorded")
    func foreignCard() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.logIn()
        try card.useForeignCard()
        card.insert()
        await driver.send(.text("1"))
        let screen = driver.screenText(width: 120, height: 40)
        #expect(screen.contains(CardError.notMyNumberCard.userMessage))
        #expect(!screen.contains("暗証番号の残り回数"))
        #expect(try Fixture.events(database).map(\.kind).contains(.cardError(kind: "card.notMyNumberCard")))
    }

    @Test("a reader held by another program is explained; retry works once it is free")
    func readerBusy() async throws {
        let (driver, card, _, database) = try Fixture.make()
        await driver.logIn()
        card.holdElsewhere(true)
        card.insert()
        await driver.send(.text("1"))
        #expect(driver.screenText(width: 120, height: 40).contains(CardError.readerBusy.userMessage))
        #expect(try Fixture.events(database).map(\.kind).contains(.cardError(kind: "card.readerBusy")))
        card.holdElsewhere(false)
        await driver.send(.text("1"))
        #expect(driver.screenText().contains("残り回数  3回"))
    }

    @Test("the form choice starts in the printer's default mode; F3 switches it")
    func printModes() async throws {
        let (driver, card, printer, _) = try Fixture.make(printMode: .overlay)
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("印刷方法  \(PreprintMode.overlay.label)"))
        await driver.send(.text("1"))
        await driver.send(.confirm)
        #expect(printer.jobs.map(\.mode) == [.overlay])
        let (other, otherCard, otherPrinter, _) = try Fixture.make()
        await other.readCard(otherCard, pin: "1234")
        await other.send(.confirm)
        #expect(other.screenText().contains("印刷方法  \(PreprintMode.full.label)"))
        await other.send(.function(3))
        await other.send(.text("1"))
        await other.send(.confirm)
        #expect(otherPrinter.jobs.map(\.mode) == [.overlay])
    }

    @Test("choosing no form is refused with a message")
    func noFormChosen() async throws {
        let (driver, card, _, _) = try Fixture.make()
        await driver.readCard(card, pin: "1234")
        await driver.send(.confirm)
        await driver.send(.confirm)
        #expect(driver.message == "印刷する帳票が選ばれていません。部数を1部以上にしてから Enter を押してください。")
    }

    @Test("first-run setup creates an administrator who can then log in")
    func firstRun() async throws {
        let (driver, _, _, database) = try Fixture.make(clerk: false)
        await driver.settle()
        #expect(driver.screenText().contains("初期設定"))
        await driver.type("admin")
        await driver.send(.confirm)
        await driver.type("管理者")
        await driver.send(.confirm)
        await driver.type("short")
        await driver.send(.confirm)
        await driver.type("short")
        await driver.send(.confirm)
        #expect(driver.message == ClerkError.passwordTooShort(minimum: 8).userMessage)
        await driver.type("long-password")
        await driver.send(.confirm)
        await driver.type("long-password")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("ログイン"))
        #expect(driver.message == "管理者「admin」を登録しました。ログインしてください。")
        #expect(try ClerkRepository(database: database, clock: SystemClock()).clerk(id: "admin")?.role == .administrator)
        await driver.type("admin")
        await driver.send(.confirm)
        await driver.type("long-password")
        await driver.send(.confirm)
        #expect(driver.screenText().contains("職員 管理者"))
    }

    @Test("a wrong password is refused and the password field is cleared")
    func wrongPassword() async throws {
        let (driver, _, _, _) = try Fixture.make()
        await driver.settle()
        await driver.type("k.yamada")
        await driver.send(.confirm)
        await driver.type("not-the-password")
        await driver.send(.confirm)
        #expect(driver.message == ClerkError.authenticationFailed.userMessage)
        #expect(driver.screenText().contains("> パスワード      _"))
        #expect(!driver.screenText().contains("not-the-password"))
    }

    @Test("a small terminal gets a message instead of a broken layout")
    func tooSmall() throws {
        let (driver, _, _, _) = try Fixture.make()
        let text = driver.screenText(width: 30, height: 10)
        #expect(text.hasPrefix("画面が小さすぎます。"))
    }

    @Test("a handwritten case reads and prints nothing and is recorded as handwritten, with its duration")
    func handwrittenCase() async throws {
        let (driver, card, printer, database) = try Fixture.make()
        await driver.logIn()
        await driver.send(.text("3"))
        #expect(driver.screenText().contains("申請書はご本人が手書きします"))
        #expect(driver.caseID != nil)
        await driver.send(.confirm)
        #expect(driver.screenText().contains("受付を終了しました"))
        #expect(card.sessionCount == 0)
        #expect(printer.jobs.isEmpty)
        let kinds = try Fixture.events(database).map(\.kind)
        #expect(kinds == [.caseStarted(style: .handwritten), .caseEnded(durationMilliseconds: 0)])
    }
}
