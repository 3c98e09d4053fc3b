//! `--devices`: the partners answer on their own phones or tablets, served by
//! `kintsugi-web` from this computer. The conversation is the REPL's, unchanged: its
//! screen is written to the room (each seat's page gets what the screen shows while it
//! is theirs or shared) and its answers come from the pages. The terminal shows the QR
//! codes, then serves as the shared screen.

use crate::args::DevicesArgs;
use crate::store::Store;
use crate::terminal::Input;
use indexmap::IndexMap;
use kintsugi_web::{Certificate, Room};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// The address to serve on: loopback unless one is chosen, never every interface.
fn address(args: &DevicesArgs) -> anyhow::Result<SocketAddr> {
    let Some(bind) = &args.bind else {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0));
    };
    let addr = bind
        .parse::<SocketAddr>()
        .or_else(|_| bind.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 0)))
        .map_err(|_| {
            anyhow::anyhow!(
                "--bind {bind}: give one of this computer's addresses, such as 192.168.1.20 or 192.168.1.20:8080"
            )
        })?;
    if addr.ip().is_unspecified() {
        anyhow::bail!(
            "--bind {bind} would serve every network this computer is on; give the one address of your home network (such as 192.168.1.20)"
        );
    }
    Ok(addr)
}

/// A kept certificate older than this is replaced (it is valid for
/// `kintsugi_web::VALID_DAYS`, a little longer).
const RENEW_AFTER: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// The certificate for serving on `ip` with `--tls`: the one kept in the data folder
/// (`tls/IP.crt` and `tls/IP.key`, owner-only), so that a phone that compared its
/// fingerprint once sees the same one the next evening; or a new one, kept there unless
/// nothing is saved (`data` is `None`: it lives in memory only).
fn certificate(
    data: Option<&Path>,
    ip: IpAddr,
    out: &mut dyn Write,
) -> anyhow::Result<Certificate> {
    let new =
        || Certificate::new(ip).map_err(|e| anyhow::anyhow!("cannot make a certificate: {e}"));
    let Some(data) = data else {
        return new();
    };
    // `::1` is no file name everywhere.
    let stem = ip.to_string().replace(':', "-");
    let (cert, key) = (
        data.join("tls").join(format!("{stem}.crt")),
        data.join("tls").join(format!("{stem}.key")),
    );
    if let (Ok(cert_pem), Ok(key_pem)) = (
        std::fs::read_to_string(&cert),
        std::fs::read_to_string(&key),
    ) {
        let age = std::fs::metadata(&cert)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| crate::store::clock().duration_since(t).ok())
            .unwrap_or_default();
        match Certificate::from_pem(&cert_pem, &key_pem) {
            Ok(kept) if age < RENEW_AFTER => return Ok(kept),
            Ok(_) => writeln!(
                out,
                "The certificate kept in {} is a year old: here is a new one, with a new fingerprint.",
                cert.display()
            )?,
            Err(e) => writeln!(
                out,
                "The certificate kept in {} could not be used ({e}): here is a new one, with a new fingerprint.",
                cert.display()
            )?,
        }
    }
    let made = new()?;
    crate::store::write_private(&key, &made.key_pem)?;
    crate::store::write_private(&cert, &made.cert_pem)?;
    Ok(made)
}

