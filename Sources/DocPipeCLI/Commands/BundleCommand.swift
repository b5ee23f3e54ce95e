import ArgumentParser
import DocPipe
import DocPipeBundle
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `docpipe bundle ls|cat|verify|extract|merge`: read and check run bundles.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "List, read, verify, extract and merge run bundles.",
        subcommands: [List.self, Cat.self, Verify.self, Extract.self, Merge.self])

    /// Runs `body`, printing a ``BundleError`` as `error: …` and exiting 1.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as BundleError {
            Terminal.write("error: \(error.message)\n", to: .standardError)
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.write("error: \(error)\n", to: .standardError)
            throw ExitCode(1)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List a bundle's members, sizes, document count and themes.")

        @Argument(help: "The bundle (.tar.gz).") var bundle: String

        func run() throws {
            try BundleCommand.reporting {
                let reader = BundleReader(path: bundle)
                let members = try reader.members()
                let manifest = try? reader.manifest()
                var lines: [String] = []
                let name = members.first.map { $0.entry.path.split(separator: "/").first.map(String.init) ?? "" } ?? ""
                var heading = "bundle \(name)"
                if let manifest { heading += "  run \(manifest.runID)  pipeline \(manifest.pipelineName)" }
                lines.append(heading)
                let width = max(4, members.map { String($0.size).count }.max() ?? 0)
                for member in members where member.entry.kind != .directory {
                    lines.append("  " + String(repeating: " ", count: width - String(member.size).count) + "\(member.size)  \(member.path)")
                }
                let files = members.filter { $0.entry.kind != .directory }
                let total = files.reduce(Int64(0)) { $0 + $1.size }
                if let manifest {
                    lines.append(
                        "\(files.count) members, \(total) bytes; \(manifest.documents) documents, \(manifest.quarantined) quarantined,"
                            + " \(manifest.skipped) skipped")
                } else {
                    lines.append("\(files.count) members, \(total) bytes; no manifest.json")
                }
                if let report = try? JSONParser.parse(try reader.read(member: "report.json")),
                    let themes = report["themes"]?.objectValue, !themes.isEmpty
                {
                    let summary = themes.map { theme, counts in
                        "\(theme) \(counts["documents"]?.intValue ?? 0)"
                    }
                    lines.append("themes (documents): " + summary.joined(separator: ", "))
                }
                Terminal.write(lines.joined(separator: "\n") + "\n", to: .standardOutput)
            }
        }
    }

    struct Cat: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cat", abstract: "Write one member to standard output.",
            discussion: "MEMBER is relative to the bundle's top folder, e.g. manifest.json or raw/<id>.")

        @Argument(help: "The bundle (.tar.gz).") var bundle: String
        @Argument(help: "The member, relative to the top folder.") var member: String

        func run() throws {
            try BundleCommand.reporting {
                try BundleReader(path: bundle).stream(member: member) { chunk in
                    var offset = 0
                    while offset < chunk.count {
                        let written = write(1, chunk.baseAddress! + offset, chunk.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 { throw BundleError(.io, "cannot write to standard output") }
                        offset += written
                    }
                }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the gzip CRC, the tar structure, every member's size and SHA-256, and documents.jsonl.",
            discussion: "Exit 0 when the bundle is sound; 1 with the first problem named.")

        @Argument(help: "The bundle (.tar.gz).") var bundle: String

        func run() throws {
            try BundleCommand.reporting {
                let result = try BundleVerifier.verify(path: bundle)
                Terminal.write(
                    "ok: \(bundle): \(result.members) members match the manifest, \(result.documents) documents parse\n",
                    to: .standardOutput)
            }
        }
    }

    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract", abstract: "Extract a bundle into a folder, refusing unsafe members.",
            discussion: """
                Absolute paths, '..', symbolic and hard links, device and FIFO entries are refused (exit 1) \
                before anything is written, whatever the manifest says; extraction stops at --max-size.
                """)

        @Argument(help: "The bundle (.tar.gz).") var bundle: String
        @Argument(help: "The folder to extract into (created if missing).") var directory: String
        @Option(help: ArgumentHelp("Largest total size to extract (e.g. 500MB, 4GiB).", valueName: "size"))
        var maxSize: String = "4GiB"

        func run() throws {
            let limit: Int
            do { limit = try SizeParser.parse(maxSize) } catch {
                throw ValidationError("--max-size: \(error.message)")
            }
            try BundleCommand.reporting {
                let summary = try BundleExtractor.extract(path: bundle, into: directory, limit: Int64(limit))
                Terminal.write("extracted \(summary.files) files (\(summary.bytes) bytes) into \(directory)\n", to: .standardOutput)
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge", abstract: "Combine shard bundles of one pipeline into one verified bundle.",
            discussion: """
                Members follow the order of the BUNDLE arguments (list shards 0, 1, …), each in its own run \
                order; counts and report totals are summed. The top folder is named after OUT.
                """)

        @Argument(help: "The merged bundle to write.") var output: String
        @Argument(help: "The bundles to merge, in order.") var bundles: [String]
        @Option(help: "gzip compression level, 0–9.") var level: Int = 6

        func validate() throws {
            guard !bundles.isEmpty else { throw ValidationError("merge needs at least one BUNDLE") }
            guard (0...9).contains(level) else { throw ValidationError("--level must be 0–9") }
        }

        func run() throws {
            try BundleCommand.reporting {
                let summary = try BundleMerger.merge(inputs: bundles, output: output, level: level)
                Terminal.write(
                    "merged \(bundles.count) bundles into \(output): \(summary.documents) documents, \(summary.quarantined) quarantined\n",
                    to: .standardOutput)
            }
        }
    }
}
