/// One text input: label, value, optional masking, a length limit and the characters it accepts.
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
    var value: String
    let kind: Kind
    let masked: Bool
    let maxLength: Int

    init(_ label: String, value: String = "", kind: Kind = .text, masked: Bool = false, maxLength: Int = 200) {
        self.label = label
        self.value = value
        self.kind = kind
        self.masked = masked
        self.maxLength = maxLength
    }

    /// Applies typing or erasing; returns true when the action was used.
    mutating func apply(_ action: Action) -> Bool {
        switch action {
        case .text(let character):
            guard accepts(character), value.count < maxLength else { return true }
            value.append(character)
            return true
        case .erase:
            if !value.isEmpty { value.removeLast() }
            return true
        default:
            return false
        }
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

    /// Draws the fields; the focused one is marked with `>` and a `_` cursor, and keeps its end
    /// (the cursor) in view when it is longer than its rows.
    func draw(_ canvas: inout Canvas, labelWidth: Int = 16) {
        for (index, field) in fields.enumerated() {
            let focused = index == focus
            let value = field.shown + (focused ? "_" : "")
            canvas.field(field.label, value, labelWidth: labelWidth, maxLines: 3, marker: focused ? "> " : "  ",
                         showEnd: focused)
        }
    }
}
