// registry-demo-data OUT_DIR: writes the demo resident registry (seeds/demo/registry) — CSV files and seal
// images — from a fixed SplitMix64 seed, the same bytes on every run. Every person is made up.
//
//   COUNTER_SEEDS=seeds swift run registry-demo-data seeds/demo/registry
import CPangoCairo
import CounterCore
import Foundation

// MARK: Output

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: registry-demo-data OUT_DIR\n".utf8))
    exit(64)
}
let out = URL(fileURLWithPath: arguments[1], isDirectory: true)
try FileManager.default.createDirectory(at: out.appendingPathComponent("seals"), withIntermediateDirectories: true)

var random = SplitMix64(seed: 0x5245_4749_5354_5259)  // "REGISTRY"
@MainActor func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
@MainActor func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
@MainActor func between(_ low: Int, _ high: Int) -> Int { low + Int(random.next() % UInt64(high - low + 1)) }

func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

struct CSV {
    let name: String
    let header: [String]
    var rows: [[String]] = []
    mutating func add(_ values: [String: String]) {
        precondition(Set(values.keys).isSubset(of: header), "unknown column in \(name)")
        rows.append(header.map { values[$0] ?? "" })
    }
    func write() throws {
        let lines = ([header] + rows).map { $0.map(csvField).joined(separator: ",") }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: out.appendingPathComponent(name))
    }
}

func fullWidth(_ number: Int) -> String {
    String(String(number).unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
}

// 和暦 from the seeds' era table (the one the certificates print with).
let eras = try EraTable(seeds: SeedDirectory.locate())
func wareki(_ date: CalendarDate) -> String { eras.japaneseDate(for: date)?.formatted ?? "\(date.year)年\(date.month)月\(date.day)日" }

@MainActor func randomDate(_ fromYear: Int, _ toYear: Int) -> CalendarDate {
    let year = between(fromYear, toYear), month = between(1, 12)
    return CalendarDate(year: year, month: month, day: between(1, CalendarDate.daysIn(month: month, year: year)))
}

func later(_ date: CalendarDate, _ years: Int) -> CalendarDate {
    let target = CalendarDate(year: min(date.year + years, 2026), month: date.month, day: min(date.day, 28))
    return target
}

func individualNumber(_ sequence: Int) -> String {
    // Obviously made up: 9999 0000 then the sequence, with a valid check digit.
    let body = "99990000" + String(format: "%03d", sequence)
    let digits = body.utf8.map { Int($0) - 48 }
    var sum = 0
    for n in 1...11 { sum += digits[11 - n] * (n <= 6 ? n + 1 : n - 5) }
    let remainder = sum % 11
    return body + String(remainder <= 1 ? 0 : 11 - remainder)
}

// MARK: Seal images

func drawSeal(surname: String, to url: URL) {
    let size: Int32 = 96
    let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size)!
    let cr = cairo_create(surface)!
    cairo_set_source_rgba(cr, 0.80, 0.08, 0.10, 1)
    cairo_set_line_width(cr, 4)
    cairo_arc(cr, Double(size) / 2, Double(size) / 2, Double(size) / 2 - 4, 0, 2 * Double.pi)
    cairo_stroke(cr)
    let characters = surname.map(String.init)
    let layout = pango_cairo_create_layout(cr)!
    let points = characters.count <= 1 ? 40 : characters.count == 2 ? 26 : 18
    let font = pango_font_description_from_string("IPAmj明朝 Bold \(points)")
    pango_layout_set_font_description(layout, font)
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
    pango_layout_set_spacing(layout, Int32(-4 * PANGO_SCALE))
    pango_layout_set_text(layout, characters.joined(separator: "\n"), -1)
    var width: Int32 = 0, height: Int32 = 0
    pango_layout_get_pixel_size(layout, &width, &height)
    cairo_move_to(cr, Double(size - width) / 2, Double(size - height) / 2)
    pango_cairo_show_layout(cr, layout)
    pango_font_description_free(font)
    g_object_unref(UnsafeMutableRawPointer(layout))
    cairo_surface_flush(surface)
    cairo_surface_write_to_png(surface, url.path)
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
}

