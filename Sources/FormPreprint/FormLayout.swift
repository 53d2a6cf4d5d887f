import CounterCore
import DocumentPrint

/// One revision of a form: paper, the blank form's drawing, and the fields preprinted on it.
///
/// Loaded from `seeds/forms/*.json` (one file per revision) and validated by ``FormCatalog``.
public struct FormLayout: Sendable, Equatable, Codable {
    /// Stable id (lowercase ASCII, digits and `-`), used in job titles and file names.
    public var id: String
    /// Revision number; a later revision replaces an earlier one from its `validFrom` day.
    public var revision: Int
    /// First day this revision is used.
    public var validFrom: CalendarDate
    /// Title as printed on the form, e.g. 住民票の写し等交付申請書.
    public var title: String
    /// Paper size and orientation.
    public var paper: Paper
    /// The blank form, drawn in full mode only.
    public var background: [BackgroundItem]
    /// The fields filled from the card.
    public var fields: [FormField]
}

/// A field: where a value from the card goes and how it is printed.
public struct FormField: Sendable, Equatable, Codable {
    /// Field id, unique in the form (used in error messages with `label`).
    public var id: String
    /// Japanese label of the field, e.g. 氏名.
    public var label: String
    /// Where the value comes from.
    public var source: FieldSource
    /// The one-stop questions whose answer fills the field, the first answered one (sources `answerText` and
    /// `answerDate` only): 国保's 異動日 is the 異動日 of a move, the birth date of a newborn, or the day of another reason.
    public var answers: [String]?
    /// What an answer field prints when none of its questions was answered (a source of the card or the request:
    /// 児童手当 prints the new address after a 転入, else the card's address).
    public var fallback: FieldSource?
    /// For a text answer: `main` prints the part before the first space (the street address), `building` the rest
    /// (方書), as `addressMain` and `addressBuilding` split the card's address.
    public var part: AnswerPart?
    /// How it is printed.
    public var format: FieldFormat
    /// The box the text must stay inside, in mm (for choice formats: the area of the choices).
    public var box: MMRect
    /// Nominal font size in points.
    public var fontSize: Double
    /// Smallest size shrinking may reach (defaults to `fontSize`).
    public var minFontSize: Double?
    /// Overflow rule (defaults to `shrink`).
    public var overflow: OverflowRule?
    /// Horizontal alignment (defaults to `left`).
    public var align: HorizontalAlignment?
    /// Vertical alignment (defaults to `middle`).
    public var valign: VerticalAlignment?
    /// Number of equal digit cells the box is split into (digit formats only).
    public var cells: Int?
    /// The printed choices to circle (choice formats only).
    public var options: [ChoiceOption]?

    /// The text style this field prints with.
    public var style: TextStyle {
        TextStyle(fontSize: fontSize, minimumFontSize: minFontSize, horizontal: align ?? .left,
                  vertical: valign ?? .middle, overflow: overflow ?? .shrink)
    }
}

/// The part of a text answer a field prints.
public enum AnswerPart: String, Sendable, Codable, CaseIterable {
    /// Before the first space.
    case main
    /// After the first space.
    case building

    /// Decodes the case named in a layout file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// One printed choice of a choice field, e.g. 「昭」 with the box its circle is drawn in.
public struct ChoiceOption: Sendable, Equatable, Codable {
    /// The printed text: an era abbreviation (明・大・昭・平・令) or 男/女.
    public var value: String
    /// Where the choice is printed; the circle is the ellipse inscribed in this box.
    public var box: MMRect
}

/// A piece of the blank form's drawing.
public enum BackgroundItem: Sendable, Equatable, Codable {
    /// Printed text (labels, headings, notes).
    case text(String, box: MMRect, fontSize: Double, align: HorizontalAlignment)
    /// A straight line, `width` in mm.
    case line(from: MMPoint, to: MMPoint, width: Double)
    /// A rectangle outline, `width` in mm.
    case rect(MMRect, width: Double)
    /// An ellipse outline inscribed in a box, `width` in mm.
    case ellipse(MMRect, width: Double)

    private enum CodingKeys: String, CodingKey {
        case kind, text, box, fontSize, align, from, to, width
    }

    /// The `kind` names of the layout files.
    private enum Kind: String, CaseIterable, Decodable {
        case text, line, rect, ellipse

        init(from decoder: any Decoder) throws {
            try self.init(namedCaseFrom: decoder)
        }
    }

    /// Default stroke width in mm.
    static let defaultWidth = 0.25

    /// Decodes `{"kind": "text"|"line"|"rect"|"ellipse", …}`; `width` defaults to 0.25 mm.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(Kind.self, forKey: .kind)
        let width = try container.decodeIfPresent(Double.self, forKey: .width) ?? BackgroundItem.defaultWidth
        switch kind {
        case .text:
            self = .text(try container.decode(String.self, forKey: .text), box: try container.decode(MMRect.self, forKey: .box),
                         fontSize: try container.decode(Double.self, forKey: .fontSize),
                         align: try container.decodeIfPresent(HorizontalAlignment.self, forKey: .align) ?? .left)
        case .line:
            self = .line(from: try container.decode(MMPoint.self, forKey: .from), to: try container.decode(MMPoint.self, forKey: .to),
                         width: width)
        case .rect:
            self = .rect(try container.decode(MMRect.self, forKey: .box), width: width)
        case .ellipse:
            self = .ellipse(try container.decode(MMRect.self, forKey: .box), width: width)
        }
    }

    /// Encodes in the layout-file form read by ``init(from:)``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text, let box, let fontSize, let align):
            try container.encode("text", forKey: .kind)
            try container.encode(text, forKey: .text)
            try container.encode(box, forKey: .box)
            try container.encode(fontSize, forKey: .fontSize)
            try container.encode(align, forKey: .align)
        case .line(let from, let to, let width):
            try container.encode("line", forKey: .kind)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(width, forKey: .width)
        case .rect(let box, let width):
            try container.encode("rect", forKey: .kind)
            try container.encode(box, forKey: .box)
            try container.encode(width, forKey: .width)
        case .ellipse(let box, let width):
            try container.encode("ellipse", forKey: .kind)
            try container.encode(box, forKey: .box)
            try container.encode(width, forKey: .width)
        }
    }
}
