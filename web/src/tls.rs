//! HTTPS for the pages (`--tls`): a self-signed certificate for the one address served,
//! and its SHA-256 fingerprint, which each partner compares on their own phone before
//! accepting it (no authority vouches for a computer at home: the fingerprint does).

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::sync::Arc;

/// How long a new certificate is valid. Apple's devices refuse server certificates valid
/// for longer than 825 days, and browsers cap public ones at 398: a year and a month
/// fits both, and the host makes a new one after a year.
pub const VALID_DAYS: i64 = 397;

/// A certificate and its private key, as PEM text (how they are kept on disk).
#[derive(Clone)]
pub struct Certificate {
    pub cert_pem: String,
    pub key_pem: String,
    der: CertificateDer<'static>,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the private key.
        write!(f, "Certificate({})", self.fingerprint())
    }
}

impl Certificate {
    /// A new self-signed certificate for `ip` (and `localhost` when it is loopback), with
    /// a new P-256 key.
    pub fn new(ip: IpAddr) -> Result<Certificate, String> {
        let mut names = vec![ip.to_string()];
        if ip.is_loopback() {
            names.push("localhost".into());
        }
        let mut params = rcgen::CertificateParams::new(names).map_err(|e| e.to_string())?;
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("Kintsugi on {ip}"));
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(VALID_DAYS);
        let key = rcgen::KeyPair::generate().map_err(|e| e.to_string())?;
        let cert = params.self_signed(&key).map_err(|e| e.to_string())?;
        Certificate::from_pem(&cert.pem(), &key.serialize_pem())
    }

    /// A certificate kept earlier; an error if either part does not read, or if the key
    /// is not the certificate's.
    pub fn from_pem(cert_pem: &str, key_pem: &str) -> Result<Certificate, String> {
        let der = CertificateDer::from_pem_slice(cert_pem.as_bytes())
            .map_err(|e| format!("the certificate does not read: {e}"))?;
        let certificate = Certificate {
            cert_pem: cert_pem.to_string(),
            key_pem: key_pem.to_string(),
            der,
        };
        certificate.server_config()?;
        Ok(certificate)
    }

    /// The SHA-256 fingerprint of the certificate, as browsers show it: the hex of each
    /// byte, in capitals, separated by colons.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.der)
    }

    /// The rustls configuration that serves this certificate: TLS 1.2 and 1.3 with ring,
    /// HTTP/2 or HTTP/1.1.
    pub(crate) fn server_config(&self) -> Result<Arc<ServerConfig>, String> {
        let key = PrivateKeyDer::from_pem_slice(self.key_pem.as_bytes())
            .map_err(|e| format!("the private key does not read: {e}"))?;
        // ring rather than aws-lc-rs: it builds anywhere with only the Rust toolchain and
        // a C compiler (no cmake, no nasm). rustls marks it deprecated for lacking
        // post-quantum key exchange, a risk far from a session on a home network.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(vec![self.der.clone()], key)
            .map_err(|e| format!("the key does not go with the certificate: {e}"))?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// The SHA-256 fingerprint of a DER certificate, as browsers show it (`AB:CD:...`).
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn a_kept_certificate_reads_back_only_with_its_own_key() {
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let one = Certificate::new(ip).unwrap();
        let again = Certificate::from_pem(&one.cert_pem, &one.key_pem).unwrap();
        assert_eq!(again.fingerprint(), one.fingerprint());
        // 32 bytes, as browsers show them.
        let fingerprint = one.fingerprint();
        assert_eq!(fingerprint.len(), 32 * 3 - 1);
        assert!(fingerprint.split(':').all(|b| {
            b.len() == 2
                && b.chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        }));
        let other = Certificate::new(ip).unwrap();
        assert_ne!(other.fingerprint(), one.fingerprint());
        let mixed = Certificate::from_pem(&one.cert_pem, &other.key_pem).unwrap_err();
        assert!(mixed.contains("does not go with"), "{mixed}");
        assert!(Certificate::from_pem("garbage", &one.key_pem).is_err());
        assert!(Certificate::from_pem(&one.cert_pem, "garbage").is_err());
        // Debug never shows the private key.
        assert!(!format!("{one:?}").contains("PRIVATE"));
    }
}
