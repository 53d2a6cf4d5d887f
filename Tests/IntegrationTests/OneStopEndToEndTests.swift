import CounterCore
import CounterTestSupport
import DocumentPrint
import FormPreprint
import Foundation
import Testing

extension VirtualReaderSuite {
    /// The one-stop counter in the real `counter tui` (tmux, pcscd + vpcd + the simulated card, a PDF folder).
    @Suite("one-stop counter end to end (tmux)")
    struct OneStopEndToEndTests {
        @Test("転入 with two more people moving, 国保 and 児童手当: the questions once, the plan, the 案内票, and three forms with the four fields and every answer in its box")
        func tennyu() async throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let counter = try CounterTUIEndToEndTests.Counter(reader: card.reader, office: "kita")
            try await counter.loginAndStartCase()
            try counter.enterPIN("1234")
            let confirm = try await counter.tmux.waitForStable("4情報の確認")
            #expect(confirm.contains("F7"))
            try counter.tmux.send("F7")
            try await counter.tmux.waitFor("届出の選択")
            try counter.tmux.send("1")
            let today = CalendarDate.inJapan(at: Date())
            let moveDay = today.adding(days: -3)
            var keys = 0
            func answer(_ wait: String, _ typed: String? = nil, then key: String = "Enter") async throws {
                try await counter.tmux.waitFor(wait)
                if let typed { try counter.tmux.send(typed, literal: true); keys += typed.count }
                try counter.tmux.send(key)
                keys += 1
            }
            try await answer("異動日", String(format: "%04d%02d%02d", moveDay.year, moveDay.month, moveDay.day))
            try await answer("新しい住所", "大阪市北区梅田３丁目１－３")
            try await answer("世帯主はご本人ですか", then: "1")
            try await answer("一緒に異動する人は何人", "2")
            // The two other people, one after the other: 氏名, 生年月日 (typed as 和暦 or digits), 続柄 by its number.
            try await answer("2人目の氏名", "髙橋　一郎")
            try await answer("2人目の生年月日", "S52.4.3")
            try await answer("2人目の世帯主との続柄", then: "3")
            try await answer("3人目の氏名", "髙橋　陽菜")
            try await answer("3人目の生年月日", "20180615")
            try await answer("3人目の世帯主との続柄", then: "4")
            try await answer("国民健康保険に加入しますか", then: "1")
            try await answer("18歳以下", then: "1")
            try await answer("小学生・中学生", then: "2")
            try await answer("マイナンバーカードの住所変更", then: "2")
            try await counter.tmux.waitFor("印鑑登録をしますか")
            try counter.tmux.send("F4")
            try await answer("理由の番号", then: "1")
            // The whole frame (a capture mid-redraw shows half of it).
            let plan = try await counter.tmux.waitForStable("印刷する帳票")
            #expect(plan.contains("転入届") && plan.contains("国民健康保険の加入") && plan.contains("児童手当の認定請求"))
            #expect(plan.contains("印刷する帳票 3 種類"))
            try counter.tmux.send("Enter")
            keys += 1
            try await counter.tmux.waitFor("選択  3種類 3部")
            try counter.tmux.send("Enter")
            keys += 1
            try await counter.tmux.waitFor("すべての帳票を印刷しました", timeout: .seconds(60))
            let pdfs = try counter.pdfs().map(\.lastPathComponent)
            #expect(pdfs.contains { $0.contains("onestop-guide") }, "\(pdfs)")
            let catalog = try FormCatalog(seeds: Fixtures.seeds)
            for form in ["idou-todoke", "kokuho-shikaku", "jidou-teate"] {
                let file = try #require(try counter.pdfs().first { $0.lastPathComponent.contains(form) }, "\(form) printed")
                let words = try Poppler.words(Data(contentsOf: file))
                let text = words.map(\.text).joined()
                #expect(text.contains("髙橋") && text.contains("﨑子"), "\(form): the card's name")
                let layout = try catalog.form(id: form, on: today)
                for field in layout.fields where field.source == .answerDate && !(field.answers ?? []).contains(where: { $0.hasPrefix("member") }) {
                    let expected = field.format == .month ? "\(moveDay.month)" : field.format == .day ? "\(moveDay.day)" : nil
                    guard let expected else { continue }
                    let inside = words.filter { $0.xMin >= field.box.x - 1 && $0.xMax <= field.box.x + field.box.width + 1
                        && $0.yMin >= field.box.y - 1 && $0.yMax <= field.box.y + field.box.height + 1 }.map(\.text).joined()
                    #expect(inside == expected, "\(form) \(field.label)")
                }
            }
            // The new address, asked once, on 児童手当 and 国保; the 異動届 keeps the card's (old) address as 旧住所 beside it.
            for form in ["jidou-teate", "kokuho-shikaku", "idou-todoke"] {
                let file = try #require(try counter.pdfs().first { $0.lastPathComponent.contains(form) })
                let text = try Poppler.text(Data(contentsOf: file)).replacingOccurrences(of: "\n", with: "")
                #expect(text.contains("大阪市北区梅田３丁目１－３"), "\(form): the new address")
                #expect(text.contains("中之島") == (form == "idou-todoke"), "\(form): the card's address only as 旧住所")
            }
            // The other people moving in rows 2 and 3 of the 異動届, row 4 left blank.
            let idou = try catalog.form(id: "idou-todoke", on: today)
            let idouFile = try #require(try counter.pdfs().first { $0.lastPathComponent.contains("idou-todoke") })
            let idouWords = try Poppler.words(Data(contentsOf: idouFile))
            func inside(_ id: String) throws -> String {
                let box = try #require(idou.fields.first { $0.id == id }).box
                return idouWords.filter { $0.xMin >= box.x - 1 && $0.xMax <= box.x + box.width + 1 && $0.yMin >= box.y - 1
                    && $0.yMax <= box.y + box.height + 1 }.map(\.text).joined()
            }
            #expect(try inside("member2Name") == "髙橋一郎" && inside("member2BirthYear") == "52" && inside("member2Relationship") == "夫")
            #expect(try inside("member3Name") == "髙橋陽菜" && inside("member3BirthYear") == "30" && inside("member3BirthMonth") == "6"
                    && inside("member3Relationship") == "子")
            #expect(try inside("member4Name").isEmpty)
            let guide = try #require(try counter.pdfs().first { $0.lastPathComponent.contains("onestop-guide") })
            let guideText = try Poppler.text(Data(contentsOf: guide))
            #expect(guideText.contains("手続き案内票") && guideText.contains("保険年金担当の窓口") && guideText.contains("子育て支援担当の窓口"))
            #expect(!guideText.contains("髙橋"), "the guide names no one")
            print("one-stop 転入 (3 procedures): \(keys) keys from the confirmation to all forms printed")
        }
    }
}
