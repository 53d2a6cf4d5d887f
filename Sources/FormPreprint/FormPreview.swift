import CounterCore
import DocumentPrint

/// A form as a terminal can preview it before printing: the sheet's size (orientation applied) and
/// each field's box with the text it will print (a circled choice as 「○昭」), nothing rendered.
public struct FormPreview: Sendable, Equatable {
    /// One filled field.
    public struct Item: Sendable, Equatable {
        /// The field's Japanese label.
        public var label: String
        /// Where it prints, in mm from the top-left corner of the sheet.
        public var box: MMRect
        /// What it prints (empty: nothing).
        public var text: String

        /// Creates an item.
        public init(label: String, box: MMRect, text: String) {
            self.label = label
            self.box = box
            self.text = text
        }
    }

    /// The form's title.
    public var title: String
    /// The paper, e.g. A4 縦.
    public var paper: Paper
    /// Sheet width and height in mm, as the form is read (landscape: wider than high).
    public var width: Double
    /// Sheet height in mm.
    public var height: Double
    /// The fields, in the layout's order.
    public var items: [Item]

    /// Creates a preview.
    public init(title: String, paper: Paper, width: Double, height: Double, items: [Item]) {
        self.title = title
        self.paper = paper
        self.width = width
        self.height = height
        self.items = items
    }
}

extension PreprintService {
    /// What `layout` filled from `fill` will print, field by field (the same values the renderer
    /// prints; a value the form cannot print throws the same ``PreprintError``).
    public func preview(_ layout: FormLayout, fill: FormFill) throws(PreprintError) -> FormPreview {
        var items: [FormPreview.Item] = []
        for field in layout.fields {
            switch try FieldValue.of(field, fill: fill, eras: catalog.eras, form: layout.title) {
            case .text(let text):
                items.append(FormPreview.Item(label: field.label, box: field.box, text: text))
            case .choice(let chosen):
                let option = field.options?.first { $0.value == chosen }
                items.append(FormPreview.Item(label: field.label, box: option?.box ?? field.box,
                                              text: chosen.map { "○" + $0 } ?? ""))
            }
        }
        let portrait = layout.paper.size.portraitMillimetres
        let landscape = layout.paper.orientation == .landscape
        return FormPreview(title: layout.title, paper: layout.paper,
                           width: landscape ? portrait.height : portrait.width,
                           height: landscape ? portrait.width : portrait.height, items: items)
    }
}
