// swift-tools-version: 6.1
// Measuring tools, a package of their own beside the product so they never enter its default build or
// `make test`. Run them with `make bench` (release build).
import PackageDescription

let package = Package(
    name: "counter-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "counter", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "form-render-bench",
            dependencies: [
                .product(name: "CounterCore", package: "counter"),
                .product(name: "DocumentPrint", package: "counter"),
                .product(name: "FormPreprint", package: "counter"),
            ]),
        .executableTarget(
            name: "journal-bench",
            dependencies: [
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterService", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
            ]),
        .executableTarget(
            name: "ledger-bench",
            dependencies: [
                .product(name: "CashlessLedger", package: "counter"),
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterService", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
            ]),
        .executableTarget(
            name: "fuzz",
            dependencies: [
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterFuzzing", package: "counter"),
            ]),
        .executableTarget(
            name: "certificate-bench",
            dependencies: [
                .product(name: "CashlessLedger", package: "counter"),
                .product(name: "CertificateIssue", package: "counter"),
                .product(name: "CertificateSeal", package: "counter"),
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterService", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
                .product(name: "DocumentPrint", package: "counter"),
            ]),
        .executableTarget(
            name: "registry-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "CertificateIssue", package: "counter"),
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
            ]),
        // What several benchmarks share: the synthetic residents.
        .target(name: "BenchSupport", dependencies: [.product(name: "CounterCore", package: "counter")]),
        .executableTarget(
            name: "city-registry-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "CertificateIssue", package: "counter"),
                .product(name: "CounterCity", package: "counter"),
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
            ]),
        .executableTarget(
            name: "ui-bench",
            dependencies: [
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterService", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
                .product(name: "CounterTUI", package: "counter"),
                .product(name: "DocumentPrint", package: "counter"),
                .product(name: "FormPreprint", package: "counter"),
                .product(name: "MyNumberCardSim", package: "counter"),
                .product(name: "MyNumberReader", package: "counter"),
            ]),
        .executableTarget(
            name: "kiosk-bench",
            dependencies: [
                .product(name: "CashlessLedger", package: "counter"),
                .product(name: "CertificateIssue", package: "counter"),
                .product(name: "CertificateSeal", package: "counter"),
                .product(name: "CounterCore", package: "counter"),
                .product(name: "CounterService", package: "counter"),
                .product(name: "CounterStore", package: "counter"),
                .product(name: "CounterTUI", package: "counter"),
                .product(name: "DocumentPrint", package: "counter"),
                .product(name: "FormPreprint", package: "counter"),
                .product(name: "MyNumberCardSim", package: "counter"),
                .product(name: "MyNumberReader", package: "counter"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
