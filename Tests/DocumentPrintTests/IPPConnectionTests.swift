import CCUPS
import CounterTestSupport
import Foundation
import Testing
@testable import DocumentPrint

/// A TCP port on 127.0.0.1 that accepts connections (the kernel completes them) but never answers:
/// a hung print server.
private final class SilentServer {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard socketDescriptor >= 0, bound == 0, listen(socketDescriptor, 8) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) }
        }
        descriptor = socketDescriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }
}

@Suite("IPP to cupsd (libcups), without a cupsd")
struct IPPConnectionTests {
    @Test("a CUPS server that never answers makes the printer unavailable with a timeout, not a hang")
    func hungServer() throws {
        let server = try SilentServer()
        let printer = CUPSPrinter(queue: "counter-pdf", server: "127.0.0.1:\(server.port)", commandTimeout: 1)
        #expect(printer.status() == .unavailable(.timeout("CUPS", seconds: 1)))
        #expect(throws: PrintError.timeout("CUPS", seconds: 1)) {
            try printer.submit(pdf: Data("%PDF-1.5".utf8), title: "t", copies: 1)
        }
    }

    @Test("servers are split into host and port; a socket path keeps libcups's port")
    func hostAndPort() {
        #expect(IPPConnection.hostAndPort("127.0.0.1:8631") == ("127.0.0.1", 8631))
        #expect(IPPConnection.hostAndPort("/run/cups/cups.sock").0 == "/run/cups/cups.sock")
        #expect(IPPConnection.hostAndPort("printhost").0 == "printhost")
    }

    @Test("a queue name CUPS could not have is refused before anything is sent", arguments: ["", "a b", "a/b", "a#b", "キュー", String(repeating: "q", count: 128)])
    func badQueueNames(name: String) {
        #expect(CUPSPrinter(queue: name).status() == .unavailable(.queueNotFound(name)))
    }

    @Test("IPP job states map to what the clerk needs to know")
    func jobStates() {
        #expect(PrintJobState(ippJobState: 3) == .waiting)
        #expect(PrintJobState(ippJobState: 4) == .waiting)
        #expect(PrintJobState(ippJobState: 5) == .printing)
        #expect(PrintJobState(ippJobState: 7) == .notPrinted)
        #expect(PrintJobState(ippJobState: 8) == .notPrinted)
        #expect(PrintJobState(ippJobState: 9) == .completed)
        #expect(PrintJobState(ippJobState: 42) == nil)
    }

    @Test("a printer's reason keywords become Japanese the clerk can act on")
    func reasons() {
        #expect(PrintError.queueStopped("q", reason: "media-empty-error paused").statusLabel == "停止中（用紙切れ）")
        #expect(PrintError.queueStopped("q", reason: "media-jam-error").statusLabel == "停止中（紙詰まり）")
        #expect(PrintError.queueStopped("q", reason: "marker-supply-empty-error").statusLabel == "停止中（トナー・インク）")
        #expect(PrintError.queueStopped("q", reason: "paused").statusLabel == "停止中（一時停止中）")
        #expect(PrintError.queueStopped("q", reason: "com.vendor-thing").statusLabel == "停止中")
    }
}
