//! The page: where each line of the certificate goes, how it looks, and the
//! structure (tags) a screen reader follows. Layout and drawing are apart: [`plan`]
//! places every line and rule (measured with the paper's own shaper, so centring and
//! wrapping are exact) and [`draw`] puts the plan on a krilla page. Planning twice
//! lets the spare height of a short certificate be spread between its sections.

use std::num::NonZeroU16;

use krilla::Document;
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, ListNumbering, Node, SpanTag, Tag, TagGroup, TagKind,
    TagTree,
};

use super::qr::{QUIET_ZONE, Qr};
use super::text::Weight;

/// A4, portrait, in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points.
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 76.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const CENTER: f32 = PAGE_WIDTH / 2.0;

/// An sRGB colour (krilla's constructor is not `const`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn color(self) -> rgb::Color {
        rgb::Color::new(self.0, self.1, self.2)
    }
}

const INK: Rgb = Rgb(0x1d, 0x23, 0x2b);
const MUTED: Rgb = Rgb(0x55, 0x5e, 0x69);
const ACCENT: Rgb = Rgb(0x1f, 0x4e, 0x79);
const RULE: Rgb = Rgb(0xc3, 0xcc, 0xd6);

/// Everything the page prints, already worded and formatted.
pub struct Content {
    /// The issuing body, at the top.
    pub issuer: String,
    /// "Attestato di partecipazione".
    pub title: String,
    /// "si attesta che".
    pub certify: String,
    /// The learner.
    pub name: String,
    /// "Comune di …", when the municipality is known.
    pub municipality: Option<String>,
    /// "ha completato il corso".
    pub completed_course: String,
    /// The course title.
    pub course: String,
    /// The edition title.
    pub edition: String,
    /// "concluso il 2 dicembre 2026".
    pub completed_on: String,
    /// "Programma del corso".
    pub program: String,
    /// Each module's title and duration.
    pub modules: Vec<(String, String)>,
    /// "… e altri N moduli", given the number left out.
    pub more_modules: Box<dyn Fn(usize) -> String>,
    /// Totals: label and duration (remote, then classroom if any, then the sum).
    pub totals: Vec<(String, String)>,
    /// "Codice dell'attestato".
    pub code_label: String,
    /// The certificate's code.
    pub code: String,
    /// "Rilasciato il 3 dicembre 2026".
    pub issued: String,
    /// "Verifica l'autenticità su".
    pub verify_label: String,
    /// The verification URL.
    pub url: String,
    /// Alternative text of the QR code.
    pub qr_alt: String,
    /// Alternative text of the link to the verification page.
    pub link_alt: String,
    /// The note on the attached credential, when one is attached.
    pub footnote: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Style {
    weight: Weight,
    size: f32,
    color: Rgb,
    /// Extra space after each glyph, in em.
    tracking: f32,
}

impl Style {
    const fn new(weight: Weight, size: f32, color: Rgb) -> Style {
        Style {
            weight,
            size,
            color,
            tracking: 0.0,
        }
    }

    /// Width of `text` in this style, trailing spaces left out.
    fn width(&self, text: &str) -> f32 {
        self.weight
            .face()
            .width(text.trim_end(), self.size, self.tracking)
    }

    fn sized(self, size: f32) -> Style {
        Style { size, ..self }
    }

    /// Width of `text` in this style, every character counted.
    fn advance(&self, text: &str) -> f32 {
        self.weight.face().width(text, self.size, self.tracking)
    }

