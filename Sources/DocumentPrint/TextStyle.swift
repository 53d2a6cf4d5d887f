import CounterCore

/// Horizontal placement of text in its box.
public enum HorizontalAlignment: String, Sendable, Codable, CaseIterable {
    /// Flush with the box's left edge.
    case left
    /// Centred between the box's left and right edges.
    case center
    /// Flush with the box's right edge.
    case right

    /// Decodes the case named in a layout file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// Vertical placement of text in its box.
public enum VerticalAlignment: String, Sendable, Codable, CaseIterable {
    /// The first line starts at the box's top edge.
    case top
    /// The text block is centred between the box's top and bottom edges.
    case middle

    /// Decodes the case named in a layout file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// What to do when text is wider (or taller) than its box at the nominal size.
public enum OverflowRule: String, Sendable, Codable, CaseIterable {
    /// One line; shrink the font down to the minimum size.
    case shrink
    /// Wrap onto several lines, shrinking down to the minimum size until the lines fit the height.
    case wrap
    /// One line at the nominal size; anything wider is an error.
    case error

    /// Decodes the case named in a layout file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// How a text box is drawn: size, alignment and overflow rule.
public struct TextStyle: Sendable, Equatable {
    /// Nominal font size in points.
    public var fontSize: Double
    /// Smallest size shrinking may reach, in points.
    public var minimumFontSize: Double
    /// Horizontal alignment.
    public var horizontal: HorizontalAlignment
    /// Vertical alignment.
    public var vertical: VerticalAlignment
    /// Overflow rule.
    public var overflow: OverflowRule

    /// Creates a style; `minimumFontSize` defaults to the nominal size (no shrinking).
    public init(fontSize: Double, minimumFontSize: Double? = nil, horizontal: HorizontalAlignment = .left,
                vertical: VerticalAlignment = .middle, overflow: OverflowRule = .shrink) {
        self.fontSize = fontSize
        self.minimumFontSize = min(minimumFontSize ?? fontSize, fontSize)
        self.horizontal = horizontal
        self.vertical = vertical
        self.overflow = overflow
    }
}

/// Where a text box's text ended up.
public struct TextPlacement: Sendable, Equatable {
    /// The font size used, in points (smaller than nominal when shrunk).
    public var fontSize: Double
    /// Number of lines drawn.
    public var lineCount: Int
    /// The area the text occupies (logical extents), in mm.
    public var frame: MMRect
}
