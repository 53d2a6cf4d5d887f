import CashlessLedger
import CertificateIssue
import CounterCore
import CounterService
import DocumentPrint
import Foundation

/// 証明書の交付 - 住民の検索: 氏名 (異体字 match), フリガナ and 生年月日 (西暦 8 digits or 和暦); Enter on the last
/// field searches the registry.
final class ResidentSearchScreen: Screen {
    private var form = FieldForm([
        TextField("氏名", maxLength: 100),
        TextField("フリガナ", maxLength: 100),
        TextField("生年月日", maxLength: 20),
    ])

    var title: String { "証明書の交付 - 住民の検索" }
    var keyHints: [KeyHint] { [KeyHint("Enter", "次へ・検索"), KeyHint("上下", "項目"), KeyHint("ESC", "受付中止")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("分かる項目を入力してください（氏名は一部でも、髙/高 などの異体字も同じ字として探します）。")
        canvas.blank()
        form.draw(&canvas, labelWidth: 12)
    }

    func handle(_ action: Action, _ app: AppContext) {
        if action == .back {
            app.askToCancelCase()
            return
        }
        guard form.handle(action) == .submitted, let desk = app.services.certificates else { return }
        let birth: CalendarDate?
        if form[2].isEmpty {
            birth = nil
        } else {
            do {
                birth = try BasicInfoInput.birthDate(form[2], today: app.services.today, eras: app.services.eras)
            } catch {
                app.showError(error)
                return
            }
        }
        let query = ResidentQuery(name: form[0].isEmpty ? nil : form[0], kana: form[1].isEmpty ? nil : form[1],
                                  birthDate: birth, limit: 50)
        app.run(from: self, { try desk.registry.search(try query.validated()) }) { _, app, result in
            switch result {
            case .success(let persons) where persons.isEmpty: app.showNote("該当する住民はいません。入力を変えて検索してください。")
            case .success(let persons): app.show(ResidentResultsScreen(persons: persons))
            case .failure(let error): app.showError(error)
            }
        }
    }
}

/// The persons found; Enter takes the one under the cursor. A person under 支援措置 or 発行抑止 shows 「要確認」
/// only, and cannot be chosen.
final class ResidentResultsScreen: Screen {
    private let persons: [Person]
    private var cursor = 0

    init(persons: [Person]) {
        self.persons = persons
    }

    var title: String { "証明書の交付 - 住民の選択" }
    var keyHints: [KeyHint] { [KeyHint("上下", "住民"), KeyHint("Enter", "選ぶ"), KeyHint("ESC", "検索へ")] }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("\(persons.count)人見つかりました。請求の対象の方を選んでください。")
        canvas.blank()
        let visible = max(1, canvas.rowsLeft / 2)
        let first = max(0, min(cursor - visible + 1, persons.count - visible))
        for index in persons.indices.dropFirst(first).prefix(visible) {
            let person = persons[index]
            let style: CellStyle = index == cursor ? .reverse : .normal
            let flags = (person.needsAttention ? "  要確認" : "") + (person.status.isRemoved ? "  \(person.status.label)" : "")
            canvas.line("\(index == cursor ? "> " : "  ")\(person.name)  \(app.services.bothCalendars(person.birthDate))\(flags)",
                        style: style)
            canvas.line("    \(person.address)")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        switch action {
        case .previous: cursor = max(0, cursor - 1)
        case .next: cursor = min(persons.count - 1, cursor + 1)
        case .confirm:
            let person = persons[cursor]
            guard !person.needsAttention else {
                app.showError(IssuanceError.supportMeasure)
                return
            }
            app.show(CertificateRequestScreen(person: person))
        case .back:
            app.show(ResidentSearchScreen())
        default:
            break
        }
    }
}

/// 証明書の交付 - 請求: the person and their household, the kind (up/down), the options it offers (digits toggle
/// them), copies (left/right), the requester (F3), 公用 (F4); Enter checks the request and shows the fee step.
final class CertificateRequestScreen: Screen {
    private let person: Person
    private var household: [Person] = []
    private var kinds: [CertificateKind] = []
    private var cursor = 0
    private var options: Set<CertificateOption> = []
    private var copies = 1
    private var requester = Requester.own
    private var official = false
    /// 世帯一部: the members chosen (F6 opens the choice), and the choice's cursor while it is open.
    private var members: Set<String> = []
    private var memberCursor: Int?