    /// For each character of `text`: the byte offset just after it and the width
    /// of the text up to there.
    fn prefixes(&self, text: &str) -> Vec<(usize, f32)> {
        let mut x = 0.0;
        self.weight
            .face()
            .shape(text, self.tracking)
            .into_iter()
            .map(|g| {
                x += g.x_advance * self.size;
                (g.text_range.end, x)
            })
            .collect()
    }
}

const ISSUER: Style = Style {
    tracking: 0.05,
    ..Style::new(Weight::Bold, 10.5, ACCENT)
};
const TITLE: Style = Style::new(Weight::Bold, 27.0, INK);
const LEAD: Style = Style::new(Weight::Regular, 12.0, MUTED);
const NAME: Style = Style::new(Weight::Bold, 23.0, INK);
const NOTE: Style = Style::new(Weight::Regular, 11.0, MUTED);
const COURSE: Style = Style::new(Weight::Bold, 16.0, INK);
const DATE: Style = Style::new(Weight::Regular, 12.0, INK);
const HEADING: Style = Style {
    tracking: 0.03,
    ..Style::new(Weight::Bold, 10.5, ACCENT)
};
const ITEM: Style = Style::new(Weight::Regular, 10.0, INK);
const ITEM_HOURS: Style = Style::new(Weight::Regular, 10.0, MUTED);
const TOTAL: Style = Style::new(Weight::Bold, 10.5, INK);
const LABEL: Style = Style::new(Weight::Regular, 8.5, MUTED);
const CODE: Style = Style {
    tracking: 0.03,
    ..Style::new(Weight::Bold, 13.0, INK)
};
const SMALL: Style = Style::new(Weight::Regular, 9.5, INK);
const URL: Style = Style::new(Weight::Regular, 9.5, ACCENT);
const FOOT: Style = Style::new(Weight::Regular, 7.5, MUTED);

/// Side of the QR code, quiet zone included.
const QR_SIDE: f32 = 96.0;
/// Baseline of the footnote's last line.
const FOOT_BASELINE: f32 = PAGE_HEIGHT - 48.0;
/// Top of the bottom block (QR code, code, verification).
const BOTTOM_TOP: f32 = FOOT_BASELINE - 30.0 - QR_SIDE;
/// Lowest baseline of the programme and its totals.
const MIDDLE_BOTTOM: f32 = BOTTOM_TOP - 30.0;
/// Lines the printed verification URL takes at most.
const MAX_URL_LINES: usize = 3;
/// Gaps of the heading block that take a share of the spare height.
const STRETCHY_GAPS: f32 = 6.0;
/// The most a stretchy gap grows.
const MAX_STRETCH: f32 = 16.0;

/// One line of text, placed.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    style: Style,
    x: f32,
    /// Baseline.
    y: f32,
}

/// A structural element, in reading order, with the lines it holds.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// A paragraph.
    P(Vec<Line>),
    /// A heading of `level`.
    Heading(u16, String, Vec<Line>),
    /// A list, one entry of lines per item.
    List(Vec<Vec<Line>>),
    /// A paragraph whose last lines are a link to `url`.
    Link {
        before: Vec<Line>,
        link: Vec<Line>,
        url: String,
        alt: String,
    },
    /// The QR code (of the verification URL), its symbol's top left corner at
    /// (`x`, `y`).
    Qr {
        qr: Qr,
        alt: String,
        x: f32,
        y: f32,
        module: f32,
    },
}

/// Decoration, drawn as artifacts (not read aloud).
#[derive(Debug, Clone, PartialEq)]
enum Deco {
    /// A filled rectangle (rules, bullets).
    Box(f32, f32, f32, f32, Rgb),
    /// A stroked rectangle (the frame): inset from the page edge, line width.
    Frame(f32, f32),
}

/// The page, placed.
#[derive(Debug, Default)]
struct Plan {
    blocks: Vec<Block>,
    decos: Vec<Deco>,
    /// Baseline of the last line of the middle part (programme and totals).
    middle_end: f32,
}

/// Draws the page into `document` and returns its structure and its outline (the
/// headings, for the reader's side panel); None when the page cannot be made (a
/// URL too long for a QR code).
pub fn draw(document: &mut Document, content: &Content, lang: &str) -> Option<(TagTree, Outline)> {
    let plan = plan(content)?;
    let mut outline = Outline::new();
    let mut top: Option<OutlineNode> = None;
    for block in &plan.blocks {
        if let Block::Heading(level, title, lines) = block {
            let first = lines.first()?;
            let at = Point::from_xy(first.x, (first.y - first.style.size * 1.2).max(0.0));
            let node = OutlineNode::new(title.clone(), XyzDestination::new(0, at));
            match (level, top.as_mut()) {
                (1, _) | (_, None) => {
                    outline.push_child_opt(top.take());
                    top = Some(node.with_open(true));
                }
                (_, Some(parent)) => parent.push_child(node),
            }
        }
    }
    outline.push_child_opt(top);
    let mut page = document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)?);
    let mut surface = page.surface();
    for deco in &plan.decos {
        decorate(&mut surface, deco)?;
    }
    let mut groups = Vec::new();
    let mut links = Vec::new();
    for block in &plan.blocks {
        let group = match block {
            Block::P(lines) => leaf_group(Tag::P, &mut surface, lines),
            Block::Heading(level, title, lines) => leaf_group(
                Tag::Hn(NonZeroU16::new(*level)?, Some(title.clone())),
                &mut surface,
                lines,
            ),
            Block::List(items) => {
                let mut list = TagGroup::new(Tag::L(ListNumbering::None));
                for lines in items {
                    let mut item = TagGroup::new(Tag::LI);
                    item.push(leaf_group(Tag::LBody, &mut surface, lines));
                    list.push(item);
                }
                list
            }
            Block::Link {
                before,
                link,
                url,
                alt,
            } => {
                let mut group = leaf_group(Tag::P, &mut surface, before);
                let mut target = TagGroup::new(Tag::Link);
                for line in link {
                    target.push(text(&mut surface, line));
                }
                // The annotation joins the group once the page's drawing is done.
                links.push((groups.len(), boxes(link), url.clone(), alt.clone()));
                group.push(target);
                group
            }
            Block::Qr {
                qr,
                alt,
                x,
                y,
                module,
            } => {
                let path = qr.path()?;
                surface.set_fill(Some(fill(INK)));
                surface.set_stroke(None);
                let id = surface.start_tagged(ContentTag::Other);
                surface.push_transform(&Transform::from_row(*module, 0.0, 0.0, *module, *x, *y));
                surface.draw_path(&path);
                surface.pop();
                surface.end_tagged();
                let mut figure = TagGroup::new(Tag::Figure(Some(alt.clone())));
                figure.push(id);
                figure
            }
        };
        groups.push(group);
    }
    surface.finish();

    for (index, area, url, alt) in links {
        let annotation = Annotation::new_link(
            LinkAnnotation::new(area?, Target::Action(LinkAction::new(url).into())),
            Some(alt),
        );
        let id = page.add_tagged_annotation(annotation);
        // The link is the last child of its paragraph.
        let paragraph = groups.get_mut(index)?;
        if let Some(Node::Group(link)) = paragraph.children.last_mut()
            && matches!(link.tag, TagKind::Link(_))
        {
            link.push(id);
        }
    }
    page.finish();

    let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
    for group in groups {
        tree.push(group);
    }
    Some((tree, outline))
}

