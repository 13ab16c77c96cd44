//! The adapter's reading of Normattiva's pages and answers.

use reqwest::Url;

use super::{PageFields, PageProblem, read_page};

fn page_url() -> Url {
    Url::parse("https://example.test/atto/caricaDettaglioAtto?atto.codiceRedazionale=99G0990")
        .expect("valid URL")
}

/// A page with the three hidden fields (dates as given) and a link.
fn page(gazette: &str, in_force: &str, link: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><body>
        <form name="dettaglio" action="/do/atto/vigenza" method="post">
          <input type="hidden" name="atto.dataPubblicazioneGazzetta" value="{gazette}"/>
          <input value="99G0990" name='atto.codiceRedazionale' type="hidden">
          <INPUT TYPE=hidden NAME=atto.dataVigenza VALUE="{in_force}">
        </form>
        <a class="btn" href="/do/atto/export">Esporta PDF</a>
        <a title="Akoma Ntoso" href="{link}">AKN</a>
        </body></html>"#
    )
}

#[test]
fn hidden_fields_are_read_in_every_date_form() {
    let link =
        "/do/atto/caricaAKN?dataGU=20990210&amp;codiceRedaz=99G0990&amp;dataVigenza=20990301";
    for (gazette, in_force) in [
        ("20990210", "20990301"),
        ("2099-02-10", "2099-03-01"),
        ("10/02/2099", "01/03/2099"),
    ] {
        let fields = read_page(&page(gazette, in_force, link), &page_url()).expect("an act");
        assert_eq!(
            fields,
            PageFields {
                gazette_date: "2099-02-10".into(),
                gazette_code: "99G0990".into(),
                in_force_at: "2099-03-01".into(),
                export: Url::parse(
                    "https://example.test/do/atto/caricaAKN?dataGU=20990210&codiceRedaz=99G0990&dataVigenza=20990301"
                )
                .expect("valid URL"),
            },
            "{gazette} {in_force}"
        );
    }
}

#[test]
fn the_link_is_followed_as_given_relative_or_absolute() {
    let relative = read_page(
        &page(
            "20990210",
            "20990301",
            "caricaAKN?atto.dataGU=20990210&amp;atto.codiceRedaz=99G0990",
        ),
        &page_url(),
    )
    .expect("an act");
    assert_eq!(
        relative.export.as_str(),
        "https://example.test/atto/caricaAKN?atto.dataGU=20990210&atto.codiceRedaz=99G0990"
    );
    let absolute = read_page(
        &page(
            "20990210",
            "20990301",
            "https://export.example.test/do/atto/caricaAKN?dataGU=20990210&#38;codiceRedaz=99G0990",
        ),
        &page_url(),
    )
    .expect("an act");
    assert_eq!(
        absolute.export.as_str(),
        "https://export.example.test/do/atto/caricaAKN?dataGU=20990210&codiceRedaz=99G0990"
    );
}

#[test]
fn a_missing_field_or_link_is_named() {
    let full = page("20990210", "20990301", "/do/atto/caricaAKN?dataGU=20990210");
    let without_field = full.replace("atto.dataVigenza", "atto.altraData");
    assert_eq!(
        read_page(&without_field, &page_url()),
        Err(PageProblem::Missing("the field atto.dataVigenza".into()))
    );
    let without_link = full.replace("caricaAKN", "caricaPDF");
    let Err(PageProblem::Missing(what)) = read_page(&without_link, &page_url()) else {
        panic!("the link is missing");
    };
    assert!(what.contains("Akoma Ntoso export"), "{what}");
    let bad_date = page("ieri", "20990301", "/do/atto/caricaAKN?x=1");
    let Err(PageProblem::Missing(what)) = read_page(&bad_date, &page_url()) else {
        panic!("the date is not a date");
    };
    assert!(what.contains("atto.dataPubblicazioneGazzetta") && what.contains("«ieri»"));
    assert_eq!(
        read_page("<html><body>Pagina non trovata</body></html>", &page_url()),
        Err(PageProblem::NoAct)
    );
}
