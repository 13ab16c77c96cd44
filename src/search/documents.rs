//! What goes into the index: one document per lesson, per article of the library and
//! per glossary term, built from the catalog and the database; and one per translation
//! of a lesson into a language the index analyses ([`TRANSLATED`]: German), with its
//! own id (`<lesson id>@de`), the lesson's URL, its text in German fields and the
//! original's in the Italian ones. Searchers of that language get it instead of the
//! Italian lesson (see `searcher.rs`).

use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

use super::analysis::{Lang, TRANSLATED};
use super::passages::{Passage, passages};
use super::schema::{Fields, group_key};
use crate::content::Catalog;
use crate::content::library::{act_short_name, view};
use crate::content::markdown;
use crate::db::library::article;

/// Kinds of hit.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A lesson of a course.
    #[default]
    Lesson,
    /// An article of the library.
    Article,
    /// A glossary term.
    Glossary,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 3] = [Kind::Lesson, Kind::Article, Kind::Glossary];

    /// The value used in the index, URLs and the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Lesson => "lesson",
            Self::Article => "article",
            Self::Glossary => "glossary",
        }
    }

    /// Parses a slug.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == value)
    }
}

/// One document, before it is handed to tantivy.
#[derive(Debug, Default, Clone, Serialize)]
pub struct SearchDoc {
    /// Hit id.
    pub id: String,
    /// Kind.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Headings, tags or structure.
    pub headings: String,
    /// Body text.
    pub body: String,
    /// Where it sits, for display.
    pub context: String,
    /// Page URL.
    pub url: String,
    /// Course id.
    pub course: Option<String>,
    /// `course/module`.
    pub module: Option<String>,
    /// Act id.
    pub act: Option<String>,
    /// Article ids cited.
    pub cites: Vec<String>,
    /// An article's rubrica.
    pub rubrica: String,
    /// An article's label (`29-bis`).
    pub label: String,
    /// Anchor text: what lessons and glossary terms citing it say (articles).
    pub anchors: String,
    /// An article's passages, indexed as documents of their own.
    pub passages: Vec<Passage>,
    /// The language of what the hit shows: Italian, or a translation's.
    pub lang: Lang,
    /// A translated lesson's own text, in `lang` (the fields above hold the
    /// original's).
    pub translation: Option<TranslatedText>,
    /// On an Italian lesson: the languages it also has a document in.
    pub translated: Vec<Lang>,
}

/// The text of a lesson in another language.
#[derive(Debug, Default, Clone, Serialize)]
pub struct TranslatedText {
    /// Title.
    pub title: String,
    /// Headings.
    pub headings: String,
    /// Summary and text.
    pub body: String,
}

impl SearchDoc {
    /// The tantivy documents: this one, then its passages.
    pub fn to_tantivy(&self, f: &Fields) -> Vec<TantivyDocument> {
        let mut docs = vec![self.main_document(f)];
        let group = group_key(&self.id);
        for passage in &self.passages {
            let mut doc = TantivyDocument::default();
            doc.add_u64(f.group, group);
            doc.add_text(f.p_text, &passage.text);
            doc.add_text(f.p_exact, &passage.text);
            doc.add_text(f.p_rubrica, &self.rubrica);
            if let Some(act) = &self.act {
                doc.add_text(f.p_act, act);
            }
            doc.add_text(f.p_anchor, &passage.anchor);
            doc.add_text(f.p_comma, &passage.comma);
            if let Some(letter) = &passage.letter {
                doc.add_text(f.p_letter, letter);
            }
            docs.push(doc);
        }
        docs
    }

    fn main_document(&self, f: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &self.id);
        doc.add_text(f.kind, self.kind.slug());
        doc.add_text(f.lang, self.lang.code());
        for lang in &self.translated {
            doc.add_text(f.translated, lang.code());
        }
        doc.add_text(f.title, &self.title);
        doc.add_text(f.title_exact, &self.title);
        doc.add_text(f.headings, &self.headings);
        doc.add_text(f.body, &self.body);
        doc.add_text(f.body_exact, &self.body);
        if let (Some(text), Some(own)) = (&self.translation, f.translated(self.lang)) {
            doc.add_text(own.title, &text.title);
            doc.add_text(own.headings, &text.headings);
            doc.add_text(own.body, &text.body);
            // Exact matches and phrases know no language: both texts.
            doc.add_text(f.title_exact, &text.title);
            doc.add_text(f.body_exact, &text.body);
        }
        doc.add_text(f.context, &self.context);
        doc.add_text(f.url, &self.url);
        doc.add_facet(f.facets, Facet::from_path(["kind", self.kind.slug()]));
        if let Some(course) = &self.course {
            doc.add_text(f.course, course);
            doc.add_facet(f.facets, Facet::from_path(["course", course.as_str()]));
        }
        if let Some(module) = &self.module {
            doc.add_text(f.module, module);
            doc.add_facet(f.facets, Facet::from_path(["module", module.as_str()]));
        }
        if let Some(act) = &self.act {
            doc.add_text(f.act, act);
            doc.add_facet(f.facets, Facet::from_path(["act", act.as_str()]));
        }
        if self.kind == Kind::Article {
            doc.add_text(f.article, &self.id);
            doc.add_u64(f.group, group_key(&self.id));
            doc.add_text(f.rubrica, &self.rubrica);
            doc.add_text(f.label, &self.label);
            doc.add_text(f.anchors, &self.anchors);
        }
        for cited in &self.cites {
            doc.add_text(f.cites, cited);
        }
        doc
    }
}

