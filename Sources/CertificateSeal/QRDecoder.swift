import CZBar
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A grayscale raster: row-major bytes, 0 black … 255 white.
public struct GrayImage: Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width * height` gray levels.
    public let pixels: [UInt8]

    /// An image from its pixels (`pixels.count` must be `width * height`).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "one byte per pixel")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Reads a binary PGM (`P5`, 8-bit), as `pdftoppm -gray` writes it.
    public init(pgm data: Data) throws(QRError) {
        let bytes = [UInt8](data)
        var index = 0
        func token() -> String? {
            // Whitespace and `#` comments separate the header's tokens.
            while index < bytes.count {
                if bytes[index] == 0x23 {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                } else {
                    break
                }
            }
            let start = index
            while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return start < index ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }
        guard token() == "P5", let width = token().flatMap(Int.init), let height = token().flatMap(Int.init),
              token() == "255", width > 0, height > 0, width <= 20_000, height <= 20_000 else { throw .badImage }
        index += 1 // the single whitespace after maxval
        guard bytes.count - index >= width * height else { throw .badImage }
        self.init(width: width, height: height, pixels: Array(bytes[index..<index + width * height]))
    }
}

/// Reads QR codes back with libzbar's C API, from a raster or from every page of a PDF.
public enum QRDecoder {
    /// The texts of every QR code zbar finds in `image`, top to bottom as zbar reports them.
    public static func decode(_ image: GrayImage) -> [String] {
        guard let scanner = zbar_image_scanner_create() else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        // The bytes as encoded: no guessing of a text encoding by zbar.
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
        guard let zimage = zbar_image_create() else { return [] }
        defer { zbar_image_destroy(zimage) }
        let y800 = UInt(UInt8(ascii: "Y")) | UInt(UInt8(ascii: "8")) << 8 | UInt(UInt8(ascii: "0")) << 16 | UInt(UInt8(ascii: "0")) << 24
        zbar_image_set_format(zimage, y800)
        zbar_image_set_size(zimage, UInt32(image.width), UInt32(image.height))
        return image.pixels.withUnsafeBufferPointer { buffer in
            zbar_image_set_data(zimage, buffer.baseAddress, UInt(buffer.count), nil)
            defer { zbar_image_set_data(zimage, nil, 0, nil) }
            guard zbar_scan_image(scanner, zimage) > 0 else { return [] }
            var texts: [String] = []
            var symbol = zbar_image_first_symbol(zimage)
            while let current = symbol {
                if zbar_symbol_get_type(current) == ZBAR_QRCODE, let data = zbar_symbol_get_data(current) {
                    let length = Int(zbar_symbol_get_data_length(current))
                    texts.append(data.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
                        String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
                    })
                }
                symbol = zbar_symbol_next(current)
            }
            return texts
        }
    }

    /// The QR texts of every page of the PDF at `file`, page by page (an empty list for a page without one).
    ///
    /// The pages are rasterized by poppler-utils' `pdftoppm -gray -r <resolution>` into a private temporary
    /// folder (mode 0700, removed afterwards) and each PGM is given to ``decode(_:)``.
    public static func decodePDF(at file: URL, resolution: Int = 300) throws(QRError) -> [[String]] {
        var pages: [[String]] = []
        for page in try PageRaster.pages(of: file, resolution: resolution) {
            pages.append(decode(try GrayImage(pgm: page)))
        }
        return pages
    }
}

/// Rasterizes a PDF's pages with `pdftoppm` (posix_spawn + waitpid: no SIGCHLD handler, no Foundation.Process).
enum PageRaster {
    /// The binary PGM of each page, in page order.
    static func pages(of file: URL, resolution: Int) throws(QRError) -> [Data] {
        guard FileManager.default.isReadableFile(atPath: file.path) else { throw .rasterizeFailed("ファイルを読めません") }
        guard let tool = locate("pdftoppm") else { throw .rasterizeFailed("pdftoppm がありません") }
        var template = Array((NSTemporaryDirectory() + "/counter-seal-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .rasterizeFailed("一時フォルダを作れません") }
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let status = run(tool, ["-gray", "-r", String(resolution), file.path, folder + "/page"])
        guard status == 0 else { throw .rasterizeFailed("pdftoppm の終了コード \(status)") }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("page-") && $0.hasSuffix(".pgm") }
        // page-1.pgm … or page-01.pgm …: order by the number, not by the text.
        let ordered = names.compactMap { name -> (Int, String)? in
            let digits = name.dropFirst("page-".count).dropLast(".pgm".count)
            return Int(digits).map { ($0, name) }
        }.sorted { $0.0 < $1.0 }
        guard !ordered.isEmpty else { throw .rasterizeFailed("ページがありません") }
        var pages: [Data] = []
        for (_, name) in ordered {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { throw .badImage }
            pages.append(data)
        }
        return pages
    }

    /// The first executable `name` on PATH, else in /usr/bin.
    static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
            let candidate = folder + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `tool arguments…` with standard input, output and error on /dev/null; its exit status (-1 if it did not run).
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        guard posix_spawn(&pid, tool, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    }
}