// MARK: People

struct Name { var kanji: String, kana: String }

let surnames: [Name] = [
    Name(kanji: "田中", kana: "タナカ"), Name(kanji: "山本", kana: "ヤマモト"), Name(kanji: "中村", kana: "ナカムラ"),
    Name(kanji: "小林", kana: "コバヤシ"), Name(kanji: "加藤", kana: "カトウ"), Name(kanji: "吉田", kana: "ヨシダ"),
    Name(kanji: "山田", kana: "ヤマダ"), Name(kanji: "佐々木", kana: "ササキ"), Name(kanji: "松本", kana: "マツモト"),
    Name(kanji: "井上", kana: "イノウエ"), Name(kanji: "木村", kana: "キムラ"), Name(kanji: "林", kana: "ハヤシ"),
    Name(kanji: "清水", kana: "シミズ"), Name(kanji: "山口", kana: "ヤマグチ"), Name(kanji: "森", kana: "モリ"),
    Name(kanji: "池田", kana: "イケダ"), Name(kanji: "橋本", kana: "ハシモト"), Name(kanji: "阿部", kana: "アベ"),
    Name(kanji: "石川", kana: "イシカワ"), Name(kanji: "前田", kana: "マエダ"), Name(kanji: "高橋", kana: "タカハシ"),
    Name(kanji: "山崎", kana: "ヤマザキ"), Name(kanji: "渡辺", kana: "ワタナベ"), Name(kanji: "斎藤", kana: "サイトウ"),
    // 外字 and 異体字 (stored exactly; found by their standard forms too).
    Name(kanji: "\u{9AD9}橋", kana: "タカハシ"), Name(kanji: "山\u{FA11}", kana: "ヤマサキ"), Name(kanji: "渡\u{908A}", kana: "ワタナベ"),
    Name(kanji: "渡\u{9089}", kana: "ワタナベ"), Name(kanji: "\u{9F4B}藤", kana: "サイトウ"), Name(kanji: "\u{6FF5}田", kana: "ハマダ"),
    Name(kanji: "\u{5FB7}永", kana: "トクナガ"), Name(kanji: "\u{5EE3}瀬", kana: "ヒロセ"), Name(kanji: "\u{20BB7}田", kana: "ヨシダ"),
    Name(kanji: "\u{845B}\u{E0100}城", kana: "カツラギ"), Name(kanji: "\u{5D8B}田", kana: "シマダ"),
]
let maleNames: [Name] = [
    Name(kanji: "太郎", kana: "タロウ"), Name(kanji: "健太", kana: "ケンタ"), Name(kanji: "翔", kana: "ショウ"),
    Name(kanji: "大輔", kana: "ダイスケ"), Name(kanji: "誠", kana: "マコト"), Name(kanji: "浩二", kana: "コウジ"),
    Name(kanji: "拓海", kana: "タクミ"), Name(kanji: "悠真", kana: "ユウマ"), Name(kanji: "一郎", kana: "イチロウ"),
    Name(kanji: "\u{9F8D}之介", kana: "リュウノスケ"), Name(kanji: "蓮", kana: "レン"), Name(kanji: "修", kana: "オサム"),
]
let femaleNames: [Name] = [
    Name(kanji: "花子", kana: "ハナコ"), Name(kanji: "陽子", kana: "ヨウコ"), Name(kanji: "美咲", kana: "ミサキ"),
    Name(kanji: "由美", kana: "ユミ"), Name(kanji: "結衣", kana: "ユイ"), Name(kanji: "さくら", kana: "サクラ"),
    Name(kanji: "恵子", kana: "ケイコ"), Name(kanji: "愛", kana: "アイ"), Name(kanji: "\u{60E0}美", kana: "エミ"),
    Name(kanji: "真由美", kana: "マユミ"), Name(kanji: "葵", kana: "アオイ"), Name(kanji: "千尋", kana: "チヒロ"),
]
let towns: [(String, Int)] = [("中之島", 6), ("梅田", 3), ("天神橋", 8), ("天満", 4), ("扇町", 2), ("堂島", 3), ("曽根崎", 2),
                              ("西天満", 6), ("豊崎", 7), ("中崎", 3), ("本庄東", 3), ("長柄西", 2)]
