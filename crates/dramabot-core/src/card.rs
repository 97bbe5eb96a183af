//! Standings as a picture: a PNG card of ranks, names and points, attached beside the text embed.
//!
//! Members read a picture at a glance where a list of lines is skimmed, and fans' names are often
//! Hangul, which the card must draw as a Korean reader expects whatever fonts their device has. So
//! the font ships inside the binary (Dramabot Gothic: NanumGothic's Latin and Hangul, under the SIL
//! OFL, `assets/fonts/`), glyphs are drawn with
//! `ab_glyph` and pixels filled and encoded with `tiny-skia`: pure Rust, no system fonts, the same
//! bytes for the same standings on every machine.
//!
//! The card takes plain data ([`Standings`]), not a game: the end of a game, `/trivia stats`, the
//! leaderboard and (later) a season's final post all feed it. A name the font cannot draw (emoji,
//! a rare script) still renders: each unknown glyph becomes an outlined box, and a name too long
//! for its row is cut with an ellipsis, so no member name can break or stretch the card.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};
use tiny_skia::{FillRule, Paint, Path, PathBuilder, Pixmap, Transform};

use crate::error::{Error, Result};
use crate::i18n::{Locale, msg, tr};
use crate::reply::Attachment;

/// The file name a card is attached under (an embed may show it as `attachment://standings.png`).
pub const FILENAME: &str = "standings.png";

/// At most this many rows are drawn; the rest are counted in an "and N more" line.
pub const MAX_ROWS: usize = 10;

/// What a card shows: a title, an optional subtitle and footer, and ranked rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standings {
    /// The heading, such as "Final standings" or "Trivia stats".
    pub title: String,
    /// A second line under the title, such as the game's or the member's name.
    pub subtitle: Option<String>,
    /// The rows, best first; only the first [`MAX_ROWS`] are drawn.
    pub rows: Vec<Row>,
    /// A small line at the bottom, such as "10 of 10 questions asked".
    pub footer: Option<String>,
    /// The language of the card's own words (the "+ N more" line); the texts above come in it.
    pub locale: Locale,
}

/// One line of a card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The place (1 is first; 1-3 get medal colours); `None` for a row that is not a ranking,
    /// such as one of `/trivia stats`' figures.
    pub rank: Option<u32>,
    /// The member's name (or the figure's label), cut with an ellipsis when it does not fit.
    pub name: String,
    /// The figure on the right, such as "120 pts".
    pub value: String,
    /// A smaller note before the value, such as "7 right".
    pub detail: Option<String>,
    /// A heading between parts of the card (such as "Members" after a teams game's teams, or a
    /// game's winner line): drawn as a line of text, not as a ranked row; `name` is its text.
    pub heading: bool,
}

impl Row {
    /// A heading row with `text` ([`Row::heading`]).
    pub fn heading(text: String) -> Row {
        Row {
            name: text,
            heading: true,
            ..Row::default()
        }
    }
}

// Layout, in pixels. The card is drawn at twice Discord's usual preview width of ~400 px, so that
// it stays sharp on high-density screens.
const WIDTH: u32 = 800;
const RADIUS: f32 = 24.0;
const INSET: f32 = 36.0;
const ACCENT_HEIGHT: f32 = 6.0;
const TITLE_SIZE: f32 = 38.0;
const SUBTITLE_SIZE: f32 = 24.0;
const ROW_HEIGHT: f32 = 60.0;
const ROW_GAP: f32 = 8.0;
const ROW_RADIUS: f32 = 14.0;
const NAME_SIZE: f32 = 27.0;
const VALUE_SIZE: f32 = 27.0;
const DETAIL_SIZE: f32 = 21.0;
const RANK_SIZE: f32 = 21.0;
const BADGE_RADIUS: f32 = 18.0;
const SMALL_SIZE: f32 = 21.0;
const HEADING_SIZE: f32 = 23.0;
const SMALL_LINE: f32 = 40.0;

/// An RGBA colour, not premultiplied.
#[derive(Debug, Clone, Copy)]
struct Rgba(u8, u8, u8, u8);

