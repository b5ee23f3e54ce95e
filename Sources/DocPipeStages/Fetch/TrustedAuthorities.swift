internal import NIOSSL

/// Certificate authorities from a PEM file (`ca_file`), trusted for `https://` besides the
/// system's: read and checked when the pipeline loads, so a bad file is an option error.
struct TrustedAuthorities: Sendable {
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    let certificates: [NIOSSLCertificate]

    init(pemFile path: String) throws(LoadError) {
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw LoadError(description: "cannot read certificates from \(path): \(error)")
        }
        guard !certificates.isEmpty else { throw LoadError(description: "\(path) holds no PEM certificate") }
    }

    /// The client's TLS configuration: the system's trust roots plus these.
    static func clientConfiguration(adding authorities: TrustedAuthorities?) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let authorities { configuration.additionalTrustRoots = [.certificates(authorities.certificates)] }
        return configuration
    }
}
