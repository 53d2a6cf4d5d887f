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

@Suite("System commands for printing: time limit and early exit")
struct CommandRunnerTests {
    @Test("output and input pass through a command that finishes in time")
    func normal() throws {
        let input = Data(repeating: UInt8(ascii: "a"), count: 300_000)
        let output = try CommandRunner.run("cat", [], input: input, timeout: 30)
        #expect(output.status == 0 && output.inputDelivered)
        #expect(output.text.utf8.count == 300_000)
    }

    @Test("a command that runs past its time limit is killed and reported as a timeout")
    func timeout() throws {
        #expect(throws: PrintError.timeout("sleep", seconds: 1)) {
            try CommandRunner.run("sleep", ["30"], timeout: 0.5)
        }
    }

    @Test("a command that stops reading its input gives EPIPE, never a SIGPIPE that ends the process")
    func earlyExit() throws {
        let input = Data(repeating: 0x25, count: 4_000_000)  // far more than a pipe buffer
        let output = try CommandRunner.run("true", [], input: input, timeout: 30)
        #expect(output.status == 0)
        #expect(!output.inputDelivered)
    }

    @Test("a CUPS server that never answers makes the printer unavailable with a timeout, not a hang")
    func hungServer() throws {
        let server = try SilentServer()
        let printer = CUPSPrinter(queue: "counter-pdf", server: "127.0.0.1:\(server.port)", commandTimeout: 1)
        #expect(printer.status() == .unavailable(.timeout("lpstat", seconds: 1)))
        #expect(throws: PrintError.timeout("lpstat", seconds: 1)) {
            try printer.submit(pdf: Data("%PDF-1.5".utf8), title: "t", copies: 1)
        }
    }
}