let buildings = ["デモハイツ", "サンプルマンション", "架空レジデンス北", "テストコーポ", "見本ビル"]

@MainActor func randomAddress() -> (address: String, katagaki: String?) {
    let (town, blocks) = pick(towns)
    let address = "大阪市北区\(town)\(fullWidth(between(1, blocks)))丁目\(fullWidth(between(1, 20)))－\(fullWidth(between(1, 30)))"
    let katagaki = chance(40) ? "\(pick(buildings))\(fullWidth(between(1, 9)))\(fullWidth(0))\(fullWidth(between(1, 9)))号室" : nil
    return (address, katagaki)
}

let previousAddresses = ["大阪府堺市堺区南瓦町３番１号", "大阪府豊中市中桜塚３丁目１番１号", "兵庫県神戸市中央区加納町６丁目５番１号",
                         "京都府京都市中京区寺町通御池上る上本能寺前町４８８番地", "東京都新宿区西新宿２丁目８番１号", "大阪市中央区大手前１丁目"]

var households = CSV(name: "households.csv", header: ["household_id", "address", "katagaki"])
var persons = CSV(name: "persons.csv", header: ["person_id", "household_id", "name", "kana", "alias", "birth_date", "sex", "address",
                                                "katagaki", "address_since", "previous_address", "resident_since", "relationship",
                                                "honseki", "hittousha", "juminhyo_code", "individual_number", "status",
                                                "status_date", "moved_to", "support_measure", "issuance_hold", "nationality",
                                                "residence_status", "period_of_stay", "stay_expires_on", "residence_card_number"])
var seals = CSV(name: "seals.csv", header: ["registration_number", "person_id", "status", "registered_on", "image"])
var koseki = CSV(name: "koseki.csv", header: ["koseki_id", "honseki", "hittousha", "removed"])
var members = CSV(name: "koseki_members.csv", header: ["koseki_id", "member_no", "name", "birth_date", "relationship", "person_id",
                                                       "removed", "events"])
var fuhyo = CSV(name: "fuhyo.csv", header: ["koseki_id", "line_no", "member_no", "address", "since"])
var tax = CSV(name: "tax.csv", header: ["person_id", "fiscal_year", "income_yen", "tax_yen"])
var links = CSV(name: "jpki_links.csv", header: ["issuer", "serial", "person_id"])

var personCount = 0, sealCount = 0, numberCount = 0

struct Member {
    var surname: Name, given: Name, sex: String, birth: CalendarDate, relationship: String
    var kosekiRelationship: String
    var foreign: [String: String]? = nil
    var alias: String? = nil
    var status = "住民", statusDate: CalendarDate? = nil, movedTo: String? = nil
    var supportMeasure = false
    var personID = ""
    var fullName: String { "\(surname.kanji)\u{3000}\(given.kanji)" }
    var fullKana: String { "\(surname.kana)\u{3000}\(given.kana)" }
}