trait PushOpt {
    fn push_child_opt(&mut self, node: Option<OutlineNode>);
}

impl PushOpt for Outline {
    fn push_child_opt(&mut self, node: Option<OutlineNode>) {
        if let Some(node) = node {
            self.push_child(node);
        }
    }
}

fn leaf_group(tag: impl Into<TagKind>, surface: &mut Surface<'_>, lines: &[Line]) -> TagGroup {
    let mut group = TagGroup::new(tag);
    for line in lines {
        group.push(text(surface, line));
    }
    group
}

/// One line as a tagged span of real text.
fn text(surface: &mut Surface<'_>, line: &Line) -> Node {
    let face = line.style.weight.face();
    let glyphs = face.shape(&line.text, line.style.tracking);
    surface.set_fill(Some(fill(line.style.color)));
    surface.set_stroke(None);
    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
    surface.draw_glyphs(
        Point::from_xy(line.x, line.y),
        &glyphs,
        face.font(),
        &line.text,
        line.style.size,
        false,
    );
    surface.end_tagged();
    Node::Leaf(id)
}

/// The area a link covers: the union of its lines' boxes.
fn boxes(lines: &[Line]) -> Option<Rect> {
    let mut area: Option<(f32, f32, f32, f32)> = None;
    for line in lines {
        let (l, t) = (line.x - 1.0, line.y - line.style.size);
        let (r, b) = (
            line.x + line.style.width(&line.text) + 1.0,
            line.y + line.style.size * 0.35,
        );
        area = Some(match area {
            None => (l, t, r, b),
            Some((l0, t0, r0, b0)) => (l0.min(l), t0.min(t), r0.max(r), b0.max(b)),
        });
    }
    let (l, t, r, b) = area?;
    Rect::from_ltrb(l, t, r, b)
}

fn decorate(surface: &mut Surface<'_>, deco: &Deco) -> Option<()> {
    surface.start_tagged(ContentTag::Artifact(Artifact::new(
        ArtifactType::Layout,
        None,
    )));
    let mut path = PathBuilder::new();
    match *deco {
        Deco::Box(x, y, w, h, color) => {
            path.push_rect(Rect::from_xywh(x, y, w, h)?);
            surface.set_fill(Some(fill(color)));
            surface.set_stroke(None);
        }
        Deco::Frame(inset, width) => {
            path.push_rect(Rect::from_xywh(
                inset,
                inset,
                PAGE_WIDTH - 2.0 * inset,
                PAGE_HEIGHT - 2.0 * inset,
            )?);
            surface.set_fill(None);
            surface.set_stroke(Some(stroke(ACCENT, width)));
        }
    }
    surface.draw_path(&path.finish()?);
    surface.set_stroke(None);
    surface.end_tagged();
    Some(())
}

