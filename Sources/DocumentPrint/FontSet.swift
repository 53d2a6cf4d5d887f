import CPangoCairo
import Foundation

/// The form fonts (IPAmj明朝, then IPAex明朝) in a private fontconfig configuration.
///
/// Only these fonts are visible to the layouts, so a character neither font covers becomes an
/// unknown glyph (reported as ``DocumentPrintError/missingGlyphs(_:)``) instead of being drawn in
/// whatever other font the system happens to have.
public final class FontSet: @unchecked Sendable {
    /// Family names tried in order: the MJ-character font, then the IPAex fallback.
    public static let preferredFamilies = ["IPAmj明朝", "IPAex明朝"]

    /// The shared font set, resolved on first use.
    public static func shared() throws(DocumentPrintError) -> FontSet {
        try sharedResult.get()
    }

    private static let sharedResult: Result<FontSet, DocumentPrintError> = Result { () throws(DocumentPrintError) in
        try FontSet(families: preferredFamilies)
    }

    /// Families found, in order of preference (the first one is the default family).
    public let families: [String]
    /// Font files loaded, in the same order.
    public let files: [String]
    /// The variation sequences each file maps, in the same order.
    private let variations: [VariationSequenceTable]

    let fontMap: UnsafeMutablePointer<PangoFontMap>
    private let config: OpaquePointer
    private let lock = NSLock()

    /// Loads the first installed families of `families` into a private fontconfig configuration.
    public init(families wanted: [String]) throws(DocumentPrintError) {
        var found: [(family: String, file: String)] = []
        for family in wanted {
            if let file = FontSet.installedFile(family: family) { found.append((family, file)) }
        }
        guard !found.isEmpty, let config = FcConfigCreate() else { throw .formFontNotInstalled }
        for entry in found {
            _ = entry.file.withCString { path in
                path.withMemoryRebound(to: FcChar8.self, capacity: entry.file.utf8.count + 1) {
                    FcConfigAppFontAddFile(config, $0)
                }
            }
        }
        let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)!
        pango_fc_font_map_set_config(OpaquePointer(map), config)
        self.config = config
        self.fontMap = map
        self.families = found.map(\.family)
        self.files = found.map(\.file)
        self.variations = found.map { VariationSequenceTable(fontFile: $0.file) }
    }

    deinit {
        g_object_unref(fontMap)
        FcConfigDestroy(config)
    }

    /// The Pango family list, e.g. `IPAmj明朝,IPAex明朝`.
    var familyList: String { families.joined(separator: ",") }

    /// Runs `body` while holding this font set's lock: Pango font maps are not safe to share between threads.
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The first family (index into ``families``) that maps the ideographic variation sequence, or nil.
    func familyIndex(base: Unicode.Scalar, selector: Unicode.Scalar) -> Int? {
        variations.firstIndex { $0.contains(base: base, selector: selector) }
    }

    /// True when one of the loaded font files has a glyph for `scalar` in its character map.
    func covers(_ scalar: Unicode.Scalar) -> Bool {
        guard let fonts = FcConfigGetFonts(config, FcSetApplication) else { return false }
        for index in 0..<Int(fonts.pointee.nfont) {
            var charset: OpaquePointer?
            guard FcPatternGetCharSet(fonts.pointee.fonts[index], "charset", 0, &charset) == FcResultMatch,
                  let charset else { continue }
            if FcCharSetHasChar(charset, scalar.value) != 0 { return true }
        }
        return false
    }

    /// The file of an installed font whose family (in any language) is `family`, from the system fontconfig.
    static func installedFile(family: String) -> String? {
        guard FcInit() != 0, let pattern = FcPatternCreate(), let objects = FcObjectSetCreate() else { return nil }
        defer {
            FcPatternDestroy(pattern)
            FcObjectSetDestroy(objects)
        }
        _ = family.withCString { name in
            name.withMemoryRebound(to: FcChar8.self, capacity: family.utf8.count + 1) {
                FcPatternAddString(pattern, "family", $0)
            }
        }
        _ = FcObjectSetAdd(objects, "file")
        guard let list = FcFontList(nil, pattern, objects) else { return nil }
        defer { FcFontSetDestroy(list) }
        for index in 0..<Int(list.pointee.nfont) {
            var file: UnsafeMutablePointer<FcChar8>?
            if FcPatternGetString(list.pointee.fonts[index], "file", 0, &file) == FcResultMatch, let file {
                let path = String(cString: file)
                if path.hasSuffix(".ttf") || path.hasSuffix(".otf") { return path }
            }
        }
        return nil
    }
}
