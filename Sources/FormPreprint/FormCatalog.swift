import CounterCore
import Foundation

/// Every valid form revision in `seeds/forms`, the files refused, and the choice of the revision in force on a day.
public struct FormCatalog: Sendable {
    /// All valid revisions of all forms, sorted by id then revision.
    public let layouts: [FormLayout]
    /// The era table the layouts were checked against (and that the renderer uses).
    public let eras: EraTable
    /// One error per refused layout file (invalid, or claiming a revision another file claims), in file order.
    /// Their forms are not offered; everything else still works.
    public let refused: [SeedError]

    /// Loads `eras.json` and every `forms/*.json`, keeping the valid layouts and listing the refused files
    /// in ``refused``. Throws only when the era table or the forms folder cannot be read.
    public init(seeds: SeedDirectory) throws {
        let eras = try EraTable(seeds: seeds)
        let folder = seeds.file("forms")
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw SeedError(file: folder.path, problem: "帳票フォルダを読めません")
        }
        var loaded: [(file: URL, layout: FormLayout)] = []
        var refused: [SeedError] = []
        for file in files {
            do {
                loaded.append((file, try FormCatalog.loadLayout(file: file, eras: eras)))
            } catch let error as SeedError {
                refused.append(error)
            } catch {
                refused.append(SeedError(file: file.path, problem: "読めません"))
            }
        }
        // Two files claiming the same revision: neither can be trusted to be the form in force.
        let claims = Dictionary(grouping: loaded) { FormCatalog.key($0.layout) }
        for (file, layout) in loaded where claims[FormCatalog.key(layout)]!.count > 1 {
            refused.append(SeedError(file: file.path, entry: layout.id, field: "revision",
                                     problem: "改訂 \(layout.revision) が別のファイルにもあります"))
        }
        self.layouts = loaded.map(\.layout).filter { claims[FormCatalog.key($0)]!.count == 1 }
            .sorted { ($0.id, $0.revision) < ($1.id, $1.revision) }
        self.eras = eras
        self.refused = refused
    }

    /// Builds a catalog from layouts already loaded; rejects two layouts with the same id and revision.
    public init(layouts: [FormLayout], eras: EraTable) throws {
        var seen = Set<String>()
        for layout in layouts where !seen.insert(FormCatalog.key(layout)).inserted {
            throw SeedError(file: "forms/", entry: layout.id, field: "revision", problem: "改訂 \(layout.revision) が2つのファイルにあります")
        }
        self.layouts = layouts.sorted { ($0.id, $0.revision) < ($1.id, $1.revision) }
        self.eras = eras
        self.refused = []
    }

    private static func key(_ layout: FormLayout) -> String { "\(layout.id)#\(layout.revision)" }

    /// Reads and validates one layout file; errors name the file, the entry and the field.
    public static func loadLayout(file: URL, eras: EraTable) throws -> FormLayout {
        let layout = try SeedDirectory.decode(FormLayout.self, from: file)
        try layout.validate(file: file.path, eras: eras)
        return layout
    }

    /// Decodes and validates a layout already in memory; `name` is used in error messages.
    public static func loadLayout(data: Data, named name: String, eras: EraTable) throws(SeedError) -> FormLayout {
        let layout: FormLayout
        do {
            layout = try SeedDirectory.decode(FormLayout.self, from: data, named: name)
        } catch let error as SeedError {
            throw error
        } catch {
            throw SeedError(file: name, problem: "JSON として読めません")
        }
        try layout.validate(file: name, eras: eras)
        return layout
    }

    /// The forms in force on `date`: for each id, the newest revision whose `validFrom` is not after it.
    public func forms(on date: CalendarDate) -> [FormLayout] {
        var newest: [String: FormLayout] = [:]
        for layout in layouts where layout.validFrom <= date {
            if let current = newest[layout.id], current.revision > layout.revision { continue }
            newest[layout.id] = layout
        }
        return newest.values.sorted { $0.id < $1.id }
    }

    /// The revision of form `id` in force on `date`.
    public func form(id: String, on date: CalendarDate) throws(PreprintError) -> FormLayout {
        guard let layout = forms(on: date).first(where: { $0.id == id }) else { throw .unknownForm(id) }
        return layout
    }
}
