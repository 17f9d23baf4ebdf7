// swift-tools-version: 6.1
import PackageDescription

/// Upcoming features the whole package is held to (issue #3).
let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Firewatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "firewatch", targets: ["MonitorDaemon"]),
        .library(name: "PanelProtocol", targets: ["PanelProtocol"]),
        .library(name: "Alerting", targets: ["Alerting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Pure: bytes in, typed values out. No I/O, no clock.
        .target(name: "PanelProtocol", swiftSettings: strictness),
        // Pure domain logic: events + time in, incidents and notices out.
        .target(name: "Alerting", dependencies: ["PanelProtocol"], swiftSettings: strictness),
        // libmosquitto, wrapped the way GRDB wraps SQLite.
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .target(
            name: "MosquittoClient",
            dependencies: [
                "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // The thin I/O shell: MQTT, SQLite, HTTP and the console, config, signals, systemd, CLI.
        .executableTarget(
            name: "MonitorDaemon",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                "PanelProtocol",
                "Alerting",
                "MosquittoClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictness
        ),
        // Release-mode benchmark of the codec (prints figures; never a timed test).
        .executableTarget(
            name: "ProtocolBenchmark",
            dependencies: ["PanelProtocol"],
            swiftSettings: strictness
        ),
        // What the broker benchmarks share: /proc sampling, the daemon as a child process, the clock,
        // simulated gateways, percentiles and printing.
        .target(
            name: "BenchmarkSupport",
            dependencies: ["PanelProtocol", "MosquittoClient", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictness
        ),
        // Release-mode benchmark of the ingest path through a real broker (prints figures).
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "PanelProtocol",
                "MosquittoClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // Release-mode benchmark of the alerting path under a fault storm (prints figures).
        .executableTarget(
            name: "AlertingBenchmark",
            dependencies: [
                "BenchmarkSupport",
                "PanelProtocol",
                "MosquittoClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "PanelProtocolTests",
            dependencies: ["PanelProtocol"],
            resources: [.copy("Vectors")],
            swiftSettings: strictness
        ),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting"], swiftSettings: strictness),
        .testTarget(
            name: "MosquittoClientTests",
            dependencies: ["MosquittoClient", "BrokerHarness"],
            swiftSettings: strictness
        ),
        // Starts a real mosquitto on 127.0.0.1 and a free port for integration tests.
        .target(
            name: "BrokerHarness",
            path: "Tests/BrokerHarness",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "MonitorDaemonTests",
            dependencies: [
                "MonitorDaemon", "PanelProtocol", "Alerting", "MosquittoClient", "BrokerHarness",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictness
        ),
    ],
    swiftLanguageModes: [.v6]
)