/// The page planned: first without stretch to learn the spare height, then with
/// that height shared among the heading block's gaps.
fn plan(content: &Content) -> Option<Plan> {
    let qr = Qr::new(&content.url)?;
    let tight = plan_with(content, &qr, 0.0)?;
    let spare = (MIDDLE_BOTTOM - tight.middle_end).max(0.0);
    if spare < 1.0 {
        return Some(tight);
    }
    plan_with(
        content,
        &qr,
        (spare / (STRETCHY_GAPS + 1.0)).min(MAX_STRETCH),
    )
}

/// Centred lines of `text`, the first baseline at `y`, `leading` apart (at most
/// `max` lines, balanced); `y` is left on the last baseline.
fn centered(text: &str, style: Style, y: &mut f32, leading: f32, max: usize) -> Vec<Line> {
    let lines = balanced(&style, text, CONTENT_WIDTH, max);
    let count = lines.len();
    let placed = lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| Line {
            x: CENTER - style.width(&text) / 2.0,
            y: *y + i as f32 * leading,
            text,
            style,
        })
        .collect();
    *y += count.saturating_sub(1) as f32 * leading;
    placed
}

fn left(text: String, style: Style, x: f32, y: f32) -> Line {
    Line { text, style, x, y }
}

fn right(text: String, style: Style, y: f32) -> Line {
    let x = PAGE_WIDTH - MARGIN - style.width(&text);
    Line { text, style, x, y }
}

