//! `--devices --tls`: the pages over HTTPS. Each partner's client trusts the host's
//! certificate only by the SHA-256 fingerprint the terminal printed (as a partner who
//! compares it on the phone does), pairs, and plays; plain HTTP to the port gets no page;
//! the certificate is kept owner-only in the data folder and used again the next time.

use crate::common::kintsugi;
use crate::devices::{Host, Seat, asked, couple_host, play, secrets_host, until};
use regex::Regex;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The fingerprint the terminal printed, as browsers show it. It comes after the
/// addresses the host waits for, so it may take a moment on a busy machine.
fn printed_fingerprint(terminal: &Mutex<String>) -> String {
    let pattern = Regex::new(r"SHA-256 fingerprint:\s+((?:[0-9A-F]{2}:){31}[0-9A-F]{2})").unwrap();
    let start = Instant::now();
    loop {
        let said = terminal.lock().unwrap().clone();
        if let Some(found) = pattern.captures(&said) {
            return found[1].to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no fingerprint: {said}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn fingerprint_of(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Trusts the one certificate with this fingerprint (and checks the handshake's
/// signatures as any client does); records each certificate served.
#[derive(Debug)]
struct Pinned {
    fingerprint: String,
    served: Mutex<Vec<Vec<u8>>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.served.lock().unwrap().push(end_entity.to_vec());
        let served = fingerprint_of(end_entity);
        if served == self.fingerprint {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(format!(
                "served {served}, printed {}",
                self.fingerprint
            )))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A browser that trusts only the certificate with `fingerprint`; its verifier, to
/// see what was served.
fn pinned(fingerprint: &str, redirects: bool) -> (reqwest::blocking::Client, Arc<Pinned>) {
    #[allow(deprecated)] // ring, as the server uses
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(Pinned {
        fingerprint: fingerprint.to_string(),
        served: Mutex::new(Vec::new()),
        provider: provider.clone(),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let mut builder = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(config)
        .cookie_store(true)
        .timeout(Duration::from_secs(30));
    if !redirects {
        builder = builder.redirect(reqwest::redirect::Policy::none());
    }
    (builder.build().unwrap(), verifier)
}

#[test]
fn over_tls_partners_pair_by_the_printed_fingerprint_and_a_private_answer_stays_private() {
    let dir = tempfile::tempdir().unwrap();
    let host = secrets_host(dir.path(), &["--tls"]);
    assert!(host.base.starts_with("https://127.0.0.1:"), "{}", host.base);
    let fingerprint = printed_fingerprint(&host.terminal);
    let terminal = host.terminal.lock().unwrap().clone();
    assert!(
        terminal.contains("go on only if its SHA-256 fingerprint is this one"),
        "{terminal}"
    );
    // The pairing trades the token for a cookie that is Secure too.
    let (client, verifier) = pinned(&fingerprint, false);
    let pairing = client.get(&host.urls[0]).send().unwrap();
    assert_eq!(pairing.status(), 303);
    let cookie = pairing.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Secure"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    // What was served is the certificate whose fingerprint the terminal printed.
    let served = verifier.served.lock().unwrap().clone();
    assert!(!served.is_empty());
    assert!(served.iter().all(|der| fingerprint_of(der) == fingerprint));
    // (A clone shares the cookie store: `client` is Alex's browser too.)
    let alex = Seat::with_client(&host, client.clone());
    let sam = Seat::with_client(&host, pinned(&fingerprint, true).0);
    let path = |url: &str| url[host.base.len()..].to_string();
    assert_eq!(sam.get(&path(&host.urls[1])).status(), 200);
    // A client that pins another certificate (a machine in the middle) gets nothing.
    let other = "00:".repeat(31) + "00";
    let (stranger, _) = pinned(&other, true);
    assert!(stranger.get(format!("{}/", host.base)).send().is_err());
    // Plain HTTP to the same port: no page, no question, the connection is closed.
    let plain_url = host.base.replacen("https://", "http://", 1);
    let plain = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    for path in ["/", &path(&host.urls[1])] {
        match plain.get(format!("{plain_url}{path}")).send() {
            Err(_) => {}
            Ok(response) => {
                let body = response.text().unwrap_or_default();
                panic!("plain HTTP got an answer: {body}");
            }
        }
    }
    // A form posted from the plain-HTTP origin of the same address is not from our page.
    let question = asked(&alex.page()).expect("Alex is asked");
    let forged = client
        .post(format!("{}/answer", host.base))
        .header("Origin", &plain_url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("q={}&answer=forged", question.n))
        .send()
        .unwrap();
    assert_eq!(forged.status(), 403);
    // Alex's private answer stays on Alex's page until the reveal.
    let stream = Arc::new(Mutex::new(String::new()));
    sam.listen(stream.clone());
    let marker = "the lantern in the attic";
    alex.post(&[("q", question.n.clone()), ("answer", marker.into())]);
    crate::devices::done(&alex);
    let sams = until(&sam, |p| asked(p).is_some());
    std::thread::sleep(Duration::from_millis(300));
    for seen in [&sams, &*stream.lock().unwrap()] {
        assert!(!seen.contains(marker), "{seen}");
        assert!(!seen.contains("Only for you"), "{seen}");
    }
    assert!(stream.lock().unwrap().contains("Welcome, both."));
    let pages = play(&[(&alex, "Alex", 5), (&sam, "Sam", 5)], |pages| {
        pages.iter().all(|p| p.contains("── The end ──"))
    });
    for page in &pages {
        assert!(page.contains(marker), "{page}");
        assert!(
            page.contains("A walk together on Sunday, said Sam"),
            "{page}"
        );
    }
    host.stop();
}

/// Where a saved run keeps the certificate for loopback.
fn kept(data: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = data.join("tls");
    (dir.join("127.0.0.1.crt"), dir.join("127.0.0.1.key"))
}

fn saved_tls_host(data: &Path) -> (Host, String) {
    let host = couple_host(data, "check-in", &["--tls"]);
    let fingerprint = printed_fingerprint(&host.terminal);
    // The certificate served is the one printed.
    let (client, verifier) = pinned(&fingerprint, true);
    let stranger = Seat::with_client(&host, client);
    assert_eq!(stranger.get("/").status(), 403);
    let served = verifier.served.lock().unwrap().clone();
    assert_eq!(fingerprint_of(&served[0]), fingerprint);
    (host, fingerprint)
}

#[test]
fn the_certificate_is_kept_owner_only_and_the_next_evening_it_is_the_same() {
    let data = tempfile::tempdir().unwrap();
    let (host, first) = saved_tls_host(data.path());
    host.kill();
    let (cert, key) = kept(data.path());
    let cert_pem = std::fs::read_to_string(&cert).unwrap();
    assert!(
        cert_pem.starts_with("-----BEGIN CERTIFICATE-----"),
        "{cert_pem}"
    );
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .contains("PRIVATE KEY")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&key), 0o600, "the private key is its owner's alone");
        assert_eq!(mode(&cert), 0o600);
        assert_eq!(mode(&data.path().join("tls")), 0o700);
    }
    // The next run serves the same certificate: a phone sees the fingerprint it checked.
    let (host, second) = saved_tls_host(data.path());
    assert_eq!(second, first);
    host.kill();
    assert_eq!(std::fs::read_to_string(&cert).unwrap(), cert_pem);
    // A kept certificate that no longer reads is replaced, and the terminal says so.
    std::fs::write(&cert, "not a certificate").unwrap();
    let (host, third) = saved_tls_host(data.path());
    assert_ne!(third, first);
    let terminal = host.terminal.lock().unwrap().clone();
    assert!(terminal.contains("could not be used"), "{terminal}");
    host.kill();
    assert!(
        std::fs::read_to_string(&cert)
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    // A year on, it is replaced before it runs out (it is valid for 397 days).
    let year_ago = std::time::SystemTime::now() - Duration::from_secs(366 * 24 * 60 * 60);
    std::fs::File::options()
        .write(true)
        .open(&cert)
        .unwrap()
        .set_modified(year_ago)
        .unwrap();
    let (host, fourth) = saved_tls_host(data.path());
    assert_ne!(fourth, third);
    let terminal = host.terminal.lock().unwrap().clone();
    assert!(terminal.contains("is a year old"), "{terminal}");
    host.kill();
    // The new one is kept in its place.
    assert!(
        std::fs::metadata(&cert).unwrap().modified().unwrap()
            > std::time::SystemTime::now() - Duration::from_secs(3600)
    );
}

#[test]
fn with_no_save_the_certificate_lives_in_memory_only() {
    let data = tempfile::tempdir().unwrap();
    let host = couple_host(data.path(), "check-in", &["--no-save", "--tls"]);
    let fingerprint = printed_fingerprint(&host.terminal);
    let (client, _) = pinned(&fingerprint, true);
    assert_eq!(Seat::with_client(&host, client).get("/").status(), 403);
    host.kill();
    assert!(!data.path().join("tls").exists());
}

#[test]
fn tls_is_asked_with_devices_only() {
    let out = kintsugi()
        .args([
            "run",
            "check-in",
            "--author",
            "--names",
            "first=A,second=B",
            "--tls",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("--devices"), "{said}");
}