/// Writes one household: its members as persons, a koseki with fuhyo for a Japanese household, seals and tax.
@MainActor func household(_ id: Int, _ list: [Member], address: (address: String, katagaki: String?), japanese: Bool,
               seal sealPercent: UInt64 = 35, numbers: Bool = false) -> [String] {
    let householdID = String(format: "H%04d", id)
    households.add(["household_id": householdID, "address": address.address, "katagaki": address.katagaki ?? ""])
    let head = list[0]
    let honseki = japanese ? "大阪府大阪市北区\(pick(towns).0)\(fullWidth(between(1, 9)))丁目\(fullWidth(between(1, 30)))番地" : nil
    let kosekiID = String(format: "K%04d", id)
    var ids: [String] = []
    if let honseki {
        koseki.add(["koseki_id": kosekiID, "honseki": honseki, "hittousha": head.fullName, "removed": "0"])
    }
    let arrived = randomDate(1995, 2024)
    let fromOutside = !japanese || chance(50)
    for (index, member) in list.enumerated() {
        personCount += 1
        let personID = member.personID.isEmpty ? String(format: "P%05d", personCount) : member.personID
        ids.append(personID)
        let residentSince = max(member.birth, fromOutside ? arrived : member.birth)
        var row: [String: String] = [
            "person_id": personID, "household_id": householdID, "name": member.fullName, "kana": member.fullKana,
            "birth_date": member.birth.iso, "sex": member.sex, "address": address.address, "katagaki": address.katagaki ?? "",
            "address_since": max(residentSince, arrived).iso, "resident_since": residentSince.iso,
            "relationship": member.relationship, "juminhyo_code": String(format: "8%010d", 1_000_000 + personCount * 7919),
            "status": member.status, "status_date": member.statusDate?.iso ?? "", "moved_to": member.movedTo ?? "",
            "support_measure": member.supportMeasure ? "1" : "0", "issuance_hold": "0", "alias": member.alias ?? "",
        ]
        if fromOutside && residentSince == arrived { row["previous_address"] = pick(previousAddresses) }
        if let honseki { row["honseki"] = honseki; row["hittousha"] = head.fullName }
        if let foreign = member.foreign { row.merge(foreign) { $1 } }
        if numbers || (index == 0 && chance(8)) {
            numberCount += 1
            row["individual_number"] = individualNumber(numberCount)
        }
        persons.add(row)
        if honseki != nil {
            var events = ["【出生日】\(wareki(member.birth))", "【出生地】大阪府大阪市北区", "【届出日】\(wareki(later(member.birth, 0)))"]
            if member.relationship == "妻" || member.relationship == "夫" {
                let married = later(max(member.birth, head.birth), 27)
                events.append("【婚姻日】\(wareki(married))")
                events.append("【配偶者氏名】\(member.relationship == "妻" ? head.fullName : list.first { $0.relationship == "妻" }?.fullName ?? head.fullName)")
            }
            if member.status == "死亡", let date = member.statusDate { events.append("【死亡日】\(wareki(date))") }
            let kosekiRelationship = index > 0 ? member.kosekiRelationship : member.sex == "1" ? "長男" : member.sex == "2" ? "長女" : "子"
            members.add(["koseki_id": kosekiID, "member_no": String(index + 1), "name": member.fullName, "birth_date": member.birth.iso,
                         "relationship": kosekiRelationship, "person_id": personID,
                         "removed": member.status == "死亡" ? "1" : "0", "events": events.joined(separator: "\n")])
            fuhyo.add(["koseki_id": kosekiID, "line_no": String(fuhyo.rows.filter { $0[0] == kosekiID }.count + 1),
                       "member_no": String(index + 1), "address": address.address, "since": max(residentSince, arrived).iso])
        }
        if member.status == "住民" && member.birth.year <= 2006 {
            if chance(sealPercent) || !member.personID.isEmpty {
                sealCount += 1
                let number = String(format: "IN%06d", 100_000 + sealCount)
                drawSeal(surname: member.surname.kanji, to: out.appendingPathComponent("seals/\(number).png"))
                seals.add(["registration_number": number, "person_id": personID, "status": "登録",
                           "registered_on": later(member.birth, 20).iso, "image": "seals/\(number).png"])
            }
            if member.birth.year <= 2004 {
                for year in [2025, 2026] {
                    let income = between(0, 60) * 100_000
                    tax.add(["person_id": personID, "fiscal_year": String(year), "income_yen": String(income),
                             "tax_yen": String(income <= 450_000 ? 0 : (income - 430_000) / 10 + 5_000)])
                }
            }
        }
    }
    return ids
}