    init(person: Person) {
        self.person = person
    }

    var title: String { "証明書の交付 - 請求" }
    var keyHints: [KeyHint] {
        if memberCursor != nil { return [KeyHint("上下", "世帯員"), KeyHint("Space", "選ぶ・外す"), KeyHint("Enter/ESC", "請求へ")] }
        return [KeyHint("上下", "種類"), KeyHint("1-5", "記載事項"), KeyHint("左右", "通数"), KeyHint("F3", "請求者"),
                KeyHint("F4", "公用")] + (kind?.selectsMembers == true ? [KeyHint("F6", "世帯員の選択")] : [])
            + [KeyHint("F7", "交付履歴"), KeyHint("Enter", "手数料へ"), KeyHint("ESC", "検索へ")]
    }

    func didAppear(_ app: AppContext) {
        guard let desk = app.services.certificates else { return }
        let removed = person.status.isRemoved, household = person.householdID
        kinds = desk.catalog.kinds.filter { kind in
            kind.scope == .any || kind.scope == .removedKoseki || (kind.scope == .removed) == removed
        }
        app.run(from: self, { try desk.registry.householdMembers(of: household) }) { screen, app, result in
            switch result {
            case .success(let members): screen.household = members
            case .failure(let error): app.showError(error)
            }
        }
    }

    private var kind: CertificateKind? { kinds.indices.contains(cursor) ? kinds[cursor] : nil }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        if let memberCursor {
            canvas.line("世帯一部の写しに記載する世帯員を選んでください（\(members.count)人選択）。", style: .bold)
            canvas.blank()
            for (index, member) in household.enumerated() {
                canvas.line("\(index == memberCursor ? "> " : "  ")[\(members.contains(member.id) ? "x" : " ")] \(member.name)（\(member.relationship)）",
                            style: index == memberCursor ? .reverse : .normal)
            }
            return
        }
        canvas.line("\(person.name)  \(app.services.bothCalendars(person.birthDate))  \(person.status.label)", style: .bold)
        canvas.line(person.address)
        if !household.isEmpty {
            let members = household.map { "\($0.name)（\($0.relationship)）" }.joined(separator: "、")
            canvas.paragraph("世帯 \(household.count)人: \(members)", maxLines: 2)
        }
        canvas.line("請求者 \(requester.label)\(official ? "  公用（手数料免除）" : "")  通数 \(copies)"
                    + (kind?.selectsMembers == true ? "  世帯員 \(members.count)人（F6）" : ""))
        if let kind {
            let offered = kind.options.enumerated().map { index, option in
                "\(index + 1)[\(options.contains(option) ? "x" : " ")]\(option.label)"
            }
            canvas.paragraph(offered.isEmpty ? "記載事項の選択はありません" : offered.joined(separator: " "), maxLines: 2)
        }
        let visible = max(1, canvas.rowsLeft)
        let first = max(0, min(cursor - visible + 1, kinds.count - visible))
        for index in kinds.indices.dropFirst(first).prefix(visible) {
            let fee = app.services.certificates.flatMap { $0.cashier.catalog.item(code: kinds[index].feeItem)?.fee(on: app.services.today) }
            canvas.line("\(index == cursor ? "> " : "  ")\(kinds[index].title)  \(fee.map(\.description) ?? "")",
                        style: index == cursor ? .reverse : .normal)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        if let at = memberCursor {
            switch action {
            case .previous: memberCursor = max(0, at - 1)
            case .next: memberCursor = min(max(0, household.count - 1), at + 1)
            case .text(" ") where household.indices.contains(at):
                let id = household[at].id
                if members.contains(id) { members.remove(id) } else { members.insert(id) }
            case .confirm, .back: memberCursor = nil
            default: break
            }
            return
        }
        switch action {
        case .function(6) where kind?.selectsMembers == true && !household.isEmpty:
            memberCursor = 0
        case .previous where !kinds.isEmpty:
            cursor = (cursor + kinds.count - 1) % kinds.count
            options = options.intersection(kind?.options ?? [])
        case .next where !kinds.isEmpty:
            cursor = (cursor + 1) % kinds.count
            options = options.intersection(kind?.options ?? [])
        case .increase: copies = min(app.services.certificates?.catalog.maximumCopies ?? 1, copies + 1)
        case .decrease: copies = max(1, copies - 1)
        case .text(let character) where character.isASCII && character.wholeNumberValue != nil:
            guard let kind, let number = character.wholeNumberValue, (1...kind.options.count).contains(number) else { return }
            let option = kind.options[number - 1]
            if options.contains(option) { options.remove(option) } else { options.insert(option) }
        case .function(3):
            let all = Requester.allCases
            requester = all[((all.firstIndex(of: requester) ?? 0) + 1) % all.count]
        case .function(4): official.toggle()
        case .function(7): app.show(CertificateHistoryScreen(person: person, returningTo: self))
        case .confirm: toPayment(app)
        case .back: app.show(ResidentSearchScreen())
        default: break
        }
    }

