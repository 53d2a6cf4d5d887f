import CounterTestSupport
import Foundation
import Testing

/// `counter onestop plan` on the real binary: the set a 転入 gives, and bad answers refused in Japanese.
@Suite("counter onestop")
struct OneStopCLITests {
    private func answers(_ json: String) throws -> URL {
        let file = Fixtures.temporaryFolder("onestop").appendingPathComponent("answers.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("plan --json: 転入 with two members, 国保 and a child gives 転入届, the card's address, 国保 and 児童手当, and their three forms")
    func plan() throws {
        let file = try answers(#"""
            {"moveDate": "2026-11-28", "previousAddress": "京都府京都市中京区寺町通", "newAddress": "大阪市北区中之島１丁目３－２０",
             "householdHeadIsSelf": true, "movingMembers": 2, "joinsKokuho": true, "hasChildUnder18": true,
             "hasSchoolChild": false, "updateMyNumberCard": true, "registerSeal": {"skipped": "印鑑を持参していない"}}
            """#)
        let result = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", file.path, "--date", "2026-12-01", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["forms"] as? [String] == ["idou-todoke", "kokuho-shikaku", "jidou-teate"])
        let procedures = (json["procedures"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(procedures == ["tennyu", "mynumber-card-address", "kokuho-join", "jidou-teate"])
        #expect(json["skipped"] as? [String] == ["registerSeal"])
        #expect(!result.stdout.contains("中之島") && !result.stdout.contains("京都"), "no answer values in the plan")
    }

    @Test("an answer failing its check, an unknown question and an unreadable file exit 1 with a Japanese message naming no value")
    func refusals() throws {
        let future = try answers(#"{"moveDate": "2027-01-15"}"#)
        let late = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", future.path, "--date", "2026-12-01"])
        #expect(late.status == 1 && late.stderr.contains("今日より後の日付は入力できません") && !late.stderr.contains("2027"))
        let unknown = try answers(#"{"favouriteColour": "赤"}"#)
        let refused = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", unknown.path])
        #expect(refused.status == 1 && refused.stderr.contains("質問にありません"))
        let broken = try answers("{not json")
        let unreadable = try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", broken.path])
        #expect(unreadable.status == 1 && unreadable.stderr.contains("回答のファイルを読めません"))
        let noEvent = try CounterCLI.run(["onestop", "plan", "--event", "divorce", "--answers", broken.path])
        #expect(noEvent.status == 1)
        #expect(try CounterCLI.run(["onestop", "plan", "--event", "tennyu", "--answers", future.path, "--date", "2026-13-01"]).status == 64)
    }
}
