import CounterCore

/// A paper size from ISO A or JIS B series, in portrait dimensions.
public enum PaperSize: String, Sendable, Codable, CaseIterable {
    /// A4, 210 × 297 mm.
    case a4 = "A4"
    /// A3, 297 × 420 mm.
    case a3 = "A3"
    /// JIS B4, 257 × 364 mm.
    case b4 = "B4"
    /// JIS B5, 182 × 257 mm.
    case b5 = "B5"

    /// The PWG self-describing media name print systems know (IPP `media`): JIS B sizes, as Japanese
    /// offices use them, not ISO B.
    public var pwgMediaName: String {
        switch self {
        case .a4: return "iso_a4_210x297mm"
        case .a3: return "iso_a3_297x420mm"
        case .b4: return "jis_b4_257x364mm"
        case .b5: return "jis_b5_182x257mm"
        }
    }

    /// Width and height in millimetres, portrait.
    public var portraitMillimetres: (width: Double, height: Double) {
        switch self {
        case .a4: return (210, 297)
        case .a3: return (297, 420)
        case .b4: return (257, 364)
        case .b5: return (182, 257)
        }
    }

    /// Decodes the case named in a layout file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// Portrait (縦) or landscape (横).
public enum Orientation: String, Sendable, Codable, CaseIterable {
    /// 縦: the short side is the width.
    case portrait
    /// 横: the long side is the width.
    case landscape

    /// Decodes the case named in a layout file; another name is refused listing the names allowed.
    public init(from decoder: any Decoder) throws {
        try self.init(namedCaseFrom: decoder)
    }
}

/// A sheet: size and orientation.
public struct Paper: Sendable, Equatable, Codable {
    /// The paper size.
    public var size: PaperSize
    /// The orientation.
    public var orientation: Orientation

    /// Creates a sheet description.
    public init(size: PaperSize, orientation: Orientation = .portrait) {
        self.size = size
        self.orientation = orientation
    }

    /// Width in millimetres as printed (after orientation).
    public var width: Double {
        let portrait = size.portraitMillimetres
        return orientation == .portrait ? portrait.width : portrait.height
    }

    /// Height in millimetres as printed (after orientation).
    public var height: Double {
        let portrait = size.portraitMillimetres
        return orientation == .portrait ? portrait.height : portrait.width
    }

    /// The whole sheet as a rectangle.
    public var bounds: MMRect { MMRect(x: 0, y: 0, width: width, height: height) }
}
