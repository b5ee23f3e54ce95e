// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "docpipe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "docpipe", targets: ["docpipe"]),
        .library(name: "DocPipe", targets: ["DocPipe"]),
        .library(name: "DocPipeStages", targets: ["DocPipeStages"]),
        .library(name: "DocPipeBundle", targets: ["DocPipeBundle"]),
        .library(name: "DocPipeCLI", targets: ["DocPipeCLI"]),
        .library(name: "DocPipeTesting", targets: ["DocPipeTesting"]),
        .plugin(name: "LintPipelines", targets: ["LintPipelines"]),
        .plugin(name: "NewStage", targets: ["NewStage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "DocPipe",
            dependencies: [
                "CLibYAML",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "DocPipeBundle",
            dependencies: ["DocPipe", "CZlib"]
        ),
        .target(
            name: "DocPipeStages",
            dependencies: [
                "DocPipe",
                "DocPipeBundle",
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "DocPipeTesting",
            dependencies: ["DocPipe"]
        ),
        .target(
            name: "DocPipeCLI",
            dependencies: [
                "DocPipe",
                "DocPipeStages",
                "DocPipeBundle",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "docpipe",
            dependencies: ["DocPipeCLI", "DocPipeStages"]
        ),
        .plugin(
            name: "LintPipelines",
            capability: .command(
                intent: .custom(verb: "lint-pipelines", description: "Validate pipelines/*.yaml (or the given files) with docpipe validate.")
            ),
            dependencies: ["docpipe"]
        ),
        .plugin(
            name: "NewStage",
            capability: .command(
                intent: .custom(verb: "new-stage", description: "Scaffold a stage: its source, a test and a doc stub."),
                permissions: [.writeToPackageDirectory(reason: "Creates the new stage's source, test and doc files.")]
            )
        ),
        .testTarget(
            name: "DocPipeTests",
            dependencies: ["DocPipe", "DocPipeTesting"]
        ),
        .testTarget(
            name: "DocPipeStagesTests",
            dependencies: ["DocPipeStages", "DocPipe", "DocPipeTesting"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "DocPipeBundleTests",
            dependencies: ["DocPipeBundle", "DocPipe"]
        ),
        .testTarget(
            name: "DocPipeCLITests",
            dependencies: ["DocPipeCLI", "DocPipe", "docpipe"]
        ),
    ]
)

for target in package.targets where target.type != .system && target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