const PANEL: Rgba = Rgba(0x1f, 0x21, 0x27, 0xff);
const ROW: Rgba = Rgba(0x2a, 0x2d, 0x35, 0xff);
const ACCENT: Rgba = Rgba(0xe9, 0x1e, 0x63, 0xff);
const TITLE: Rgba = Rgba(0xff, 0xff, 0xff, 0xff);
const MUTED: Rgba = Rgba(0x9a, 0x9f, 0xa9, 0xff);
const NAME: Rgba = Rgba(0xe6, 0xe8, 0xec, 0xff);
const VALUE: Rgba = Rgba(0xff, 0xff, 0xff, 0xff);
const BADGE: Rgba = Rgba(0x3a, 0x3e, 0x48, 0xff);
const BADGE_TEXT: Rgba = Rgba(0xd0, 0xd4, 0xdb, 0xff);
const MEDAL_TEXT: Rgba = Rgba(0x1f, 0x21, 0x27, 0xff);
const GOLD: Rgba = Rgba(0xf5, 0xc5, 0x42, 0xff);
const SILVER: Rgba = Rgba(0xc9, 0xd1, 0xd9, 0xff);
const BRONZE: Rgba = Rgba(0xd6, 0x8a, 0x4c, 0xff);

const REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DramabotGothic-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DramabotGothic-Bold.ttf");

/// The two faces a card uses, parsed once per process.
struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: FontRef::try_from_slice(REGULAR_TTF).ok()?,
                bold: FontRef::try_from_slice(BOLD_TTF).ok()?,
            })
        })
        .as_ref()
        .ok_or_else(|| Error::Encoding("the card font could not be read".into()))
}

/// Renders `standings` as PNG bytes. The same standings always give the same bytes.
pub fn render(standings: &Standings) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let shown = &standings.rows[..standings.rows.len().min(MAX_ROWS)];
    let hidden = standings.rows.len() - shown.len();

    let header = TITLE_SIZE
        + 12.0
        + standings
            .subtitle
            .as_ref()
            .map_or(0.0, |_| SUBTITLE_SIZE + 10.0)
        + 16.0;
    let rows_height = shown.len() as f32 * (ROW_HEIGHT + ROW_GAP);
    let small_lines = usize::from(hidden > 0) + usize::from(standings.footer.is_some());
    let height = ACCENT_HEIGHT + INSET + header + rows_height + small_lines as f32 * SMALL_LINE
        - ROW_GAP
        + INSET;
    let height = height.ceil().max(2.0 * RADIUS) as u32;

    let mut pixmap =
        Pixmap::new(WIDTH, height).ok_or_else(|| Error::Encoding("a card of no size".into()))?;
    let width = WIDTH as f32;

    // The panel, with the accent along its top edge (clipped to the panel's rounded corners by
    // drawing the accent first and the panel's body below it).
    fill(
        &mut pixmap,
        rounded_rect(0.0, 0.0, width, height as f32, RADIUS),
        ACCENT,
    );
    fill(
        &mut pixmap,
        rounded_rect(
            0.0,
            ACCENT_HEIGHT,
            width,
            height as f32 - ACCENT_HEIGHT,
            RADIUS,
        ),
        PANEL,
    );
    if let Some(rect) = tiny_skia::Rect::from_xywh(0.0, ACCENT_HEIGHT, width, RADIUS) {
        fill(&mut pixmap, Some(PathBuilder::from_rect(rect)), PANEL);
    }

    let mut y = ACCENT_HEIGHT + INSET;
    let text_width = width - 2.0 * INSET;
    let title = Line::fitted(&fonts.bold, TITLE_SIZE, &standings.title, text_width);
    title.draw(
        &mut pixmap,
        INSET,
        y + ascent(&fonts.bold, TITLE_SIZE),
        TITLE,
    );
    y += TITLE_SIZE + 12.0;
    if let Some(subtitle) = &standings.subtitle {
        let line = Line::fitted(&fonts.regular, SUBTITLE_SIZE, subtitle, text_width);
        line.draw(
            &mut pixmap,
            INSET,
            y + ascent(&fonts.regular, SUBTITLE_SIZE),
            MUTED,
        );
        y += SUBTITLE_SIZE + 10.0;
    }
    y += 16.0;

    for row in shown {
        draw_row(&mut pixmap, fonts, row, y, standings.locale);
        y += ROW_HEIGHT + ROW_GAP;
    }
    y -= ROW_GAP;

    let small = |pixmap: &mut Pixmap, text: &str, y: &mut f32| {
        let line = Line::fitted(&fonts.regular, SMALL_SIZE, text, text_width);
        let baseline = *y + SMALL_LINE / 2.0 + centre_offset(&fonts.regular, SMALL_SIZE) + 4.0;
        line.draw(pixmap, INSET, baseline, MUTED);
        *y += SMALL_LINE;
    };
    if hidden > 0 {
        let more = tr(
            standings.locale,
            msg::CARD_MORE,
            &[("count", hidden.into())],
        );
        small(&mut pixmap, &more, &mut y);
    }
    if let Some(footer) = &standings.footer {
        small(&mut pixmap, footer, &mut y);
    }

    pixmap
        .encode_png()
        .map_err(|e| Error::Encoding(format!("the card's PNG: {e}")))
}