fn plan_with(content: &Content, qr: &Qr, stretch: f32) -> Option<Plan> {
    let mut plan = Plan::default();
    plan.decos.push(Deco::Frame(26.0, 1.4));
    plan.decos.push(Deco::Frame(31.0, 0.45));

    // The heading block, centred.
    let mut y = 96.0;
    let issuer = centered(&content.issuer, ISSUER, &mut y, 15.0, 2);
    plan.blocks.push(Block::P(issuer));
    plan.decos
        .push(Deco::Box(CENTER - 28.0, y + 10.0, 56.0, 0.9, ACCENT));
    y += 52.0;
    let title = centered(&content.title, TITLE, &mut y, 32.0, 2);
    plan.blocks
        .push(Block::Heading(1, content.title.clone(), title));

    y += 40.0 + stretch;
    plan.blocks
        .push(Block::P(centered(&content.certify, LEAD, &mut y, 16.0, 2)));
    let name_style = fit(NAME, &content.name, CONTENT_WIDTH, 17.0);
    y += name_style.size + 11.0;
    plan.blocks.push(Block::P(centered(
        &content.name,
        name_style,
        &mut y,
        name_style.size * 1.2,
        2,
    )));
    if let Some(municipality) = &content.municipality {
        y += 19.0;
        plan.blocks
            .push(Block::P(centered(municipality, NOTE, &mut y, 15.0, 1)));
    }
    y += 34.0 + stretch;
    plan.blocks.push(Block::P(centered(
        &content.completed_course,
        LEAD,
        &mut y,
        16.0,
        2,
    )));
    y += 26.0;
    plan.blocks
        .push(Block::P(centered(&content.course, COURSE, &mut y, 20.0, 3)));
    if !content.edition.is_empty() {
        y += 18.0;
        plan.blocks
            .push(Block::P(centered(&content.edition, NOTE, &mut y, 15.0, 2)));
    }
    y += 26.0 + stretch;
    plan.blocks.push(Block::P(centered(
        &content.completed_on,
        DATE,
        &mut y,
        16.0,
        2,
    )));

    // The programme: modules with their hours, then the totals.
    y += 24.0 + stretch;
    plan.decos
        .push(Deco::Box(MARGIN, y, CONTENT_WIDTH, 0.5, RULE));
    y += 24.0 + stretch;
    plan.blocks.push(Block::Heading(
        2,
        content.program.clone(),
        vec![left(content.program.clone(), HEADING, MARGIN, y)],
    ));
    y += 7.0;

    let totals_height = 8.0 + content.totals.len() as f32 * 17.0;
    let room = MIDDLE_BOTTOM - totals_height - y;
    let modules = plan_modules(&content.modules, room, &content.more_modules);
    let form = modules.form;
    let (style, hours_style) = (ITEM.sized(form.size), ITEM_HOURS.sized(form.size));
    let leading = form.leading();
    let per_column = modules.rows.len().div_ceil(form.columns);
    let top = y;
    let mut bottom = y;
    let mut items = Vec::new();
    for (index, row) in modules.rows.iter().enumerate() {
        if index > 0 && index % per_column == 0 {
            y = top;
        }
        let x = MARGIN + (index / per_column) as f32 * (form.column_width() + COLUMN_GAP);
        let mut lines = Vec::new();
        y += form.pad_top() + leading;
        let half = form.size * 0.14;
        plan.decos.push(Deco::Box(
            x + 3.0 - half,
            y - form.size * 0.33 - half,
            2.0 * half,
            2.0 * half,
            ACCENT,
        ));
        let last = row.lines.len().saturating_sub(1);
        for (i, text) in row.lines.iter().enumerate() {
            // The title ends in a space, so a reader does not glue it to the hours.
            let text = if i == last && !row.hours.is_empty() {
                format!("{} ", text.trim_end())
            } else {
                text.clone()
            };
            lines.push(left(text, style, x + BULLET_INDENT, y));
            if i < last {
                y += leading;
            }
        }
        if !row.hours.is_empty() {
            let hours_x = x + form.column_width() - hours_style.width(&row.hours);
            lines.push(left(row.hours.clone(), hours_style, hours_x, y));
        }
        y += form.pad_bottom();
        if form.ruled {
            plan.decos
                .push(Deco::Box(x, y - 0.15, form.column_width(), 0.3, RULE));
        }
        bottom = bottom.max(y);
        items.push(lines);
    }
    y = bottom;
    if !items.is_empty() {
        plan.blocks.push(Block::List(items));
    }
    if let Some(more) = &modules.more {
        y += leading;
        plan.blocks.push(Block::P(vec![left(
            more.clone(),
            hours_style,
            MARGIN + BULLET_INDENT,
            y,
        )]));
        y += form.size * 0.4;
    }
    y += 8.0;
    for (label, value) in &content.totals {
        y += 17.0;
        plan.blocks.push(Block::P(vec![
            left(format!("{label} "), TOTAL, MARGIN, y),
            right(value.clone(), TOTAL, y),
        ]));
    }
    plan.middle_end = y;

    // The bottom block: QR code on the left, code and verification on its right.
    plan.decos.push(Deco::Box(
        MARGIN,
        BOTTOM_TOP - 14.0,
        CONTENT_WIDTH,
        0.5,
        RULE,
    ));
    let modules_per_side = qr.modules();
    let module = QR_SIDE / (modules_per_side + 2 * QUIET_ZONE) as f32;
    let quiet = QUIET_ZONE as f32 * module;
    // The symbol lines up with the margin; its quiet zone lies in the margin.
    let (qr_x, qr_y) = (MARGIN, BOTTOM_TOP + quiet);
    let column = MARGIN + QR_SIDE - quiet + 16.0;
    let column_width = PAGE_WIDTH - MARGIN - column;

    let mut y = qr_y + 7.0;
    plan.blocks.push(Block::P(vec![
        left(format!("{} ", content.code_label), LABEL, column, y),
        left(content.code.clone(), CODE, column, y + 16.0),
    ]));
    y += 33.0;
    let issued = wrap(&SMALL, &content.issued, column_width, 2)
        .into_iter()
        .enumerate()
        .map(|(i, text)| left(text, SMALL, column, y + i as f32 * 12.0))
        .collect::<Vec<_>>();
    y += issued.len() as f32 * 12.0 + 8.0;
    plan.blocks.push(Block::P(issued));
    let before = vec![left(format!("{} ", content.verify_label), LABEL, column, y)];
    y += 13.0;
    // At most three lines: a longer URL (none that Aula makes) is cut short on
    // paper, whole in the QR code and the link.
    let mut url_lines = wrap_url(&URL, &content.url, column_width);
    if url_lines.len() > MAX_URL_LINES {
        url_lines.truncate(MAX_URL_LINES);
        if let Some(last) = url_lines.last_mut() {
            *last = ellipsize(&URL, last, column_width);
        }
    }
    let link = url_lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| left(text, URL, column, y + i as f32 * 12.0))
        .collect();
    plan.blocks.push(Block::Link {
        before,
        link,
        url: content.url.clone(),
        alt: content.link_alt.clone(),
    });
    plan.blocks.push(Block::Qr {
        qr: qr.clone(),
        alt: content.qr_alt.clone(),
        x: qr_x,
        y: qr_y,
        module,
    });

    if let Some(note) = &content.footnote {
        let lines = balanced(&FOOT, note, CONTENT_WIDTH, 2);
        let mut y = FOOT_BASELINE - lines.len().saturating_sub(1) as f32 * 10.0;
        let mut placed = Vec::new();
        for text in lines {
            placed.push(Line {
                x: CENTER - FOOT.width(&text) / 2.0,
                y,
                text,
                style: FOOT,
            });
            y += 10.0;
        }
        plan.blocks.push(Block::P(placed));
    }
    Some(plan)
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: color.color().into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn stroke(color: Rgb, width: f32) -> Stroke {
    Stroke {
        paint: color.color().into(),
        width,
        ..Default::default()
    }
}