/// Runs `sitting` with the partners on their devices: serves their pages, shows a QR
/// code per partner, hands `sitting` the devices' input and the shared screen, and when
/// it is over keeps the pages up until Enter (or the end of standard input), so that
/// both can read how it ended.
pub fn host(
    store: &Store,
    args: &DevicesArgs,
    title: &str,
    names: &IndexMap<String, String>,
    out: &mut dyn Write,
    sitting: impl FnOnce(Input, &mut dyn Write) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let addr = address(args)?;
    let names: Vec<String> = names.values().cloned().collect();
    let room = Arc::new(Room::new(title, &names));
    let certificate = match args.tls {
        true => Some(certificate(store.data_dir().as_deref(), addr.ip(), out)?),
        false => None,
    };
    let server = kintsugi_web::start(room.clone(), addr, certificate.as_ref())
        .map_err(|e| anyhow::anyhow!("cannot serve the pages on {addr}: {e}"))?;
    writeln!(
        out,
        "\n{}",
        crate::terminal::wrap(
            "Each of you answers on your own phone or tablet, on this network only. Scan your code, or type its address:",
            "",
            ""
        )
    )?;
    for (name, token) in room.tokens() {
        let url = server.pairing_url(&token);
        writeln!(out, "\n{name}:\n{}\n  {url}", kintsugi_web::qr(&url))?;
    }
    if let Some(certificate) = &certificate {
        writeln!(
            out,
            "\nThe pages are encrypted (HTTPS) with a certificate made on this computer. Its SHA-256 fingerprint:\n  {}\n\
             Your browser will warn that it does not know this certificate: open the warning's details (or the certificate's) and go on only if its SHA-256 fingerprint is this one.",
            certificate.fingerprint()
        )?;
    }
    writeln!(
        out,
        "\nEach code works once, for one device. This screen shows what you both may see. If a device loses its page, type :pair and the partner's name here (such as :pair {}) for a new code: the old device is then refused.\n",
        names[0]
    )?;
    out.flush()?;
    let finished = terminal(room.clone(), server.pairing_url(""));
    crate::terminal::pages_wrap();
    let code = {
        let mut screen = Screen {
            room: room.clone(),
            terminal: &mut *out,
        };
        sitting(Input::devices(room.clone()), &mut screen)
    };
    room.end();
    writeln!(out, "\nThe pages stay open until you press Enter here.")?;
    out.flush()?;
    // A line after the end, or the end of input.
    let _ = finished.recv();
    drop(server);
    code
}

/// Reads the terminal while the partners answer on their devices, on a thread of its
/// own: `:pair NAME` shows a new code for that partner's seat (a device that lost its
/// cookie pairs again, and the old one is refused from then on; whoever is at this
/// terminal could scan the first codes too, so this gives nothing more away). After the
/// sitting, any line, or the end of input, is sent on the channel returned: the host
/// then closes the pages.
fn terminal(room: Arc<Room>, pairing: String) -> std::sync::mpsc::Receiver<()> {
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // What the host shows, through the door that escapes it and breaks its lines
        // at words, as everything else.
        use std::io::IsTerminal;
        let mut out = crate::shown::Shown::new(crate::terminal::Wrapped::new(
            std::io::stdout(),
            std::io::stdout().is_terminal(),
        ));
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            let said = match line.trim().strip_prefix(":pair") {
                Some(name) => match room.seat_named(name) {
                    Some(seat) => {
                        let url = format!("{pairing}{}", room.repair(seat));
                        format!(
                            "\nA new code for {}'s device (the old one is refused from now on):\n{}\n  {url}\n",
                            room.names()[seat],
                            kintsugi_web::qr(&url)
                        )
                    }
                    None => format!(
                        "\nWhose device? Type :pair and a name: {}.\n",
                        room.names().join(" or ")
                    ),
                },
                None if room.ended() => break,
                None => "\nThe answers are given on your devices. Here you can type :pair and a name for a new code for a device that lost its page.\n".to_string(),
            };
            let _ = out.write_all(said.as_bytes()).and_then(|()| out.flush());
        }
        let _ = done.send(());
    });
    finished
}

/// The shared screen on the devices: everything goes to the room (which gives it to
/// the seat holding the screen, or to both), and what both may see to the terminal too.
struct Screen<'a> {
    room: Arc<Room>,
    terminal: &'a mut dyn Write,
}

impl Write for Screen<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.room.write(buf);
        if self.room.holder().is_none() {
            self.terminal.write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.terminal.flush()
    }
}