/// The card as a message attachment, or `None` (logged) if it cannot be drawn: the text embed
/// beside it still says everything, so a game's end never fails for its picture.
pub fn attachment(standings: &Standings) -> Option<Attachment> {
    match render(standings) {
        Ok(bytes) => Some(Attachment {
            filename: FILENAME.to_string(),
            bytes,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "a standings card could not be drawn");
            None
        }
    }
}

fn draw_row(pixmap: &mut Pixmap, fonts: &Fonts, row: &Row, top: f32, locale: Locale) {
    let left = INSET;
    let right = WIDTH as f32 - INSET;
    if row.heading {
        // Sits low in its row, so that it reads as the title of the rows below it.
        let line = Line::fitted(&fonts.bold, HEADING_SIZE, &row.name, right - left);
        line.draw(pixmap, left, top + ROW_HEIGHT - 14.0, ACCENT);
        return;
    }
    fill(
        pixmap,
        rounded_rect(left, top, right - left, ROW_HEIGHT, ROW_RADIUS),
        ROW,
    );
    let centre = top + ROW_HEIGHT / 2.0;

    let mut name_x = left + 20.0;
    if let Some(rank) = row.rank {
        let cx = left + 16.0 + BADGE_RADIUS;
        let (badge, text) = match rank {
            1 => (GOLD, MEDAL_TEXT),
            2 => (SILVER, MEDAL_TEXT),
            3 => (BRONZE, MEDAL_TEXT),
            _ => (BADGE, BADGE_TEXT),
        };
        fill(
            pixmap,
            PathBuilder::from_circle(cx, centre, BADGE_RADIUS),
            badge,
        );
        let digits = Line::fitted(
            &fonts.bold,
            RANK_SIZE,
            &rank.to_string(),
            2.0 * BADGE_RADIUS,
        );
        let baseline = centre + centre_offset(&fonts.bold, RANK_SIZE);
        digits.draw(pixmap, cx - digits.width / 2.0, baseline, text);
        name_x = cx + BADGE_RADIUS + 16.0;
    }

    let mut end = right - 20.0;
    let value = Line::fitted(&fonts.bold, VALUE_SIZE, &row.value, (right - left) / 3.0);
    value.draw(
        pixmap,
        end - value.width,
        centre + centre_offset(&fonts.bold, VALUE_SIZE),
        VALUE,
    );
    end -= value.width;
    if let Some(detail) = &row.detail {
        // Room for a note such as "정답 0개 · 1번에서 탈락" whole; the name still keeps a third.
        let detail = Line::fitted(&fonts.regular, DETAIL_SIZE, detail, (right - left) * 0.4);
        end -= 14.0;
        detail.draw(
            pixmap,
            end - detail.width,
            centre + centre_offset(&fonts.regular, DETAIL_SIZE),
            MUTED,
        );
        end -= detail.width;
    }
    let name = drawable_name(&fonts.regular, &row.name, locale);
    let name = Line::fitted(&fonts.regular, NAME_SIZE, &name, end - 20.0 - name_x);
    name.draw(
        pixmap,
        name_x,
        centre + centre_offset(&fonts.regular, NAME_SIZE),
        NAME,
    );
}

