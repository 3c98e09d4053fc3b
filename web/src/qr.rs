//! A QR code as text, for the terminal.

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

/// `text` as a QR code drawn with half blocks (two modules a character), light on dark
/// as terminals show it best, with its quiet zone.
pub fn qr(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}