/// Like [`wrap`], but lines of about the same length: the narrowest width that
/// needs no more lines than the full width (a title does not leave one word alone
/// on its last line).
fn balanced(style: &Style, text: &str, width: f32, max: usize) -> Vec<String> {
    let full = wrap(style, text, width, usize::MAX);
    if full.len() < 2 || full.len() > max {
        return wrap(style, text, width, max);
    }
    let (mut lo, mut hi) = (width / full.len() as f32, width);
    for _ in 0..12 {
        let mid = (lo + hi) / 2.0;
        if wrap(style, text, mid, usize::MAX).len() <= full.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(style, text, hi, max)
}

/// `style`, smaller if needed (down to `min` points) for `text` to fit one line.
fn fit(style: Style, text: &str, width: f32, min: f32) -> Style {
    let natural = style.width(text);
    if natural <= width {
        return style;
    }
    style.sized((style.size * width / natural).max(min))
}

/// `text` broken into lines no wider than `width`, at spaces (a word wider than a
/// line is broken between characters); each line but the last keeps its trailing
/// space, so the words stay apart when the text is extracted. At most `max` lines:
/// the last one then ends in an ellipsis.
fn wrap(style: &Style, text: &str, width: f32, max: usize) -> Vec<String> {
    // Each word is measured once; a line is its words and the spaces between them
    // (kerning across a space is nil in Noto Sans).
    let space = style.advance(" ");
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text.split_whitespace() {
        let word_width = style.advance(word);
        if line.is_empty() && word_width <= width {
            line.push_str(word);
            line_width = word_width;
            continue;
        }
        if !line.is_empty() && line_width + space + word_width <= width {
            line.push(' ');
            line.push_str(word);
            line_width += space + word_width;
            continue;
        }
        if !line.is_empty() {
            line.push(' ');
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line: broken between characters.
        let (mut start, mut start_x) = (0, 0.0);
        let (mut previous, mut previous_x) = (0, 0.0);
        for (end, x) in style.prefixes(word) {
            if x - start_x > width && previous > start {
                lines.push(word[start..previous].to_string());
                (start, start_x) = (previous, previous_x);
            }
            (previous, previous_x) = (end, x);
        }
        line = word[start..].to_string();
        line_width = previous_x - start_x;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(style, last.trim_end(), width);
        }
    }
    lines
}

/// `text` cut to fit `width` with a trailing ellipsis.
fn ellipsize(style: &Style, text: &str, width: f32) -> String {
    let room = width - style.advance("…");
    let cut = style
        .prefixes(text)
        .into_iter()
        .take_while(|&(_, x)| x <= room)
        .last()
        .map_or(0, |(end, _)| end);
    format!("{}…", text[..cut].trim_end())
}

/// A URL in lines no wider than `width`, broken after a `/` where possible; no
/// spaces are added, so the extracted text is the URL.
fn wrap_url(style: &Style, url: &str, width: f32) -> Vec<String> {
    let prefixes = style.prefixes(url);
    let mut lines = Vec::new();
    let (mut start, mut start_x) = (0, 0.0);
    while start < url.len() {
        let fitting: Vec<(usize, f32)> = prefixes
            .iter()
            .copied()
            .filter(|&(end, x)| end > start && x - start_x <= width)
            .collect();
        let (cut, cut_x) = match fitting.last() {
            // Not even one character fits: take one anyway.
            None => match prefixes.iter().find(|&&(end, _)| end > start) {
                Some(&first) => first,
                None => break,
            },
            Some(&(fits, fits_x)) if fits == url.len() => (fits, fits_x),
            // Preferably just after a '/' in the second half of the line.
            Some(&last) => fitting
                .iter()
                .rev()
                .find(|&&(end, _)| url[..end].ends_with('/') && end - start > (last.0 - start) / 2)
                .copied()
                .unwrap_or(last),
        };
        lines.push(url[start..cut].to_string());
        (start, start_x) = (cut, cut_x);
    }
    lines
}

/// Space between the two columns of a long programme.
const COLUMN_GAP: f32 = 22.0;
/// Indent of a module's title after its bullet.
const BULLET_INDENT: f32 = 12.0;

/// How the modules are set: type size, lines per title, rules between rows,
/// columns.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Form {
    size: f32,
    max_lines: usize,
    ruled: bool,
    columns: usize,
}

impl Form {
    /// From roomiest to densest.
    const ALL: [Form; 5] = [
        Form::new(10.0, 2, true, 1),
        Form::new(9.0, 2, true, 1),
        Form::new(8.5, 1, false, 1),
        Form::new(8.0, 1, false, 2),
        Form::new(7.5, 1, false, 2),
    ];

