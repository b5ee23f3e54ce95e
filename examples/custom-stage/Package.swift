// swift-tools-version:6.1
import PackageDescription

// A custom docpipe runner: the built-in stages plus `redact`, compiled in.
// It depends on the docpipe repository by path (two folders up).
let package = Package(
    name: "custom-stage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "redact-runner", targets: ["redact-runner"]),
        .library(name: "Redact", targets: ["Redact"]),
    ],
    dependencies: [
        .package(name: "docpipe", path: "../..")
    ],
    targets: [
        .target(
            name: "Redact",
            dependencies: [.product(name: "DocPipe", package: "docpipe")]
        ),
        .executableTarget(
            name: "redact-runner",
            dependencies: [
                "Redact",
                .product(name: "DocPipeCLI", package: "docpipe"),
                .product(name: "DocPipeStages", package: "docpipe"),
            ]
        ),
        .testTarget(
            name: "RedactTests",
            dependencies: [
                "Redact",
                .product(name: "DocPipe", package: "docpipe"),
                .product(name: "DocPipeTesting", package: "docpipe"),
            ]
        ),
    ]
)
