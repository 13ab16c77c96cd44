//! Unit tests of the parts both parsers share: ids and slugs, kinds, headings and
//! titles, duplicate ids, finishing an act.

use super::*;

#[test]
fn ids_and_slugs() {
    assert_eq!(act_id("dlgs", "286", 1998), "dlgs-286-1998");
    assert_eq!(label_slug("29-bis"), "29-bis");
    assert_eq!(label_slug("14.1"), "14-1");
    assert_eq!(label_slug("39-bis.1"), "39-bis-1");
    assert_eq!(label_slug("Unico "), "unico");
    let article = ParsedArticle::new("14.1", vec![]);
    assert_eq!(article.id("dlgs-286-1998"), "dlgs-286-1998/art-14-1");
}

#[test]
fn kinds() {
    assert_eq!(kind_from_tipo("DECRETO LEGISLATIVO"), Some("dlgs"));
    assert_eq!(kind_from_tipo("DECRETO-LEGGE"), Some("dl"));
    assert_eq!(kind_from_tipo("LEGGE"), Some("l"));
    assert_eq!(
        kind_from_tipo("DECRETO DEL PRESIDENTE DELLA REPUBBLICA"),
        Some("dpr")
    );
    assert_eq!(kind_from_tipo("DECRETO MINISTERIALE"), Some("dm"));
    assert_eq!(
        kind_from_tipo("DECRETO DEL PRESIDENTE DEL CONSIGLIO DEI MINISTRI"),
        Some("dpcm")
    );
    assert_eq!(kind_from_tipo("REGIO DECRETO"), None);
}

#[test]
fn headings_and_titles() {
    assert_eq!(
        normalize_heading("(( (Proroga del visto). ))").as_deref(),
        Some("Proroga del visto")
    );
    assert_eq!(
        normalize_heading("(Accordo di integrazione).").as_deref(),
        Some("Accordo di integrazione")
    );
    assert_eq!(
        normalize_heading("Misure ((di accoglienza))").as_deref(),
        Some("Misure ((di accoglienza))")
    );
    assert_eq!(
        normalize_heading("( Soggiorno di studenti, tirocinio ((...)) ).").as_deref(),
        Some("Soggiorno di studenti, tirocinio ((...))")
    );
    assert_eq!(normalize_heading("(a) e (b)").as_deref(), Some("(a) e (b)"));
    assert_eq!(normalize_heading(" — ( ) "), None);
    assert_eq!(
        normalize_heading("Rilascio del permesso\nper motivi sociali)").as_deref(),
        Some("Rilascio del permesso per motivi sociali")
    );
    assert_eq!(
        normalize_heading("(( (Verifica di\nofferta) ))").as_deref(),
        Some("Verifica di offerta")
    );
    assert_eq!(
        strip_title_code("Attuazione della direttiva. (15G00158)"),
        "Attuazione della direttiva."
    );
    assert_eq!(
        strip_title_code("Testo unico (Testo A)."),
        "Testo unico (Testo A)."
    );
    assert_eq!(
        designation("TITOLO II").map(|d| d.1).as_deref(),
        Some("Titolo II")
    );
    assert_eq!(
        designation("SEZIONE SECONDA").map(|d| d.1).as_deref(),
        Some("Sezione seconda")
    );
    assert_eq!(designation("Capo I"), Some((4, "Capo I".to_string())));
    assert_eq!(designation("Capo I della legge"), None);
    assert!(is_iso_date("1998-07-25") && !is_iso_date("1998-7-25"));
    let units = structure_units("SANITA'. CAPO I DISPOSIZIONI", designation("TITOLO V"));
    let expected = vec![
        (3, "Titolo V - SANITA'".into()),
        (4, "Capo I - DISPOSIZIONI".into()),
    ];
    assert_eq!(units, expected);
    let units = structure_units("(( FIRME ))", designation("SEZIONE V"));
    assert_eq!(units, vec![(5, "Sezione V - FIRME".to_string())]);
    assert_eq!(
        structure_units("Allegato", None),
        vec![(6, "Allegato".to_string())]
    );
}

#[test]
fn duplicate_ids_are_reported() {
    let act = ParsedAct {
        id: "l-1-2000".into(),
        kind: "l".into(),
        number: "1".into(),
        year: 2000,
        date: None,
        title: String::new(),
        urn: None,
        in_force_at: None,
        articles: vec![],
    };
    let article = |label: &str| ParsedArticle::new(label, vec![]);
    let ok = act
        .clone()
        .with_articles(vec![(article("1"), 3), (article("1-bis"), 9)]);
    assert_eq!(ok.map(|a| a.articles.len()), Ok(2));
    let err = act.with_articles(vec![
        (article("14.1"), 3),
        (article("2"), 9),
        (article("14 1"), 20),
    ]);
    assert_eq!(err.map_err(|e| e.line), Err(20));
}

#[test]
fn finishing_balances_and_flags() {
    let mut article = ParsedArticle::new("3", vec![]);
    article.intro = "  ((ARTICOLO ABROGATO DAL D.LGS. 1 MARZO 2099, N. 1000)) \n".into();
    article.notes = vec![String::new(), "AGGIORNAMENTO (1)".into()];
    article.finish(false);
    assert!(article.repealed);
    assert_eq!(article.notes.len(), 1);
    let mut article = ParsedArticle::new("2", vec![]);
    article.commi = vec![
        ParsedComma {
            label: "1".into(),
            text: "((primo".into(),
        },
        ParsedComma {
            label: "2".into(),
            text: "secondo))".into(),
        },
    ];
    article.finish(false);
    assert_eq!(article.commi[0].text, "((primo))");
    assert_eq!(article.commi[1].text, "((secondo))");
    assert!(!article.repealed);
}