    private func toPayment(_ app: AppContext) {
        guard let desk = app.services.certificates, let kind, let open = app.currentCase, let clerk = app.clerk else { return }
        // Members in the household's order (the registry's), for 世帯一部 only.
        let chosen = kind.selectsMembers ? household.map(\.id).filter(members.contains) : []
        let request = CertificateRequest(personID: person.id, kindID: kind.id, options: options, copies: copies,
                                         requester: requester, official: official, members: chosen)
        do {
            let quote = try desk.quote(request)
            let requestID = "C-\(UUID().uuidString.lowercased())"
            let step = open.beginPayment(on: desk.cashier, requestID: requestID)
            let actor = EventActor.clerk(id: clerk.id)
            let settlement = PaymentScreen.Settlement(
                keyed: { tender in
                    try step.record { paymentID in
                        let issuance = try desk.issue(request, requestID: requestID, paymentID: paymentID, tender: tender,
                                                      actor: actor, channel: .counter)
                        return Cashier.Receipt(payment: issuance.payment, wasRecordedBefore: issuance.wasIssuedBefore)
                    }
                },
                charged: { terminal in
                    try await step.record { paymentID in
                        let issuance = try await desk.issue(request, requestID: requestID, paymentID: paymentID, through: terminal,
                                                            actor: actor, channel: .counter)
                        return Cashier.Receipt(payment: issuance.payment, wasRecordedBefore: issuance.wasIssuedBefore)
                    }
                })
            app.show(PaymentScreen(settlement: settlement, items: quote.items, total: quote.total, brands: desk.cashier.brands(),
                                   back: { [self] app in app.show(self) },
                                   paid: { app, receipt in
                                       app.show(PaymentDoneScreen(receipt: receipt) { app in
                                           app.show(CertificatePrintScreen(requestID: requestID, title: kind.title))
                                       })
                                   }))
        } catch {
            app.showError(error)
        }
    }
}

/// 証明書の交付 - 印刷: the issuance is recorded and paid; each copy renders, is checked against the request
/// and prints, with a result per copy. F2 prints again what did not print (same 発行番号, no new fee).
final class CertificatePrintScreen: Screen {
    private let requestID: String
    private let kindTitle: String
    private var lines: [(number: String, result: String, ok: Bool)] = []
    private var printing = false

    init(requestID: String, title: String) {
        self.requestID = requestID
        kindTitle = title
    }

    var title: String { "証明書の交付 - 印刷" }
    var keyHints: [KeyHint] {
        printing ? [] : (lines.contains { !$0.ok } ? [KeyHint("F2", "印刷できなかった通を印刷")] : [])
            + [KeyHint("Enter", "受付終了")]
    }

    func didAppear(_ app: AppContext) {
        printMissing(app)
    }