    const fn new(size: f32, max_lines: usize, ruled: bool, columns: usize) -> Form {
        Form {
            size,
            max_lines,
            ruled,
            columns,
        }
    }

    fn leading(&self) -> f32 {
        self.size * if self.ruled { 1.32 } else { 1.3 }
    }

    fn pad_top(&self) -> f32 {
        if self.ruled { self.size * 0.25 } else { 0.0 }
    }

    fn pad_bottom(&self) -> f32 {
        if self.ruled {
            self.size * 0.55
        } else {
            self.size * 0.15
        }
    }

    fn column_width(&self) -> f32 {
        (CONTENT_WIDTH - (self.columns - 1) as f32 * COLUMN_GAP) / self.columns as f32
    }

    fn row_height(&self, lines: usize) -> f32 {
        self.pad_top() + self.pad_bottom() + self.leading() * lines as f32
    }

    /// The modules' rows in this form, and the height of the tallest column.
    fn rows(&self, modules: &[(String, String)]) -> (Vec<ModuleRow>, f32) {
        let style = ITEM.sized(self.size);
        let hours_style = ITEM_HOURS.sized(self.size);
        let rows: Vec<ModuleRow> = modules
            .iter()
            .map(|(title, hours)| {
                let hours_width = if hours.is_empty() {
                    0.0
                } else {
                    hours_style.width(hours) + 12.0
                };
                let width = self.column_width() - BULLET_INDENT - hours_width;
                ModuleRow {
                    lines: wrap(&style, title, width, self.max_lines),
                    hours: hours.clone(),
                }
            })
            .collect();
        let per_column = rows.len().div_ceil(self.columns).max(1);
        let height = rows
            .chunks(per_column)
            .map(|column| {
                column
                    .iter()
                    .map(|row| self.row_height(row.lines.len()))
                    .sum::<f32>()
            })
            .fold(0.0, f32::max);
        (rows, height)
    }
}

/// The module rows that fit, and the line for those that do not.
struct ModulePlan {
    form: Form,
    rows: Vec<ModuleRow>,
    more: Option<String>,
}

struct ModuleRow {
    lines: Vec<String>,
    hours: String,
}