/// A line of text laid out in one face and size: each piece at its pen position.
struct Line<'f> {
    font: &'f FontRef<'static>,
    scale: PxScale,
    pieces: Vec<(Piece, f32)>,
    width: f32,
}

/// What a character becomes on the card.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Glyph(GlyphId),
    /// A character the font lacks, drawn as an outlined box of this width.
    Missing(f32),
}

impl<'f> Line<'f> {
    /// `text` laid out left to right, cut with an ellipsis if it is wider than `max`.
    fn fitted(font: &'f FontRef<'static>, size: f32, text: &str, max: f32) -> Line<'f> {
        let mut line = Line::laid_out(font, size, text);
        if line.width <= max {
            return line;
        }
        let ellipsis = Line::laid_out(font, size, "…");
        let room = (max - ellipsis.width).max(0.0);
        let scaled = font.as_scaled(line.scale);
        let advance = |piece: &Piece| match piece {
            Piece::Glyph(id) => scaled.h_advance(*id),
            Piece::Missing(w) => *w,
        };
        let keep = line
            .pieces
            .iter()
            .take_while(|(piece, x)| x + advance(piece) <= room)
            .count();
        line.pieces.truncate(keep);
        // A space before the ellipsis would read as a gap.
        while let Some((Piece::Glyph(id), _)) = line.pieces.last() {
            if *id != font.glyph_id(' ') {
                break;
            }
            line.pieces.pop();
        }
        let start = line
            .pieces
            .last()
            .map_or(0.0, |(piece, x)| x + advance(piece));
        line.pieces
            .extend(ellipsis.pieces.iter().map(|(piece, x)| (*piece, start + x)));
        line.width = start + ellipsis.width;
        line
    }

    fn laid_out(font: &'f FontRef<'static>, size: f32, text: &str) -> Line<'f> {
        let scale = PxScale::from(size);
        let scaled = font.as_scaled(scale);
        let mut pieces = Vec::new();
        let mut x = 0.0f32;
        let mut previous: Option<GlyphId> = None;
        // After a zero-width joiner, the next missing character belongs to the same emoji
        // (a family, a flag), which gets one box, not one per part.
        let mut joined = false;
        for c in text.chars() {
            if c == '\u{200d}' {
                joined = true;
                continue;
            }
            if c.is_control() || invisible(c) {
                continue;
            }
            let id = font.glyph_id(c);
            if id.0 == 0 {
                if !std::mem::take(&mut joined) {
                    let w = size * 0.62;
                    pieces.push((Piece::Missing(w), x));
                    x += w + size * 0.08;
                }
                previous = None;
                continue;
            }
            joined = false;
            if let Some(p) = previous {
                x += scaled.kern(p, id);
            }
            pieces.push((Piece::Glyph(id), x));
            x += scaled.h_advance(id);
            previous = Some(id);
        }
        Line {
            font,
            scale,
            pieces,
            width: x,
        }
    }

    /// Draws the line with its pen starting at `x` on the baseline `y`.
    fn draw(&self, pixmap: &mut Pixmap, x: f32, y: f32, colour: Rgba) {
        let size = self.scale.y;
        for (piece, offset) in &self.pieces {
            match piece {
                Piece::Glyph(id) => {
                    let glyph = id.with_scale_and_position(self.scale, point(x + offset, y));
                    if let Some(outlined) = self.font.outline_glyph(glyph) {
                        let bounds = outlined.px_bounds();
                        let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
                        outlined.draw(|gx, gy, coverage| {
                            blend(pixmap, left + gx as i32, top + gy as i32, colour, coverage);
                        });
                    }
                }
                Piece::Missing(w) => {
                    // An outlined box sitting on the baseline, as tall as a capital letter.
                    let (bx, by, bh) = (x + offset + size * 0.06, y - size * 0.72, size * 0.72);
                    let bw = w - size * 0.06;
                    let outer = rounded_rect(bx, by, bw, bh, size * 0.08);
                    let stroke = (size * 0.07).max(1.5);
                    let inner = rounded_rect(
                        bx + stroke,
                        by + stroke,
                        bw - 2.0 * stroke,
                        bh - 2.0 * stroke,
                        size * 0.04,
                    );
                    fill(pixmap, outer, colour);
                    fill(pixmap, inner, ROW);
                }
            }
        }
    }
}

