import CCUPS
import Foundation

/// One connection to cupsd through libcups, speaking IPP in-process (no `lp`/`lpstat` processes).
///
/// A connection is used by one thread for one operation and closed; libcups keeps its last error
/// per thread, so concurrent jobs on other threads do not mix their answers.
final class IPPConnection {
    private let http: OpaquePointer
    /// The host name put into printer and job URIs (cupsd accepts `localhost` on its socket).
    private let uriHost: String

    /// Connects to `server` (`host[:port]` or a Unix socket path; nil: libcups's default, i.e.
    /// `$CUPS_SERVER` or the local cupsd socket). Every read and write gives up after `timeout` seconds.
    init(server: String?, timeout: Double) throws(PrintError) {
        let (host, port) = IPPConnection.hostAndPort(server)
        let milliseconds = Int32(max(1, (timeout * 1000).rounded()))
        guard let http = httpConnect2(host, port, nil, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, milliseconds, nil) else {
            throw .cupsNotRunning
        }
        self.http = http
        uriHost = host.hasPrefix("/") ? "localhost" : host
        httpSetTimeout(http, max(0.001, timeout), ccups_abort_on_timeout, nil)
    }

    deinit {
        httpClose(http)
    }

    /// The URI of a queue on this server.
    func printerURI(_ queue: String) -> String { "ipp://\(uriHost)/printers/\(queue)" }

    /// Sends `request` (consumed) to `resource` and returns the response, or nil when there was none
    /// (connection lost, timed out); the IPP status is in ``lastStatus``.
    func send(_ request: IPPMessage, to resource: String) -> IPPMessage? {
        cupsDoRequest(http, request.take(), resource).map(IPPMessage.init)
    }

    /// Sends `request` with `document` streamed as its body (never written to a file here), and
    /// returns the response; nil when the document could not be delivered or no response came.
    func send(_ request: IPPMessage, document: Data, to resource: String) -> IPPMessage? {
        // The length is the whole body: the IPP request and the document after it.
        var status = cupsSendRequest(http, request.pointer, resource, ippLength(request.pointer) + document.count)
        if status == HTTP_STATUS_CONTINUE {
            status = document.withUnsafeBytes { bytes -> http_status_t in
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) else { return HTTP_STATUS_CONTINUE }
                var offset = 0
                var result = HTTP_STATUS_CONTINUE
                // In slices, so a hung cupsd is noticed by the connection's timeout between them.
                while offset < bytes.count, result == HTTP_STATUS_CONTINUE {
                    let length = min(64 * 1024, bytes.count - offset)
                    result = cupsWriteRequestData(http, base + offset, length)
                    offset += length
                }
                return result
            }
        }
        guard status == HTTP_STATUS_CONTINUE else { return nil }
        return cupsGetResponse(http, resource).map(IPPMessage.init)
    }

    /// The IPP status of this thread's last request.
    var lastStatus: ipp_status_t { cupsLastError() }

    /// True when the last failure was the connection's timeout (no answer in time).
    var timedOut: Bool {
        let error = httpError(http)
        return error == ETIMEDOUT || error == EAGAIN || cupsLastError() == IPP_STATUS_ERROR_TIMEOUT
    }

    /// Splits `host:port`; a socket path or a bare host uses libcups's port.
    static func hostAndPort(_ server: String?) -> (String, Int32) {
        let server = server ?? String(cString: cupsServer())
        if server.hasPrefix("/") { return (server, ippPort()) }
        if let colon = server.lastIndex(of: ":"), let port = Int32(server[server.index(after: colon)...]) {
            return (String(server[..<colon]), port)
        }
        return (server, ippPort())
    }
}

/// An IPP message (request or response) owned by Swift: deleted when released, unless handed to libcups.
final class IPPMessage {
    private(set) var pointer: OpaquePointer?

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// A new request for `operation` with the standard operation attributes (charset, language) and
    /// our user name.
    convenience init(operation: ipp_op_t) {
        self.init(ippNewRequest(operation))
        add(operation: "requesting-user-name", name: String(cString: cupsUser()))
    }

    deinit {
        if let pointer { ippDelete(pointer) }
    }

    /// Gives the message to a libcups call that frees it.
    func take() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }

    /// Adds an operation attribute (`printer-uri`, `job-uri` as URIs; anything else as a name).
    func add(operation attribute: String, uri: String) {
        ippAddString(pointer, IPP_TAG_OPERATION, IPP_TAG_URI, attribute, nil, uri)
    }

    /// Adds a name-valued operation attribute.
    func add(operation attribute: String, name: String) {
        ippAddString(pointer, IPP_TAG_OPERATION, IPP_TAG_NAME, attribute, nil, name)
    }

    /// Adds an integer operation attribute (`job-id`).
    func add(operation attribute: String, integer: Int) {
        ippAddInteger(pointer, IPP_TAG_OPERATION, IPP_TAG_INTEGER, attribute, Int32(integer))
    }

    /// Adds a MIME-type operation attribute.
    func add(operation attribute: String, mimeType: String) {
        ippAddString(pointer, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, attribute, nil, mimeType)
    }

    /// Adds `requested-attributes`.
    func request(_ attributes: [String]) {
        withCStrings(attributes) { values in
            ippAddStrings(pointer, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", Int32(values.count), nil, values)
        }
    }

    /// Adds a job-template integer (`copies`).
    func add(job attribute: String, integer: Int) {
        ippAddInteger(pointer, IPP_TAG_JOB, IPP_TAG_INTEGER, attribute, Int32(integer))
    }

    /// Adds a job-template enum (`orientation-requested`).
    func add(job attribute: String, enumValue: Int) {
        ippAddInteger(pointer, IPP_TAG_JOB, IPP_TAG_ENUM, attribute, Int32(enumValue))
    }

    /// Adds a job-template keyword (`media`, `print-scaling`).
    func add(job attribute: String, keyword: String) {
        ippAddString(pointer, IPP_TAG_JOB, IPP_TAG_KEYWORD, attribute, nil, keyword)
    }

    /// The status code of a response.
    var status: ipp_status_t { ippGetStatusCode(pointer) }

    /// The first integer or enum value of `attribute`.
    func integer(_ attribute: String) -> Int? {
        guard let found = ippFindAttribute(pointer, attribute, IPP_TAG_ZERO) else { return nil }
        return Int(ippGetInteger(found, 0))
    }

    /// The first boolean value of `attribute`.
    func boolean(_ attribute: String) -> Bool? {
        guard let found = ippFindAttribute(pointer, attribute, IPP_TAG_BOOLEAN) else { return nil }
        return ippGetBoolean(found, 0) != 0
    }

    /// Every string value of `attribute` (keywords, text).
    func strings(_ attribute: String) -> [String] {
        guard let found = ippFindAttribute(pointer, attribute, IPP_TAG_ZERO) else { return [] }
        return (0..<ippGetCount(found)).compactMap { index in ippGetString(found, index, nil).map { String(cString: $0) } }
    }
}

/// Calls `body` with `strings` as a C array of C strings that live for the call.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}
