import CertificateIssue
import CounterCore

/// 4情報の確認: name, address, birth date in 和暦 and 西暦, sex, and the clerk-typed フリガナ; a digit
/// opens a field for correction (5: フリガナ).
/// The address gets every body row the other fields do not need and is never cut silently; when
/// even that is too small (a tiny terminal), the cut is marked and F5 shows the whole address.
final class ConfirmScreen: Screen {
    /// Most rows the name may take (names are short; the address needs the room).
    private static let nameRows = 3
    private static let labelWidth = 12
    /// True when the last drawing had to cut the address.
    private var addressCut = false
    /// True while F5's full-address view is shown.
    private var showingFullAddress = false
    /// True while F6's list of 異体字 code points is shown.
    private var showingVariants = false

    /// True when the name or the address holds a variation sequence (F6 lists them).
    private var hasVariants = false
    /// True when the terminal issues certificates (F9 finds the card's person in the registry).
    private var issuesCertificates = false
    /// True when the terminal has the one-stop counter (F7 asks a life event's questions).
    private var hasOneStop = false

    var title: String {
        if showingVariants { return "新しい受付 - 異体字の確認" }
        return showingFullAddress ? "新しい受付 - 住所の全文" : "新しい受付 - 4情報の確認"
    }
    var keyHints: [KeyHint] {
        if showingVariants { return [KeyHint("F6/ESC", "確認画面へ戻る")] }
        if showingFullAddress { return [KeyHint("F5/ESC", "確認画面へ戻る")] }
        return [KeyHint("Enter", "確定・帳票選択"), KeyHint("1-5", "訂正・入力")]
            + (addressCut ? [KeyHint("F5", "住所全文")] : []) + (hasVariants ? [KeyHint("F6", "異体字")] : [])
            + (issuesCertificates ? [KeyHint("F9", "証明書の交付")] : []) + (hasOneStop ? [KeyHint("F7", "ワンストップ")] : [])
            + [KeyHint("ESC", "受付中止")]
    }

    func draw(_ canvas: inout Canvas, _ app: AppContext) {
        guard let session = app.currentCase, let info = session.info else { return }
        issuesCertificates = app.services.certificates != nil
        hasOneStop = app.services.oneStop != nil
        hasVariants = !VariantMarking.variants(in: info.name + info.address).isEmpty
        if showingVariants {
            canvas.line("異体字（画面では普通の字に見える文字）", style: .bold)
            canvas.line("帳票には異体字のまま印刷します。")
            canvas.blank()
            for (field, text) in [("氏名", info.name), ("住所", info.address)] {
                for variant in VariantMarking.variants(in: text) {
                    canvas.line("\(field)  \(variant.character)  \(variant.codePoints)")
                }
            }
            return
        }
        if showingFullAddress {
            canvas.line("住所（全文）", style: .bold)
            canvas.blank()
            canvas.paragraph(VariantMarking.marked(info.address), maxLines: canvas.rowsLeft)
            return
        }
        let source = session.source == .manual ? "手入力" : "カード"
        canvas.line("受付 \(session.displayNumber)  読取元: \(source)")
        canvas.line("内容をご本人と確認し、訂正する項目は番号を押してください。")
        canvas.blank()
        func shown(_ field: BasicInfoField, _ value: String) -> String {
            // In front, so a value cut on a small terminal still shows that it was corrected.
            (session.corrected.contains(field) ? "[訂正済] " : "") + value
        }
        let valueWidth = canvas.valueWidth(labelWidth: ConfirmScreen.labelWidth)
        let name = shown(.name, VariantMarking.marked(info.name)), address = shown(.address, VariantMarking.marked(info.address))
        let nameRows = min(ConfirmScreen.nameRows, DisplayWidth.wrap(name, width: valueWidth).count)
        // Birth date, sex and フリガナ take one row each.
        let addressRows = max(1, canvas.rowsLeft - nameRows - 3)
        addressCut = DisplayWidth.wrap(address, width: valueWidth).count > addressRows
        let values: [(BasicInfoField, String, Int)] = [
            (.name, name, nameRows), (.address, address, addressRows),
            (.birthDate, shown(.birthDate, app.services.bothCalendars(info.birthDate)), 1),
            (.sex, shown(.sex, info.sex.label), 1),
            (.furigana, session.furigana.isEmpty ? "（未入力・5で入力）" : shown(.furigana, session.furigana), 1),
        ]
        for (index, (field, value, rows)) in values.enumerated() {
            canvas.field("\(index + 1) \(field.label)", value, labelWidth: ConfirmScreen.labelWidth, maxLines: rows)
        }
    }

    func handle(_ action: Action, _ app: AppContext) {
        if showingVariants {
            if action == .function(6) || action == .back { showingVariants = false }
            return
        }
        if showingFullAddress {
            if action == .function(5) || action == .back { showingFullAddress = false }
            return
        }
        switch action {
        case .confirm:
            guard let session = app.currentCase else { return }
            app.show(FormChoiceScreen(forms: session.forms, defaultMode: app.services.printing.defaultMode))
        case .text(let character):
            guard let number = character.wholeNumberValue, (1...BasicInfoField.allCases.count).contains(number) else { return }
            app.show(FieldEditScreen(field: BasicInfoField.allCases[number - 1], app: app))
        case .function(5):
            showingFullAddress = true
        case .function(6) where hasVariants:
            showingVariants = true
        case .function(7):
            guard let planner = app.services.oneStop else { return }
            app.show(OneStopEventScreen(planner: planner))
        case .function(9) where app.services.certificates != nil:
            findResidentOfCard(app)
        case .back:
            app.askToCancelCase()
        default:
            break
        }
    }

    /// F9: the registry's person for the four fields read (name and birth date exact, then the address).
    private func findResidentOfCard(_ app: AppContext) {
        guard let desk = app.services.certificates, let info = app.currentCase?.info else { return }
        app.run(from: self, { try desk.registry.lookup(card: info) }) { _, app, result in
            switch result {
            case .success(.found(let person)) where person.needsAttention: app.showError(IssuanceError.supportMeasure)
            case .success(.found(let person)): app.show(CertificateRequestScreen(person: person))
            case .success(.ambiguous(let persons)): app.show(ResidentResultsScreen(persons: persons))
            case .success(.notFound): app.showNote("カードの4情報に一致する住民が住民記録にありません。検索で探してください。")
            case .failure(let error): app.showError(error)
            }
        }
    }
}