/// A row's name as the card writes it. Characters the font lacks (emoji, mostly) would each draw
/// as a box, which reads as a broken picture: in a name that has letters too they are left out
/// ("🎉 Mina 🎉" is "Mina"), and a name with nothing the font can draw is written as the
/// catalogue's "(name in symbols)". The text embed beside the card keeps the name as it is.
fn drawable_name<'a>(font: &FontRef<'static>, name: &'a str, locale: Locale) -> Cow<'a, str> {
    let drawable = |c: char| font.glyph_id(c).0 != 0 || c.is_control() || invisible(c);
    if name.chars().all(drawable) {
        return Cow::Borrowed(name);
    }
    let kept: String = name
        .chars()
        .filter(|&c| c != '\u{200d}' && font.glyph_id(c).0 != 0)
        .collect();
    let kept = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    if kept.is_empty() {
        Cow::Owned(crate::i18n::text(locale, msg::CARD_SYMBOLS_NAME))
    } else {
        Cow::Owned(kept)
    }
}

/// Characters that never show by themselves: variation selectors, skin-tone modifiers, tags and
/// zero-width spaces. Left in, each would become a box of its own.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{2060}'..='\u{206f}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{feff}'
        | '\u{1f3fb}'..='\u{1f3ff}'
        | '\u{e0000}'..='\u{e007f}'
        | '\u{e0100}'..='\u{e01ef}')
}

fn ascent(font: &FontRef<'static>, size: f32) -> f32 {
    font.as_scaled(PxScale::from(size)).ascent()
}

/// How far below a row's centre line the baseline goes for text of `size` to look centred.
fn centre_offset(font: &FontRef<'static>, size: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    (scaled.ascent() + scaled.descent()) / 2.0
}

/// Blends `colour` at `coverage` (0-1) over one pixel (tiny-skia keeps premultiplied RGBA).
fn blend(pixmap: &mut Pixmap, x: i32, y: i32, colour: Rgba, coverage: f32) {
    let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
    if x < 0 || y < 0 || x >= width || y >= height || coverage <= 0.0 {
        return;
    }
    let i = 4 * (y as usize * width as usize + x as usize);
    let Some(dst) = pixmap.data_mut().get_mut(i..i + 4) else {
        return;
    };
    let alpha = coverage.min(1.0) * f32::from(colour.3) / 255.0;
    let src = [colour.0, colour.1, colour.2];
    for (d, s) in dst.iter_mut().zip(src) {
        *d = (f32::from(s) * alpha + f32::from(*d) * (1.0 - alpha)).round() as u8;
    }
    dst[3] = (255.0 * alpha + f32::from(dst[3]) * (1.0 - alpha)).round() as u8;
}

fn fill(pixmap: &mut Pixmap, path: Option<Path>, colour: Rgba) {
    let Some(path) = path else {
        return;
    };
    let mut paint = Paint::default();
    paint.set_color_rgba8(colour.0, colour.1, colour.2, colour.3);
    paint.anti_alias = true;
    pixmap.fill_path(
        &path,
        &paint,
        FillRule::Winding,
        Transform::identity(),
        None,
    );
}

