import CounterCore

/// What a field prints for one person on one day.
enum FieldValue: Equatable {
    /// Text to place in the box (empty: nothing to print).
    case text(String)
    /// The option to circle, or nil when none applies (e.g. 性別 適用不能).
    case choice(String?)

    /// Computes the value of `field` from the card data and the request day.
    static func of(_ field: FormField, info: BasicInfo, today: CalendarDate, eras: EraTable, form: String) throws(PreprintError) -> FieldValue {
        switch field.source {
        case .name: return .text(info.name)
        case .familyName: return .text(info.familyName)
        case .givenName: return .text(info.givenName)
        case .address: return .text(info.address)
        case .addressMain: return .text(AddressParts(info.address).main)
        case .addressBuilding: return .text(AddressParts(info.address).building)
        case .sex:
            if field.format == .sexCircle {
                return .choice([Sex.male, Sex.female].contains(info.sex) ? info.sex.label : nil)
            }
            return .text(info.sex.label)
        case .birthDate: return try date(info.birthDate, field: field, eras: eras, form: form)
        case .today: return try date(today, field: field, eras: eras, form: form)
        }
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

/// An address split into the street address and 方書 at the first space (ideographic or ASCII).
///
/// The card holds the address as one string; when the 方書 (building, room) is separated by a
/// space it can go into its own box. Splitting works on scalars so nothing is normalized.
struct AddressParts {
    /// Up to the first space (the whole address when there is none).
    let main: String
    /// After the first space, or empty.
    let building: String

    init(_ address: String) {
        let scalars = address.unicodeScalars
        if let index = scalars.firstIndex(where: { $0 == "\u{3000}" || $0 == " " }) {
            main = String(scalars[scalars.startIndex..<index])
            building = String(scalars[scalars.index(after: index)...])
        } else {
            main = address
            building = ""
        }
    }
}
