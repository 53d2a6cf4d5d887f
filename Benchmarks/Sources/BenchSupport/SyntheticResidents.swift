import CounterCore
import Dispatch

/// The synthetic residents registry-bench and city-registry-bench fill their registries with: the same person for
/// the same index, names with 異体字 (髙橋, 山﨑, 渡邊 …) among the common ones.
public enum SyntheticResidents {
    static let surnames = ["田中", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村", "林", "清水", "山口", "森",
                    "池田", "橋本", "阿部", "石川", "前田", "髙橋", "山﨑", "渡邊", "齋藤", "高橋", "山崎", "渡辺", "斎藤", "藤原", "岡田"]
    static let surnameKana = ["タナカ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ", "ササキ", "マツモト", "イノウエ", "キムラ",
                       "ハヤシ", "シミズ", "ヤマグチ", "モリ", "イケダ", "ハシモト", "アベ", "イシカワ", "マエダ", "タカハシ", "ヤマサキ",
                       "ワタナベ", "サイトウ", "タカハシ", "ヤマザキ", "ワタナベ", "サイトウ", "フジワラ", "オカダ"]
    static let givenNames = ["太郎", "花子", "健太", "陽子", "翔", "美咲", "大輔", "由美", "誠", "結衣", "浩二", "さくら", "拓海", "恵子", "悠真",
                      "愛", "一郎", "葵", "蓮", "千尋", "修", "真由美", "陽翔", "凛", "湊", "紬", "樹", "澪", "颯", "芽依"]
    static let givenKana = ["タロウ", "ハナコ", "ケンタ", "ヨウコ", "ショウ", "ミサキ", "ダイスケ", "ユミ", "マコト", "ユイ", "コウジ", "サクラ",
                     "タクミ", "ケイコ", "ユウマ", "アイ", "イチロウ", "アオイ", "レン", "チヒロ", "オサム", "マユミ", "ハルト", "リン",
                     "ミナト", "ツムギ", "イツキ", "ミオ", "ハヤテ", "メイ"]

    /// One synthetic person.
    public struct Person: Sendable {
        public var name: String, kana: String, birth: CalendarDate, address: String
    }

    /// The person of `index`.
    public static func person(_ index: Int) -> Person {
        var random = SplitMix64(seed: UInt64(index))
        let s = Int(random.next() % UInt64(surnames.count)), g = Int(random.next() % UInt64(givenNames.count))
        let year = 1925 + Int(random.next() % 100), month = 1 + Int(random.next() % 12), day = 1 + Int(random.next() % 28)
        let address = "大阪市北区梅田\(1 + random.next() % 3)丁目\(1 + random.next() % 20)－\(1 + index % 997)"
        return Person(name: "\(surnames[s])\u{3000}\(givenNames[g])", kana: "\(surnameKana[s])\u{3000}\(givenKana[g])",
                         birth: CalendarDate(year: year, month: month, day: day), address: address)
    }
}

/// The wall-clock seconds `body` takes.
public func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