/// The documents of the courses: lessons (and their translations) and glossary terms.
pub fn course_docs(catalog: &Catalog) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (course, module, lesson) in catalog.lessons() {
        let mut headings: Vec<&str> = lesson.toc.iter().map(|t| t.text.as_str()).collect();
        headings.extend(lesson.tags.iter().map(String::as_str));
        let translations: Vec<(Lang, &crate::content::model::LessonText)> = TRANSLATED
            .into_iter()
            .filter_map(|lang| Some((lang, lesson.translation(lang.code())?)))
            .collect();
        let original = SearchDoc {
            id: lesson.id.clone(),
            kind: Kind::Lesson,
            title: lesson.title.clone(),
            headings: headings.join("\n"),
            body: format!(
                "{}\n\n{}",
                lesson.summary,
                markdown::plain_text(&lesson.body)
            ),
            context: format!("{} › {}", course.title, module.title),
            url: format!("/courses/{}", lesson.id),
            course: Some(course.id.clone()),
            module: Some(format!("{}/{}", course.id, module.id)),
            act: None,
            cites: lesson.citations.clone(),
            rubrica: String::new(),
            label: String::new(),
            anchors: String::new(),
            passages: Vec::new(),
            lang: Lang::It,
            translation: None,
            translated: translations.iter().map(|(lang, _)| *lang).collect(),
        };
        let own: Vec<SearchDoc> = translations
            .iter()
            .map(|(lang, text)| {
                let headings: Vec<&str> = text.toc.iter().map(|t| t.text.as_str()).collect();
                SearchDoc {
                    id: format!("{}@{}", lesson.id, lang.code()),
                    context: format!("{} › {}", course.title, module.title_in(lang.code())),
                    lang: *lang,
                    translation: Some(TranslatedText {
                        title: text.title.clone(),
                        headings: headings.join("\n"),
                        body: format!("{}\n\n{}", text.summary, markdown::plain_text(&text.body)),
                    }),
                    translated: Vec::new(),
                    ..original.clone()
                }
            })
            .collect();
        docs.push(original);
        docs.extend(own);
    }
    for course in &catalog.courses {
        for term in &course.glossary {
            docs.push(SearchDoc {
                id: format!("{}/glossario#{}", course.id, term.anchor),
                kind: Kind::Glossary,
                title: term.term.clone(),
                headings: term.see.join("\n"),
                body: term.definition.clone(),
                context: format!("{} › Glossario", course.title),
                url: format!("/courses/{}/glossario#{}", course.id, term.anchor),
                course: Some(course.id.clone()),
                module: None,
                act: None,
                cites: Vec::new(),
                rubrica: String::new(),
                label: String::new(),
                anchors: String::new(),
                passages: Vec::new(),
                ..SearchDoc::default()
            });
        }
    }
    docs
}

/// The document of an article of the library, with its passages and its anchor text
/// (see `anchors.rs`).
pub fn article_doc(model: &article::Model, anchors: Option<&String>) -> SearchDoc {
    let act = act_short_name(&model.act_id);
    let title = match &model.heading {
        Some(heading) => format!("Art. {} {act} – {heading}", model.label),
        None => format!("Art. {} {act}", model.label),
    };
    let structure: Vec<String> = serde_json::from_str(&model.structure).unwrap_or_default();
    SearchDoc {
        id: model.id.clone(),
        kind: Kind::Article,
        title,
        headings: structure.join("\n"),
        body: view::plain_text(model),
        context: act,
        url: format!("/library/{}", model.id),
        course: None,
        module: None,
        act: Some(model.act_id.clone()),
        cites: Vec::new(),
        rubrica: model.heading.clone().unwrap_or_default(),
        label: model.label.clone(),
        anchors: anchors.cloned().unwrap_or_default(),
        passages: passages(model),
        ..SearchDoc::default()
    }
}

/// A hash of the course documents: changes when what the index holds of the courses
/// would change. (The thesaurus is applied to queries, not stored in the index.)
pub fn fingerprint(docs: &[SearchDoc]) -> String {
    let text = serde_json::to_string(docs).unwrap_or_default();
    crate::content::library::content_hash(&text)
}
