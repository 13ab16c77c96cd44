//! The QR code to the verification page, as vector squares: one path whose
//! rectangles are the runs of dark modules of each row.

use krilla::geom::{Path, PathBuilder, Rect};
use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin the QR specification asks around the symbol.
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to be drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    width: usize,
    /// Dark modules, row by row.
    dark: Vec<bool>,
}

impl Qr {
    /// The QR code of `text` (medium error correction, enough for a printed page
    /// that may be folded or stamped); None when the text is too long for any QR
    /// version.
    pub fn new(text: &str) -> Option<Qr> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
            .ok()?;
        Some(Qr {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side, quiet zone excluded.
    pub fn modules(&self) -> usize {
        self.width
    }

    /// The dark modules as one path in module units (one module is 1 × 1, the
    /// symbol's top left corner at the origin): to be drawn scaled. Runs of dark
    /// modules in a row are one rectangle, and equal runs in the rows below join
    /// it, so the path stays short.
    pub fn path(&self) -> Option<Path> {
        let mut builder = PathBuilder::new();
        for (x, y, w, h) in self.rects() {
            builder.push_rect(Rect::from_xywh(x as f32, y as f32, w as f32, h as f32)?);
        }
        builder.finish()
    }

    /// The rectangles of [`Qr::path`]: column, row, width and height in modules.
    pub fn rects(&self) -> Vec<(usize, usize, usize, usize)> {
        let width = self.width;
        // Open rectangles by (first column, end column): (first row, rows).
        let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut done: Vec<(usize, usize, usize, usize)> = Vec::new();
        for (row, line) in self.dark.chunks(width).enumerate() {
            let mut runs = Vec::new();
            let mut col = 0;
            while col < width {
                if !line[col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < width && line[col] {
                    col += 1;
                }
                runs.push((start, col));
            }
            let (continued, closed): (Vec<_>, Vec<_>) = open
                .drain(..)
                .partition(|&(start, end, _, _)| runs.contains(&(start, end)));
            done.extend(closed);
            for (start, end) in runs {
                match continued.iter().find(|r| (r.0, r.1) == (start, end)) {
                    Some(&(s, e, top, rows)) => open.push((s, e, top, rows + 1)),
                    None => open.push((start, end, row, 1)),
                }
            }
        }
        done.extend(open);
        done.into_iter()
            .map(|(start, end, top, rows)| (start, top, end - start, rows))
            .collect()
    }

    /// The dark modules, row by row (for tests).
    #[cfg(test)]
    pub fn dark(&self) -> &[bool] {
        &self.dark
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_url_fits_a_small_symbol() {
        let qr = Qr::new("https://formazione.example.it/verify/AULA-7K3M-Q9X2-HF4T")
            .expect("a URL fits");
        // Version 4 (33 modules) or so: printable at 2.5 cm and readable.
        assert!(qr.modules() <= 41, "{} modules", qr.modules());
        assert_eq!(qr.dark().len(), qr.modules() * qr.modules());
        // The finder pattern: the top left module is dark, the one inside the
        // separator ring light.
        assert!(qr.dark()[0]);
        assert!(!qr.dark()[qr.modules() + 1]);
        // The rectangles cover each dark module once and no light one.
        let mut covered = vec![0u8; qr.dark().len()];
        let rects = qr.rects();
        for &(x, y, w, h) in &rects {
            for row in y..y + h {
                for col in x..x + w {
                    covered[row * qr.modules() + col] += 1;
                }
            }
        }
        let expected: Vec<u8> = qr.dark().iter().map(|&d| u8::from(d)).collect();
        assert_eq!(covered, expected);
        let runs = qr.dark().windows(2).filter(|w| w[1] && !w[0]).count();
        assert!(
            rects.len() < runs,
            "equal runs of neighbouring rows are joined"
        );
        assert!(qr.path().is_some());
        // A text beyond QR's capacity is refused, not a panic.
        assert!(Qr::new(&"x".repeat(8000)).is_none());
    }
}