@MainActor func japaneseFamily(head surname: Name? = nil) -> [Member] {
    let family = surname ?? pick(surnames)
    let headMale = chance(75)
    let headBirth = randomDate(1940, 1998)
    var list = [Member(surname: family, given: headMale ? pick(maleNames) : pick(femaleNames), sex: headMale ? "1" : "2",
                       birth: headBirth, relationship: "世帯主", kosekiRelationship: "")]
    if chance(70) {
        let spouseBirth = CalendarDate(year: headBirth.year + between(-4, 4), month: between(1, 12), day: between(1, 28))
        list.append(Member(surname: family, given: headMale ? pick(femaleNames) : pick(maleNames), sex: headMale ? "2" : "1",
                           birth: spouseBirth, relationship: headMale ? "妻" : "夫", kosekiRelationship: headMale ? "妻" : "夫"))
    }
    let children = headBirth.year > 1990 ? between(0, 1) : between(0, 3)
    var sons = 0, daughters = 0
    for _ in 0..<children {
        let year = headBirth.year + between(24, 38)
        guard year <= 2025 else { continue }
        let male = chance(50)
        let order = ["長", "二", "三", "四"]
        let word = male ? "\(order[min(sons, 3)])男" : "\(order[min(daughters, 3)])女"
        if male { sons += 1 } else { daughters += 1 }
        list.append(Member(surname: family, given: male ? pick(maleNames) : pick(femaleNames), sex: male ? "1" : "2",
                           birth: CalendarDate(year: year, month: between(1, 12), day: between(1, 28)), relationship: "子",
                           kosekiRelationship: word))
    }
    if headBirth.year >= 1975 && chance(15) {
        list.append(Member(surname: family, given: pick(femaleNames), sex: "2",
                           birth: CalendarDate(year: headBirth.year - between(24, 32), month: between(1, 12), day: between(1, 28)),
                           relationship: "母", kosekiRelationship: "母"))
    }
    return list
}

// MARK: The households

let demoIssuer = "CN=DEMO JPKI User Authentication CA (not for production),O=DEMO counter project,C=JP"
var householdNumber = 0

// 1. The demo card people (seeds/demo/cards): the same four fields as their cards, linked to their auth certificates
// (the revoked card's holder comes last, in 6).
do {
    householdNumber += 1
    let takahashi = Name(kanji: "\u{9AD9}橋", kana: "タカハシ")
    var list = [Member(surname: takahashi, given: Name(kanji: "\u{FA11}子", kana: "サキコ"), sex: "2",
                       birth: CalendarDate(year: 1985, month: 4, day: 12), relationship: "世帯主", kosekiRelationship: "")]
    list[0].personID = "P90001"
    list.append(Member(surname: takahashi, given: Name(kanji: "陽翔", kana: "ハルト"), sex: "1",
                       birth: CalendarDate(year: 2014, month: 7, day: 3), relationship: "子", kosekiRelationship: "長男"))
    list.append(Member(surname: takahashi, given: Name(kanji: "美\u{FA11}", kana: "ミサキ"), sex: "2",
                       birth: CalendarDate(year: 2017, month: 11, day: 20), relationship: "子", kosekiRelationship: "長女"))
    _ = household(householdNumber, list, address: ("大阪市北区中之島１丁目３－２０", nil), japanese: true, numbers: true)
    links.add(["issuer": demoIssuer, "serial": "CDD0BC48CAE4D943901933E2E9FC140D9EB38C2E", "person_id": "P90001"])
}
do {
    householdNumber += 1
    let katsuragi = Name(kanji: "\u{845B}\u{E0100}城", kana: "カツラギ")
    var list = [Member(surname: katsuragi, given: Name(kanji: "太郎", kana: "タロウ"), sex: "1",
                       birth: CalendarDate(year: 1972, month: 1, day: 5), relationship: "世帯主", kosekiRelationship: "")]
    list[0].personID = "P90002"
    list.append(Member(surname: katsuragi, given: Name(kanji: "恵子", kana: "ケイコ"), sex: "2",
                       birth: CalendarDate(year: 1974, month: 9, day: 18), relationship: "妻", kosekiRelationship: "妻"))
    list.append(Member(surname: katsuragi, given: Name(kanji: "一郎", kana: "イチロウ"), sex: "1",
                       birth: CalendarDate(year: 2003, month: 5, day: 30), relationship: "子", kosekiRelationship: "長男"))
    list.append(Member(surname: katsuragi, given: Name(kanji: "トメ", kana: "トメ"), sex: "2",
                       birth: CalendarDate(year: 1938, month: 2, day: 11), relationship: "母", kosekiRelationship: "母",
                       status: "死亡", statusDate: CalendarDate(year: 2025, month: 12, day: 24)))
    _ = household(householdNumber, list, address: ("大阪市北区梅田３丁目１－３", nil), japanese: true, numbers: true)
    links.add(["issuer": demoIssuer, "serial": "89206E8266B653B2A2CB64AA97159EBCF35918D2", "person_id": "P90002"])
}
do {
    householdNumber += 1
    var list = [Member(surname: Name(kanji: "中之島", kana: "ナカノシマ"), given: Name(kanji: "みどり", kana: "ミドリ"), sex: "9",
                       birth: CalendarDate(year: 2000, month: 2, day: 29), relationship: "世帯主", kosekiRelationship: "")]
    list[0].personID = "P90003"
    _ = household(householdNumber, list, address: (
        "大阪市北区天神橋２丁目北２－６",
        "大阪デモンストレーション中央ビルディング東館オフィスタワー二十一階二一〇五号室　株式会社デモンストレーション不動産管理事務所気付　天神橋筋六丁目ガーデンレジデンス北棟管理組合内"),
        japanese: true, numbers: true)
    links.add(["issuer": demoIssuer, "serial": "7391704BA9590077C5225AD77294D326558CB6A3", "person_id": "P90003"])
}