    private func printMissing(_ app: AppContext) {
        guard let desk = app.services.certificates, let printer = app.services.certificatePrinter, let clerk = app.clerk else {
            app.showError(CertificateScreenError.noPrinter)
            return
        }
        printing = true
        let requestID = requestID
        app.run(from: self, deliverIfLeft: true, { () throws -> [CertificateDesk.CopyOutcome] in
            guard let issuance = try desk.issuance(ofRequest: requestID) else { return [] }
            return try desk.printMissing(issuance, to: printer, actor: .clerk(id: clerk.id), channel: .counter)
        }) { screen, app, result in
            screen.printing = false
            switch result {
            case .success(let outcomes):
                for outcome in outcomes {
                    let line: (String, String, Bool)
                    switch outcome.result {
                    case .success(let receipt):
                        line = (outcome.number, "印刷しました  \(receipt.jobID.map { "ジョブ \($0)" } ?? receipt.outputPaths.map(\.lastPathComponent).joined(separator: ", "))", true)
                    case .failure(let error):
                        line = (outcome.number, "印刷できませんでした: \(userMessage(for: error))", false)
                    }
                    if let index = screen.lines.firstIndex(where: { $0.number == outcome.number }) {
                        screen.lines[index] = line
                    } else {
                        screen.lines.append(line)
                    }
                }
            case .failure(let error):
                app.showError(error)
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("\(kindTitle)の交付を記録しました。", style: .bold)
        canvas.blank()
        if printing { canvas.line("証明書を作成・印刷しています。") }
        for line in lines {
            canvas.line("発行番号 \(line.number)")
            canvas.paragraph(line.result, indent: 4, maxLines: 2, style: line.ok ? .normal : .bold)
        }
        if !printing, !lines.isEmpty, lines.allSatisfy(\.ok) {
            canvas.blank()
            canvas.line("証明書をお渡しし、ご本人の証明書であることを確かめてもらってください。")
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        guard !printing else { return }
        switch action {
        case .function(2) where lines.contains { !$0.ok }: printMissing(app)
        case .confirm: app.show(CaseEndScreen(cancelled: false))
        default: break
        }
    }
}

/// What the certificate screens cannot do on this terminal.
enum CertificateScreenError: UserFacingError {
    /// No printer for certificates, or no certificate desk.
    case noPrinter
    /// The terminal issues no certificates (no signing key or no office).
    case notConfigured

    var userMessage: String {
        switch self {
        case .noPrinter: return "証明書を印刷するプリンタが設定されていません。管理者に連絡してください。"
        case .notConfigured:
            return "この端末では証明書を交付できません（署名鍵または事務所が設定されていません）。管理者に連絡してください。"
        }
    }
}

/// 交付履歴: the person's numbered copies (date, 連番, kind, printed, 処分), newest first. F2 reprints the copy
/// under the cursor under a new number (a reason, no fee); F8 records its 処分 with a 係長's approval.
final class CertificateHistoryScreen: Screen {
    private let person: Person
    private let returnTo: any Screen<CounterMode>
    private var copies: [CertificateDesk.CopyRecord] = []
    private var cursor = 0
    private var loaded = false
    private var reason = TextField("理由", maxLength: 200)
    /// The action the reason is being typed for: 2 再交付, 8 処分.
    private var asking: Int?

    init(person: Person, returningTo screen: any Screen<CounterMode>) {
        self.person = person
        returnTo = screen
    }

    var title: String { "証明書の交付 - 交付履歴" }
    var keyHints: [KeyHint] {
        asking != nil ? [KeyHint("Enter", asking == 2 ? "再交付する" : "係長の承認へ"), KeyHint("ESC", "やめる")]
            : [KeyHint("上下", "証明書"), KeyHint("F2", "再交付"), KeyHint("F8", "処分（係長）"), KeyHint("ESC", "請求へ")]
    }

    func didAppear(_ app: AppContext) {
        reload(app)
    }

    private func reload(_ app: AppContext) {
        guard let desk = app.services.certificates else { return }
        let personID = person.id
        app.run(from: self, { try desk.copies(personID: personID) }) { screen, app, result in
            screen.loaded = true
            switch result {
            case .success(let copies):
                screen.copies = copies.reversed()
                screen.cursor = min(screen.cursor, max(0, copies.count - 1))
            case .failure(let error): app.showError(error)
            }
        }
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        canvas.line("\(person.name)  交付 \(copies.count)通", style: .bold)
        canvas.blank()
        guard loaded else {
            canvas.line("読み込んでいます。")
            return
        }
        if copies.isEmpty { canvas.line("交付の記録はありません。") }
        let visible = max(1, canvas.rowsLeft - (asking == nil ? 0 : 2))
        let first = max(0, min(cursor - visible + 1, copies.count - visible))
        for index in copies.indices.dropFirst(first).prefix(visible) {
            let copy = copies[index]
            let kind = app.services.certificates?.catalog.kind(id: copy.entry.certificateKind ?? "")?.title ?? ""
            let state = copy.voided ? "処分済" : (copy.printed ? "印刷済" : "未印刷")
            let reprint = copy.entry.kind == .reprint ? "（再交付）" : ""
            canvas.line("\(index == cursor ? "> " : "  ")\(copy.entry.day.iso) 連番\(String(format: "%03d", copy.serial)) \(kind)\(reprint) \(state)",
                        style: index == cursor ? .reverse : .normal)
        }
        if asking != nil {
            canvas.blank()
            canvas.input(reason, focused: true, labelWidth: 8)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        if let asking {
            switch action {
            case .back:
                self.asking = nil
            case .confirm:
                guard copies.indices.contains(cursor) else { return }
                let copy = copies[cursor], text = reason.value
                self.asking = nil
                reason.value = ""
                if asking == 2 { reprint(copy, reason: text, app) } else { void(copy, reason: text, app) }
            default:
                _ = reason.apply(action)
            }
            return
        }
        switch action {
        case .previous: cursor = max(0, cursor - 1)
        case .next: cursor = min(max(0, copies.count - 1), cursor + 1)
        case .function(2) where !copies.isEmpty:
            guard !copies[cursor].voided else {
                app.showError(IssuanceFollowUpError.alreadyVoided)
                return
            }
            asking = 2
        case .function(8) where !copies.isEmpty: asking = 8
        case .back: app.show(returnTo)
        default: break
        }
    }

    private func reprint(_ copy: CertificateDesk.CopyRecord, reason: String, _ app: AppContext) {
        guard let desk = app.services.certificates, let printer = app.services.certificatePrinter, let clerk = app.clerk else { return }
        app.run(from: self, { () throws -> [CertificateDesk.CopyOutcome] in
            let reprint = try desk.reprint(serial: copy.serial, day: copy.entry.day, reason: reason, actor: .clerk(id: clerk.id),
                                           channel: .counter)
            return try desk.printMissing(reprint, to: printer, actor: .clerk(id: clerk.id), channel: .counter)
        }) { screen, app, result in
            switch result {
            case .success(let outcomes):
                let failed = outcomes.contains { if case .failure = $0.result { true } else { false } }
                app.showNote(failed ? "再交付を記録しましたが、印刷できませんでした。プリンタを確かめてください。"
                             : "再交付しました（発行番号 \(outcomes.first?.number ?? "")）。")
                screen.reload(app)
            case .failure(let error):
                app.showError(error)
            }
        }
    }

    private func void(_ copy: CertificateDesk.CopyRecord, reason: String, _ app: AppContext) {
        guard let desk = app.services.certificates, let clerk = app.clerk else { return }
        app.showOverlay(ApprovalScreen(task: "証明書の処分", approvedBy: { approver in
            _ = try desk.void(serial: copy.serial, day: copy.entry.day, reason: reason, supervisorID: approver.id,
                              supervisorPassword: approver.password, actor: .clerk(id: clerk.id), channel: .counter)
            return "処分を記録しました（連番 \(String(format: "%03d", copy.serial))）。"
        }, afterwards: { [self] app in reload(app) }))
    }
}
