/// One text input: label, value, a cursor, optional masking, a length limit and the characters it
/// accepts. Typing inserts at the cursor; Left/Right/Home/End move it; BS erases before it and Delete
/// under it. The cursor counts characters (a base with its variation selector is one).
struct TextField {
    /// What characters a field accepts.
    enum Kind {
        /// Any printable character (names, addresses; full-width allowed).
        case text
        /// ASCII letters, digits and `-_.` (ids).
        case identifier
        /// Digits and `-` (dates, codes, PINs).
        case digits
    }

    let label: String
    /// The text; setting it puts the cursor at its end.
    var value: String {
        didSet { cursor = value.count }
    }
    /// The cursor, in characters from the start (0…`value.count`).
    private(set) var cursor: Int
    let kind: Kind
    let masked: Bool
    let maxLength: Int

    init(_ label: String, value: String = "", kind: Kind = .text, masked: Bool = false, maxLength: Int = 200) {
        self.label = label
        self.value = value
        self.cursor = value.count
        self.kind = kind
        self.masked = masked
        self.maxLength = maxLength
    }

    /// Applies typing, erasing or a cursor move; returns true when the action was used.
    mutating func apply(_ action: Action) -> Bool {
        var characters = Array(value)
        var position = min(cursor, characters.count)
        switch action {
        case .text(let character):
            guard accepts(character), characters.count < maxLength else { return true }
            characters.insert(character, at: position)
            position += 1
        case .erase:
            guard position > 0 else { return true }
            characters.remove(at: position - 1)
            position -= 1
        case .deleteForward:
            guard position < characters.count else { return true }
            characters.remove(at: position)
        case .decrease: position = max(0, position - 1)
        case .increase: position = min(characters.count, position + 1)
        case .home: position = 0
        case .end: position = characters.count
        default:
            return false
        }
        value = String(characters)
        cursor = position
        return true
    }

    /// The value as shown: masked with `*` when secret.
    var shown: String {
        masked ? String(repeating: "*", count: value.count) : value
    }

    private func accepts(_ character: Character) -> Bool {
        switch kind {
        case .text:
            return true
        case .identifier:
            return character.isASCII && (character.isLetter || character.isNumber || "-_.".contains(character))
        case .digits:
            return character.isASCII && (character.isNumber || character == "-")
        }
    }
}

/// A vertical list of text fields with a focused one: arrows and Tab move, Enter moves on and
/// submits on the last field.
struct FieldForm {
    /// What an action did.
    enum Outcome {
        case handled
        case submitted
        case unhandled
    }

    var fields: [TextField]
    var focus = 0

    init(_ fields: [TextField]) {
        self.fields = fields
    }

    /// The value of the field at `index`.
    subscript(index: Int) -> String {
        get { fields[index].value }
        set { fields[index].value = newValue }
    }

    /// Applies an action to the form.
    mutating func handle(_ action: Action) -> Outcome {
        switch action {
        case .next, .nextField:
            focus = (focus + 1) % fields.count
            return .handled
        case .previous:
            focus = (focus + fields.count - 1) % fields.count
            return .handled
        case .confirm:
            if focus == fields.count - 1 { return .submitted }
            focus += 1
            return .handled
        default:
            return fields[focus].apply(action) ? .handled : .unhandled
        }
    }

    /// Draws the fields; the focused one is marked with `>` and shows its cursor (see
    /// ``Canvas/input(_:focused:labelWidth:maxLines:)``).
    func draw(_ canvas: inout Canvas, labelWidth: Int = 16) {
        for (index, field) in fields.enumerated() {
            canvas.input(field, focused: index == focus, labelWidth: labelWidth, maxLines: 3)
        }
    }
}