// 2. A standard-form 高橋 beside 髙橋 (both found by either), and the 支援措置 person (a household of her own).
do {
    householdNumber += 1
    var list = japaneseFamily(head: Name(kanji: "高橋", kana: "タカハシ"))
    list[0].personID = "P90004"
    _ = household(householdNumber, list, address: randomAddress(), japanese: true)
    householdNumber += 1
    var alone = [Member(surname: Name(kanji: "山\u{FA11}", kana: "ヤマサキ"), given: Name(kanji: "由美", kana: "ユミ"), sex: "2",
                        birth: CalendarDate(year: 1990, month: 6, day: 14), relationship: "世帯主", kosekiRelationship: "")]
    alone[0].personID = "P90005"
    alone[0].supportMeasure = true
    _ = household(householdNumber, alone, address: randomAddress(), japanese: true)
}

// 3. Foreign residents (名 in their own script, 通称 where registered; their dates print in 西暦).
let foreigners: [(Name, Name, String, String, String, String?)] = [
    (Name(kanji: "NGUYEN", kana: "グエン"), Name(kanji: "VAN AN", kana: "ヴァン　アン"), "1", "ベトナム", "技能実習", nil),
    (Name(kanji: "TRAN", kana: "チャン"), Name(kanji: "THI HOA", kana: "ティ　ホア"), "2", "ベトナム", "特定技能", nil),
    (Name(kanji: "王", kana: "ワン"), Name(kanji: "偉", kana: "ウェイ"), "1", "中国", "技術・人文知識・国際業務", "王野　偉"),
    (Name(kanji: "李", kana: "リ"), Name(kanji: "秀英", kana: "シュウエイ"), "2", "中国", "永住者", "李田　秀英"),
    (Name(kanji: "金", kana: "キム"), Name(kanji: "民俊", kana: "ミンジュン"), "1", "韓国", "特別永住者", "金山　民俊"),
    (Name(kanji: "朴", kana: "パク"), Name(kanji: "智恩", kana: "ジウン"), "2", "韓国", "留学", nil),
    (Name(kanji: "SANTOS", kana: "サントス"), Name(kanji: "MARIA", kana: "マリア"), "2", "フィリピン", "定住者", nil),
    (Name(kanji: "SMITH", kana: "スミス"), Name(kanji: "JOHN", kana: "ジョン"), "1", "アメリカ合衆国", "教授", nil),
]
for (index, entry) in foreigners.enumerated() {
    householdNumber += 1
    let (surname, given, sex, nationality, status, alias) = entry
    let permanent = status.hasSuffix("永住者")
    var member = Member(surname: surname, given: given, sex: sex, birth: randomDate(1960, 2003), relationship: "世帯主",
                        kosekiRelationship: "")
    member.alias = alias
    member.foreign = ["nationality": nationality, "residence_status": status,
                      "period_of_stay": permanent ? "" : pick(["1年", "3年", "5年"]),
                      "stay_expires_on": permanent ? "" : randomDate(2027, 2030).iso,
                      "residence_card_number": String(format: "AB%08dCD", 10_000_000 + index * 1_234_567 % 90_000_000)]
    _ = household(householdNumber, [member], address: randomAddress(), japanese: false, seal: 50)
}