/// A rectangle with rounded corners (cubic quarter circles), or `None` if it has no area.
fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
    if w <= 0.0 || h <= 0.0 {
        return None;
    }
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    // The control-point distance that makes a cubic Bézier closest to a quarter circle.
    let k = r * 0.552_284_8;
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.cubic_to(x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.cubic_to(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.cubic_to(x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    pb.line_to(x, y + r);
    pb.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
    pb.close();
    pb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(rank: u32, name: &str, points: u32) -> Row {
        Row {
            rank: Some(rank),
            name: name.to_string(),
            value: format!("{points} pts"),
            detail: Some(format!("{} right", points / 10)),
            heading: false,
        }
    }

    /// The width and height a PNG's header states.
    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
        assert_eq!(&bytes[12..16], b"IHDR");
        let word = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        (word(16), word(20))
    }

    fn sample() -> Standings {
        Standings {
            title: "Final standings".into(),
            subtitle: Some("Crash Landing on You trivia".into()),
            rows: vec![
                row(1, "윤세리", 120),
                row(2, "Captain Ri Jeong-hyeok", 90),
                row(3, "서단", 40),
                row(4, "Gu Seung-jun", 10),
            ],
            footer: Some("10 of 10 questions asked".into()),
            locale: Locale::English,
        }
    }

    #[test]
    fn the_same_standings_give_the_same_png_bytes_of_the_expected_size() {
        let first = render(&sample()).unwrap();
        let second = render(&sample()).unwrap();
        assert_eq!(first, second, "rendering is deterministic");
        let (width, height) = png_size(&first);
        assert_eq!(width, WIDTH);
        // Header, four rows and the footer: taller with each row, never by a font's whim.
        let mut five = sample();
        five.rows.push(row(5, "Pyo Chi-su", 5));
        let (_, taller) = png_size(&render(&five).unwrap());
        assert_eq!(taller - height, (ROW_HEIGHT + ROW_GAP) as u32);
    }

    #[test]
    fn hangul_names_are_drawn_with_the_fonts_own_glyphs_not_boxes() {
        let fonts = fonts().unwrap();
        for name in ["윤세리", "리정혁", "표치수", "ㅋㅋㅋ", "똠양꿍"] {
            let line = Line::laid_out(&fonts.regular, NAME_SIZE, name);
            assert!(
                line.pieces
                    .iter()
                    .all(|(p, _)| matches!(p, Piece::Glyph(_))),
                "{name} has a glyph for every syllable"
            );
            assert_eq!(line.pieces.len(), name.chars().count());
        }
    }

    #[test]
    fn a_name_of_200_characters_is_cut_to_its_row_with_an_ellipsis() {
        let fonts = fonts().unwrap();
        let long = "가나다라Abcdefgh".repeat(17);
        assert!(long.chars().count() >= 200);
        let line = Line::fitted(&fonts.regular, NAME_SIZE, &long, 400.0);
        assert!(line.width <= 400.0, "{}", line.width);
        let ellipsis = fonts.regular.glyph_id('…');
        assert!(matches!(line.pieces.last(), Some((Piece::Glyph(id), _)) if *id == ellipsis));
        let mut standings = sample();
        standings.rows[0].name = long;
        standings.title = "T".repeat(300);
        let (width, _) = png_size(&render(&standings).unwrap());
        assert_eq!(width, WIDTH);
    }

    #[test]
    fn names_of_emoji_or_unknown_glyphs_render_as_boxes_one_per_emoji() {
        let fonts = fonts().unwrap();
        // A family (joined with ZWJ), a thumbs-up with a skin tone, a flag of two letters.
        let line = Line::laid_out(
            &fonts.regular,
            NAME_SIZE,
            "👨\u{200d}👩\u{200d}👧👍🏽❤\u{fe0f}",
        );
        let boxes = line
            .pieces
            .iter()
            .filter(|(p, _)| matches!(p, Piece::Missing(_)))
            .count();
        assert!((2..=3).contains(&boxes), "{boxes} boxes");
        for name in [
            "🎉🎉🎉",
            "\u{200d}\u{fe0f}",
            "",
            "𓀀𓀁 Egyptian",
            "\u{7}bell",
            "🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷🇰🇷",
        ] {
            let mut standings = sample();
            standings.rows[1].name = name.to_string();
            let bytes = render(&standings).unwrap();
            assert_eq!(png_size(&bytes).0, WIDTH, "{name:?}");
        }
    }

    #[test]
    fn a_name_of_only_symbols_is_written_as_such_and_emoji_beside_letters_are_left_out() {
        let font = &fonts().unwrap().regular;
        for (name, locale, shown) in [
            ("🎉🎉🎉", Locale::English, "(name in symbols)"),
            ("👨\u{200d}👩\u{200d}👧", Locale::Korean, "(기호로 된 이름)"),
            ("🎉 Mina 🎉", Locale::English, "Mina"),
            ("윤세리 💖 fan", Locale::Korean, "윤세리 fan"),
            ("윤세리", Locale::English, "윤세리"),
        ] {
            let drawn = drawable_name(font, name, locale);
            assert_eq!(drawn, shown, "{name:?}");
            let line = Line::laid_out(font, NAME_SIZE, &drawn);
            assert!(
                line.pieces
                    .iter()
                    .all(|(p, _)| matches!(p, Piece::Glyph(_))),
                "no box for {name:?}"
            );
        }
    }

    #[test]
    fn a_heading_row_takes_a_rows_height_and_renders_between_ranked_rows() {
        let mut standings = sample();
        let (_, height) = png_size(&render(&standings).unwrap());
        standings.rows.insert(2, Row::heading("Members".into()));
        let bytes = render(&standings).unwrap();
        let (_, with_heading) = png_size(&bytes);
        assert_eq!(with_heading - height, (ROW_HEIGHT + ROW_GAP) as u32);
        assert_ne!(bytes, render(&sample()).unwrap());
    }

    #[test]
    fn more_than_ten_rows_show_ten_and_count_the_rest() {
        let mut standings = sample();
        standings.rows = (1..=25)
            .map(|i| row(i, &format!("player {i}"), 100 - i))
            .collect();
        let (_, height) = png_size(&render(&standings).unwrap());
        let mut ten = standings.clone();
        ten.rows.truncate(MAX_ROWS);
        let (_, height_ten) = png_size(&render(&ten).unwrap());
        assert_eq!(
            height - height_ten,
            SMALL_LINE as u32,
            "one '+ 15 more' line"
        );
        let empty = Standings {
            title: "Nobody".into(),
            ..Standings::default()
        };
        assert!(render(&empty).is_ok());
    }

    /// Writes sample cards to `$CARD_SAMPLES` (a folder) to look at: `CARD_SAMPLES=/tmp/cards
    /// cargo test -p dramabot-core card -- --ignored`.
    #[test]
    #[ignore = "writes files to look at"]
    fn write_samples() {
        let Ok(dir) = std::env::var("CARD_SAMPLES") else {
            return;
        };
        std::fs::create_dir_all(&dir).unwrap();
        let mut many = sample();
        many.title = "최종 순위".into();
        many.locale = Locale::Korean;
        many.subtitle = Some("사랑의 불시착 퀴즈 · 질문 10개".into());
        many.rows = (1..=14)
            .map(|i| {
                row(
                    i,
                    ["윤세리", "리정혁", "서단", "구승준", "표치수"][i as usize % 5],
                    150 - 10 * i,
                )
            })
            .collect();
        let mut edge = sample();
        edge.rows[0].name = "가나다라Abcdefgh".repeat(17);
        edge.rows[1].name = "🎉🎉🎉".into();
        edge.rows[2].name = "👨\u{200d}👩\u{200d}👧 family 🇰🇷".into();
        edge.rows[3].value = "1234567 pts".into();
        let stats = Standings {
            title: "Trivia stats".into(),
            subtitle: Some("윤세리".into()),
            rows: [
                "Games:3",
                "Answers:12 (9 right, 75%)",
                "Best streak:5",
                "Points:320",
            ]
            .iter()
            .map(|s| {
                let (name, value) = s.split_once(':').unwrap();
                Row {
                    rank: None,
                    name: name.into(),
                    value: value.into(),
                    detail: None,
                    heading: false,
                }
            })
            .collect(),
            footer: None,
            locale: Locale::English,
        };
        for (name, card) in [
            ("english", sample()),
            ("korean", many),
            ("edge", edge),
            ("stats", stats),
        ] {
            std::fs::write(format!("{dir}/{name}.png"), render(&card).unwrap()).unwrap();
        }
    }
}
