/// A point on the page in millimetres from the top-left corner.
public struct MMPoint: Sendable, Equatable, Codable {
    /// Millimetres from the left edge.
    public var x: Double
    /// Millimetres from the top edge.
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A rectangle on the page in millimetres, origin at its top-left corner.
public struct MMRect: Sendable, Equatable, Codable {
    /// Left edge, in mm from the page's left edge.
    public var x: Double
    /// Top edge, in mm from the page's top edge.
    public var y: Double
    /// Width in mm.
    public var width: Double
    /// Height in mm.
    public var height: Double

    /// Creates a rectangle.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The right edge.
    public var maxX: Double { x + width }
    /// The bottom edge.
    public var maxY: Double { y + height }

    /// The same rectangle moved by `dx`, `dy` millimetres.
    public func offsetBy(dx: Double, dy: Double) -> MMRect {
        MMRect(x: x + dx, y: y + dy, width: width, height: height)
    }

    /// True when this rectangle lies completely inside `other`.
    public func isInside(_ other: MMRect) -> Bool {
        x >= other.x && y >= other.y && maxX <= other.maxX && maxY <= other.maxY
    }
}

/// Conversions between millimetres and PDF points (1/72 inch).
public enum Units {
    /// Points per millimetre.
    public static let pointsPerMillimetre = 72.0 / 25.4

    /// Millimetres to points.
    public static func points(_ millimetres: Double) -> Double { millimetres * pointsPerMillimetre }

    /// Points to millimetres.
    public static func millimetres(_ points: Double) -> Double { points / pointsPerMillimetre }
}