// 4. Moved out (除票 kept) and a household whose head moved away first.
for _ in 0..<3 {
    householdNumber += 1
    var list = japaneseFamily()
    for index in list.indices {
        list[index].status = "転出"
        list[index].statusDate = randomDate(2023, 2025)
        list[index].movedTo = pick(["大阪府吹田市泉町１丁目３番４０号", "奈良県奈良市二条大路南１丁目１番１号", "福岡県福岡市中央区天神１丁目８番１号"])
    }
    _ = household(householdNumber, list, address: randomAddress(), japanese: true)
}
do {
    householdNumber += 1
    var list = japaneseFamily()
    list[0].status = "転出予定"
    list[0].statusDate = CalendarDate(year: 2026, month: 12, day: 20)
    list[0].movedTo = "大阪府枚方市大垣内町２丁目１番２０号"
    _ = household(householdNumber, list, address: randomAddress(), japanese: true)
}

// 5. The rest: ordinary households until 80, some with a deceased member (除票).
while householdNumber < 80 {
    householdNumber += 1
    var list = japaneseFamily()
    if list.count > 1 && chance(12) {
        let last = list.count - 1
        if list[last].relationship == "母" || list[last].relationship == "夫" || list[last].relationship == "妻" {
            list[last].status = "死亡"
            list[last].statusDate = randomDate(2022, 2026)
        }
    }
    _ = household(householdNumber, list, address: randomAddress(), japanese: true)
}

// 6. The holder of the revoked demo card (seeds/demo/cards/yodoyabashi-kenichi-revoked.json, listed in
// seeds/demo/demo-crl.pem): found by the card's link, so a refusal is the revocation, not an unknown person.
// Last, so every household above keeps its random draws.
do {
    householdNumber += 1
    var list = [Member(surname: Name(kanji: "淀屋橋", kana: "ヨドヤバシ"), given: Name(kanji: "健一", kana: "ケンイチ"), sex: "1",
                       birth: CalendarDate(year: 1968, month: 8, day: 8), relationship: "世帯主", kosekiRelationship: "")]
    list[0].personID = "P90006"
    _ = household(householdNumber, list, address: ("大阪市北区西天満２丁目１－１８", nil), japanese: true, numbers: true)
    links.add(["issuer": demoIssuer, "serial": "AF75685D970E9A7E63E5FFC2CE4C19BC802240DA", "person_id": "P90006"])
}

precondition(personCount >= 200 && householdNumber == 81, "the demo needs 200 persons in 81 households")
for file in [households, persons, seals, koseki, members, fuhyo, tax, links] { try file.write() }
print("households \(households.rows.count), persons \(persons.rows.count), seals \(seals.rows.count), koseki \(koseki.rows.count), "
      + "koseki members \(members.rows.count), fuhyo lines \(fuhyo.rows.count), tax years \(tax.rows.count), jpki links \(links.rows.count)")
