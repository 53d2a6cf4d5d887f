import Testing

/// Every test that uses the vpcd virtual readers lives in a suite nested in one of these two, so no two tests
/// ever share a reader. Each suite is serialized and owns one vpcd device of two readers
/// (``VirtualReaderPair``); the two suites run side by side (`scripts/start-pcscd.sh` gives pcscd both devices).
@Suite(.serialized, .virtualReaders(.first)) struct VirtualReaderSuite {}

/// The suite of the second vpcd device (readers "Virtual PCD B 00 00" and "Virtual PCD B 00 01").
@Suite(.serialized, .virtualReaders(.second)) struct SecondVirtualReaderSuite {}

/// One vpcd device: two readers, each served on its own port by `mynumber-card-sim serve --port`.
struct VirtualReaderPair: Sendable {
    /// A reader of the device and the port its card is served on.
    struct Reader: Sendable {
        let port: UInt16
        let name: String
    }

    let first: Reader
    let second: Reader
    /// Held by each test of the pair's suite, and by ``withEveryReader(_:)`` for a test that must see every reader.
    fileprivate let gate: AsyncGate

    /// The device of `/etc/reader.conf.d/vpcd` (port 0x8C7B).
    static let first = VirtualReaderPair(first: Reader(port: 35963, name: "Virtual PCD 00 00"),
                                         second: Reader(port: 35964, name: "Virtual PCD 00 01"), gate: AsyncGate())
    /// The device `scripts/start-pcscd.sh` adds (port 0x8C7D).
    static let second = VirtualReaderPair(first: Reader(port: 35965, name: "Virtual PCD B 00 00"),
                                          second: Reader(port: 35966, name: "Virtual PCD B 00 01"), gate: AsyncGate())

    /// The pair of the suite the running test belongs to.
    @TaskLocal static var current = VirtualReaderPair.first

    /// Runs `body` while no test of the other suite runs (for a test that looks at every reader's state).
    static func withEveryReader<T>(_ body: () throws -> T) async throws -> T {
        let others = [first, second].filter { $0.gate !== current.gate }
        for pair in others { await pair.gate.enter() }
        let result = Result { try body() }
        for pair in others { await pair.gate.leave() }
        return try result.get()
    }
}

/// A first-come, first-served lock for async code (a test waits without holding a thread's lock).
actor AsyncGate {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !held { held = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}

/// Gives each test of a suite its ``VirtualReaderPair``, holding the pair's gate while it runs.
struct VirtualReadersTrait: SuiteTrait, TestTrait, TestScoping {
    let pair: VirtualReaderPair
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await VirtualReaderPair.$current.withValue(pair) { try await function() } }
        await pair.gate.enter()
        do {
            try await VirtualReaderPair.$current.withValue(pair) { try await function() }
        } catch {
            await pair.gate.leave()
            throw error
        }
        await pair.gate.leave()
    }
}

extension Trait where Self == VirtualReadersTrait {
    /// The tests of this suite use `pair`'s readers.
    static func virtualReaders(_ pair: VirtualReaderPair) -> Self { VirtualReadersTrait(pair: pair) }
}
