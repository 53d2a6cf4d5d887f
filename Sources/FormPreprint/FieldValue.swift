import CounterCore

/// What a field prints for one person on one day.
enum FieldValue: Equatable {
    /// Text to place in the box (empty: nothing to print).
    case text(String)
    /// The option to circle, or nil when none applies (e.g. 性別 適用不能).
    case choice(String?)

    /// Computes the value of `field` from the case's data, the request day and the office.
    static func of(_ field: FormField, fill: FormFill, eras: EraTable, form: String) throws(PreprintError) -> FieldValue {
        let value = try plain(field, fill: fill, eras: eras, form: form)
        guard field.format == .textCircle, case .text(let text) = value else { return value }
        return .choice(text.isEmpty ? nil : text)
    }

    /// The value before a textCircle field turns its text into the option to circle.
    private static func plain(_ field: FormField, fill: FormFill, eras: EraTable, form: String) throws(PreprintError) -> FieldValue {
        let info = fill.info
        switch field.source {
        case .name: return .text(info.name)
        case .familyName: return .text(info.familyName)
        case .givenName: return .text(info.givenName)
        case .address: return .text(info.address)
        case .addressMain: return .text(SpaceSplit(info.address).first)
        case .addressBuilding: return .text(SpaceSplit(info.address).rest)
        case .sex:
            if field.format == .sexCircle {
                return .choice([Sex.male, Sex.female].contains(info.sex) ? info.sex.label : nil)
            }
            return .text(info.sex.label)
        case .birthDate: return try date(info.birthDate, field: field, eras: eras, form: form)
        case .today: return try date(fill.today, field: field, eras: eras, form: form)
        case .furigana: return .text(fill.furigana)
        case .furiganaFamily: return .text(SpaceSplit(fill.furigana).first)
        case .furiganaGiven: return .text(SpaceSplit(fill.furigana).rest)
        case .wardName: return .text(fill.office?.ward ?? "")
        case .officeName: return .text(fill.office?.name ?? "")
        case .answerText:
            if case .text(let text)? = field.answers?.lazy.compactMap({ fill.answers[$0] }).first {
                switch field.part {
                case .main?: return .text(SpaceSplit(text).first)
                case .building?: return .text(SpaceSplit(text).rest)
                case nil: return .text(text)
                }
            }
            return try fallback(field, fill: fill, eras: eras, form: form)
        case .answerDate:
            if case .date(let day)? = field.answers?.lazy.compactMap({ fill.answers[$0] }).first {
                return try date(day, field: field, eras: eras, form: form)
            }
            return try fallback(field, fill: fill, eras: eras, form: form)
        }
    }

    /// An unanswered answer field: its fallback source's value, else blank.
    private static func fallback(_ field: FormField, fill: FormFill, eras: EraTable, form: String) throws(PreprintError) -> FieldValue {
        guard let source = field.fallback else { return field.format.isChoice ? .choice(nil) : .text("") }
        var plain = field
        plain.source = source
        plain.answers = nil
        plain.fallback = nil
        return try of(plain, fill: fill, eras: eras, form: form)
    }

    private static func date(_ date: CalendarDate, field: FormField, eras: EraTable, form: String) throws(PreprintError) -> FieldValue {
        switch field.format {
        case .seireki: return .text("\(date.year)年\(date.month)月\(date.day)日")
        case .year: return .text(String(date.year))
        case .month: return .text(String(date.month))
        case .day: return .text(String(date.day))
        default: break
        }
        guard let japanese = eras.japaneseDate(for: date) else { throw .dateBeforeEras(form: form, field: field.label) }
        switch field.format {
        case .wareki: return .text(japanese.formatted)
        case .warekiWithoutEra: return .text("\(japanese.yearText)年\(japanese.month)月\(japanese.day)日")
        case .eraName: return .text(japanese.era.name)
        case .eraYear: return .text(japanese.yearText)
        case .eraCircle: return .choice(japanese.era.abbreviation)
        default: return .text(japanese.formatted)
        }
    }
}
