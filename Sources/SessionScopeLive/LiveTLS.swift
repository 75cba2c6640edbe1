import Foundation
import NIOSSL

/// `--tls CERT KEY` (live-mode.md, "Command"): the balancer serves HTTPS with this
/// certificate; the built-in browsers speak TLS to it too (they trust the cluster's own
/// certificate, as a student clicking through a self-signed warning does). nginx and
/// HAProxy get the same certificate and key in their private directory.
public struct LiveTLS: @unchecked Sendable {
    /// The certificate chain and the private key, as PEM text.
    public let certificatePEM: String
    public let keyPEM: String
    let server: NIOSSLContext
    let client: NIOSSLContext

    /// Reads PEM files; a file that cannot be read or is not PEM is a usage error naming it.
    public static func load(certificate: String, key: String) throws -> LiveTLS {
        func read(_ path: String, _ what: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw LiveError(message: "--tls: cannot read the \(what) file '\(path)'", isUsage: true)
            }
            return text
        }
        return try LiveTLS(
            certificatePEM: read(certificate, "certificate"), keyPEM: read(key, "key"), certificatePath: certificate,
            keyPath: key)
    }

    /// From PEM text; `certificatePath` and `keyPath` only name them in messages.
    init(certificatePEM: String, keyPEM: String, certificatePath: String, keyPath: String) throws {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw LiveError(message: "--tls: '\(certificatePath)' holds no PEM certificate (\(error))", isUsage: true)
        }
        guard !chain.isEmpty else {
            throw LiveError(message: "--tls: '\(certificatePath)' holds no PEM certificate", isUsage: true)
        }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem) } catch {
            throw LiveError(message: "--tls: '\(keyPath)' holds no PEM private key (\(error))", isUsage: true)
        }
        let serverConfiguration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        var clientConfiguration = TLSConfiguration.makeClientConfiguration()
        clientConfiguration.certificateVerification = .none
        do {
            server = try NIOSSLContext(configuration: serverConfiguration)
            client = try NIOSSLContext(configuration: clientConfiguration)
        } catch {
            throw LiveError(
                message: "--tls: the certificate '\(certificatePath)' and the key '\(keyPath)' do not go together "
                    + "(\(error))",
                isUsage: true)
        }
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }
}

extension LiveTLS {
    /// A self-signed certificate for `127.0.0.1` and `localhost`, made by the `openssl`
    /// program (Debian `openssl`) in a private temporary directory that is removed before
    /// this returns: the certificate and key live on in memory only. For `--tls self-signed`
    /// and `check --live` on scenarios with `https=on` or `secure=on`.
    public static func selfSigned() throws -> LiveTLS {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let directory = "\(base)/sessionscope-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LiveError(message: "--tls self-signed: cannot create \(directory): \(error)", isUsage: false)
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let program = ["/usr/bin/openssl", "/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let program else {
            throw LiveError(
                message: "--tls self-signed needs the openssl program (Debian package openssl); or give --tls CERT KEY",
                isUsage: true)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", certificate, "-days", "7", "-subj", "/CN=sessionscope live",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw LiveError(message: "--tls self-signed: cannot run \(program): \(error)", isUsage: false)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LiveError(
                message: "--tls self-signed: openssl failed (exit \(process.terminationStatus))", isUsage: false)
        }
        return try load(certificate: certificate, key: key)
    }
}