/// Sets the modules in `room` points in the roomiest form that holds them all;
/// failing that, as many as the densest form holds and a line saying how many are
/// left out.
fn plan_modules(
    modules: &[(String, String)],
    room: f32,
    more: &dyn Fn(usize) -> String,
) -> ModulePlan {
    for form in Form::ALL {
        let (rows, height) = form.rows(modules);
        if height <= room {
            return ModulePlan {
                form,
                rows,
                more: None,
            };
        }
    }
    let form = Form::ALL[Form::ALL.len() - 1];
    let (mut rows, _) = form.rows(modules);
    let per_column = ((room - form.leading() - form.size * 0.4) / form.row_height(1))
        .floor()
        .max(0.0) as usize;
    let fitting = per_column * form.columns;
    let left_out = rows.len().saturating_sub(fitting);
    rows.truncate(fitting);
    ModulePlan {
        form,
        rows,
        more: (left_out > 0).then(|| more(left_out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(name: &str, course: &str, modules: usize, url: &str) -> Content {
        Content {
            issuer: "Comune di Perugia — Servizio formazione del personale".into(),
            title: "Attestato di partecipazione".into(),
            certify: "si attesta che".into(),
            name: name.into(),
            municipality: Some("Comune di Città di Castello".into()),
            completed_course: "ha completato il corso".into(),
            course: course.into(),
            edition: "4ª edizione 2026".into(),
            completed_on: "concluso il 2 dicembre 2026".into(),
            program: "Programma del corso".into(),
            modules: (1..=modules)
                .map(|m| {
                    (
                        format!("Modulo {m}: il quadro normativo e i decreti attuativi"),
                        "1 ora e 30 minuti".to_string(),
                    )
                })
                .collect(),
            more_modules: Box::new(|n| format!("… e altri {n} moduli")),
            totals: vec![
                ("Ore di formazione a distanza".into(), "12 ore".into()),
                ("Ore di formazione in aula".into(), "4 ore".into()),
                ("Totale ore di formazione".into(), "16 ore".into()),
            ],
            code_label: "Codice dell'attestato".into(),
            code: "AULA-7K3M-Q9X2-HF4T".into(),
            issued: "Rilasciato il 3 dicembre 2026".into(),
            verify_label: "Verifica l'autenticità su".into(),
            url: url.into(),
            qr_alt: "Codice QR".into(),
            link_alt: "Pagina di verifica".into(),
            footnote: Some("Il file contiene la credenziale firmata.".into()),
        }
    }

    /// Every line's box: left, top, right, bottom.
    fn boxes(plan: &Plan) -> Vec<(String, [f32; 4])> {
        let mut all = Vec::new();
        let add = |all: &mut Vec<(String, [f32; 4])>, lines: &[Line]| {
            for l in lines {
                let right = l.x + l.style.width(&l.text);
                let (top, bottom) = (l.y - 0.75 * l.style.size, l.y + 0.22 * l.style.size);
                all.push((l.text.clone(), [l.x, top, right, bottom]));
            }
        };
        for block in &plan.blocks {
            match block {
                Block::P(lines) | Block::Heading(_, _, lines) => add(&mut all, lines),
                Block::List(items) => items.iter().for_each(|lines| add(&mut all, lines)),
                Block::Link { before, link, .. } => {
                    add(&mut all, before);
                    add(&mut all, link);
                }
                Block::Qr {
                    qr, x, y, module, ..
                } => {
                    let side = qr.modules() as f32 * module;
                    all.push(("QR".into(), [*x, *y, x + side, y + side]));
                }
            }
        }
        all
    }

    #[test]
    fn nothing_overlaps_and_everything_stays_inside_the_frame() {
        let long_url = format!(
            "https://formazione.esempio-di-ente-molto-lungo.example.it/{}/verify/AULA-7K3M-Q9X2-HF4T",
            "percorso/".repeat(6)
        );
        let cases = [
            content(
                "Nicolò D'Angelo",
                "Anticorruzione",
                4,
                "https://x.it/verify/A",
            ),
            content(
                "Maria Giovanna Elisabetta Caterina Teresa de' Medici-Lorenzetti Bartolomei",
                &"Prevenzione della corruzione e trasparenza ".repeat(5),
                14,
                &long_url,
            ),
            content("Anna Bo", "Corso", 0, "https://x.it/verify/B"),
            content("Anna Bo", "Corso", 33, "https://x.it/verify/C"),
            content("Anna Bo", "Corso", 90, &long_url),
            content(
                &"Nicolò".repeat(400),
                &"x".repeat(5000),
                3,
                &"a".repeat(900),
            ),
        ];
        for (case, content) in cases.iter().enumerate() {
            let plan = plan(content).expect("planned");
            let boxes = boxes(&plan);
            for (text, [l, t, r, b]) in &boxes {
                assert!(
                    *l >= MARGIN - 0.5 && *r <= PAGE_WIDTH - MARGIN + 0.5,
                    "case {case}: {text:?} runs out sideways ({l}..{r})"
                );
                assert!(
                    *t >= 40.0 && *b <= PAGE_HEIGHT - 40.0,
                    "case {case}: {text:?} runs out of the frame ({t}..{b})"
                );
            }
            for (i, (a, [al, at, ar, ab])) in boxes.iter().enumerate() {
                for (b, [bl, bt, br, bb]) in &boxes[i + 1..] {
                    let apart = ar <= bl || br <= al || ab <= bt || bb <= at;
                    assert!(apart, "case {case}: {a:?} overlaps {b:?}");
                }
            }
        }
    }

    #[test]
    fn lines_fit_and_keep_every_word() {
        let text = "Conflitto di interessi, incompatibilità e inconferibilità degli incarichi: \
                    casi pratici e giurisprudenza recentissima Supercalifragilistichespiralidoso";
        for width in [60.0, 120.0, 250.0, 1000.0] {
            let lines = wrap(&ITEM, text, width, usize::MAX);
            for line in &lines {
                assert!(
                    ITEM.width(line) <= width + 0.01,
                    "{line:?} wider than {width}"
                );
            }
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
            // Every line but the last ends in a space, unless a word was cut.
            let joined: String = lines.concat();
            assert!(joined.split_whitespace().count() >= text.split_whitespace().count());
            let balanced = balanced(&ITEM, text, width, usize::MAX);
            assert_eq!(balanced.len(), lines.len(), "balancing adds no line");
        }
        let cut = wrap(&ITEM, text, 120.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…') && ITEM.width(&cut[1]) <= 120.01);

        let url = "https://formazione.example.it/percorsi/verifica/verify/AULA-7K3M-Q9X2-HF4T";
        for width in [5.0, 80.0, 150.0, 400.0] {
            let lines = wrap_url(&URL, url, width);
            assert_eq!(lines.concat(), url, "the URL is kept whole");
            for line in &lines {
                assert!(line.chars().count() == 1 || URL.width(line) <= width + 0.01);
            }
        }
        assert_eq!(wrap_url(&URL, url, 400.0).len(), 1);
        assert!(
            wrap_url(&URL, url, 150.0)[0].ends_with('/'),
            "broken after a slash"
        );
    }
}
