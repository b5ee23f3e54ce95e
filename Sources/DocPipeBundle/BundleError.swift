/// A bundle could not be written, read, verified, extracted or merged.
///
/// ``message`` names the first problem found, with the member or file it concerns, e.g.
/// `checksum mismatch for raw/3f2a…: manifest says …, member has …`.
public struct BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Sendable {
        /// Reading or writing a file failed.
        case io
        /// The gzip stream is damaged or truncated.
        case gzip
        /// The tar structure is damaged or truncated.
        case tar
        /// The manifest is missing, unreadable, or disagrees with the members.
        case manifest
        /// A member's content is invalid (e.g. a line of documents.jsonl does not parse).
        case content
        /// `extract` refused an unsafe member or hit its size limit.
        case unsafe
        /// The caller used the API wrongly (members out of order, bad argument).
        case usage
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
