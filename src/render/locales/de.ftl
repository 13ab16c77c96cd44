# Benutzeroberfläche von Aula auf Deutsch. Jeder Text, den eine Vorlage anzeigt, kommt von hier.
#
# Terminologie (Italienisch → Deutsch), ein deutsches Wort pro Begriff:
#   discente → Teilnehmerin/Teilnehmer (Rolle, Spaltenkopf); Mehrzahl: Teilnehmende;
#     Einzahl im Satz: die teilnehmende Person
#   tutor → Tutorin/Tutor (Rolle); im Satz: die Tutorin oder der Tutor; Bereich im Menü: Tutoring
#   amministratore → Administratorin/Administrator; amministrazione → Verwaltung
#   segreteria → Sekretariat; redazione → Redaktion
#   corso / percorso (= Kurs) → Kurs; percorso per settore, il tuo percorso → Lernpfad
#   modulo (del corso) → Modul; modulo (Formular) → Formular
#   lezione → Lektion
#   verifica / quiz → Test; tentativo → Versuch; soglia → Schwelle
#   attestato → Teilnahmebestätigung; credenziale → digitaler Nachweis / Nachweis
#   intestatario → Inhaberin/Inhaber; rilasciare → ausstellen; riemettere → neu ausstellen;
#     revocare → widerrufen; sostituire → ersetzen; verifica (dell'attestato) → Prüfung / prüfen
#   edizione → Durchgang
#   a distanza → online (Online-Teil, Online-Module); in aula → Präsenz- (Präsenzteil)
#   seminario in aula → Präsenzseminar; sessione (di seminario) → Termin
#   mezza giornata → Halbtag; mattina / pomeriggio → Vormittag / Nachmittag
#   iscrizione al corso / iscritto → Einschreibung / eingeschrieben
#   iscrizione al seminario / iscriversi → Anmeldung / sich anmelden; iscritti (alla sessione) → Angemeldete
#   annullare l'iscrizione, rinuncia → sich abmelden, Abmeldung
#   richiesta (di iscrizione) → Anfrage; approvazione → Genehmigung
#   lista d'attesa → Warteliste; posto → Platz; posizione → Position
#   presenza / presente / assente → Anwesenheit / anwesend / abwesend;
#     non rilevato → nicht erfasst; rilevare → erfassen; foglio firme → Unterschriftenliste
#   accedi / esci → Einloggen / Ausloggen; accesso richiesto → Login erforderlich (bewusst nicht
#     „Anmelden/Abmelden“: diese Wörter bleiben der Seminaranmeldung vorbehalten, wo „Anmelden“ und
#     „Abmelden“ Schaltflächen sind)
#   account → Konto; collegamento → Link; ora italiana → Ortszeit Italien
#   Comune → Gemeinde; settore → Bereich; Regione → Region; Provincia → Provinz
#   servizi demografici → Demografische Dienste; servizi sociali → Sozialdienste;
#     sportello immigrati → Anlaufstelle für Zugewanderte; polizia municipale → Gemeindepolizei
#   permesso di soggiorno → Aufenthaltsgenehmigung; iscrizione anagrafica → meldeamtliche Eintragung;
#     autocertificazione → Eigenerklärung; ricongiungimento familiare → Familienzusammenführung
#   minori stranieri non accompagnati → unbegleitete ausländische Minderjährige; accoglienza → Aufnahme
#     (Rechtsbegriffe wie in courses/immigrazione-servizi-comunali/termini.de.toml)
#   norma → Rechtsvorschrift; atto → Rechtsakt; articolo → Artikel (Art.); comma → Absatz;
#     lettera → Buchstabe; testo vigente → geltende Fassung; abrogato → aufgehoben;
#     soppresso → gestrichen; biblioteca normativa → Rechtsbibliothek
#   modifiche normative → Rechtsänderungen; rivedere (una lezione) → überarbeiten;
#     traduzione rivista → Übersetzung überprüft
#   segnalazione (di un errore) → Meldung; segnala un errore → Fehler melden
#   promemoria → Erinnerung; avvisi → Mitteilungen; rapporto (Tutoring) → Bericht;
#     resoconto della sessione → Bericht zum Termin (Link: Bericht)
#   a rischio → mit Abbruchrisiko; avanzamento → Fortschritt
#   ambiti (del token) → Berechtigungen; permessi → Rechte
#   codice → Code (auch ISTAT-Code); qualifica → Berufsbild
#   Zitate italienischer Rechtsakte bleiben italienisch (D.Lgs., DPR, TUI, art.); Anführungszeichen: „…“

app-name = Aula
app-tagline = Online-Weiterbildung zu Einwanderungsrecht und Verwaltungspraxis für das Personal der Gemeinden.
skip-to-content = Zum Hauptinhalt springen
nav-label = Hauptnavigation
lang-switch-label = Sprache der Benutzeroberfläche

footer-programme = Aula · Integriertes Weiterbildungsprogramm für die Gemeinden
footer-accessibility = Diese Website soll die Anforderungen an die Barrierefreiheit nach WCAG 2.1 AA erfüllen.

home-title = Weiterbildung für alle, die in den Gemeinden mit Einwanderung befasst sind
home-lead = Online-Module zur rechtlichen und verwaltungstechnischen Vertiefung, mit den zitierten Rechtsvorschriften immer zur Hand, mit Tests und mit der Fortschrittsbegleitung durch Tutorinnen und Tutoren.
home-cta = Zu den Kursen
home-cta-library = Rechtsvorschriften nachschlagen
home-themes-title = Die Themen des Programms
home-theme-1 = Vereinfachung der Verfahren
home-theme-1-text = Aufenthaltsgenehmigung, meldeamtliche Eintragung, Eigenerklärung, Familienzusammenführung: wer was macht und wie.
home-theme-2 = Aufnahme und Integration
home-theme-2-text = Organisationsmodelle, Anlaufstellen, interkulturelle Mediation, lokale Netzwerke und das Aufnahmesystem.
home-theme-3 = Unbegleitete ausländische Minderjährige
home-theme-3-text = Die Rolle der Gemeinden von der Erstaufnahme bis zur Volljährigkeit.
home-who-title = Für wen
home-who-text = Für Gemeindeverwalterinnen und -verwalter, Führungskräfte, Beamtinnen und Beamte sowie Mitarbeitende der Demografischen Dienste, der Sozialdienste, der Anlaufstellen für Zugewanderte und der Gemeindepolizei.

error-status = Fehler { $status }
error-not-found = Seite nicht gefunden
error-forbidden = Zugriff verweigert
error-unauthorized = Login erforderlich
error-client = Ungültige Anfrage
error-server = Es ist ein Fehler aufgetreten
error-unavailable = Dienst vorübergehend nicht verfügbar
error-request-id = Wenn das Problem weiterhin besteht, teilen Sie dem Sekretariat diesen Code mit: { $id }
error-back-home = Zur Startseite

nav-courses = Kurse
nav-library = Rechtsbibliothek
breadcrumbs-label = Navigationspfad

courses-title = Kurse
courses-lead = Die Online-Kurse des Programms: Neben jeder Lektion stehen die Rechtsvorschriften, die sie zitiert.
courses-empty = Es sind noch keine Kurse verfügbar.
course-meta = { $modules } Module · { $lessons } Lektionen · etwa { $hours } Stunden
course-paths-title = Lernpfade nach Bereich
course-paths-text = Wählen Sie Ihren Bereich, um die Lektionen zu sehen, die für Ihre Arbeit gedacht sind.
course-no-lessons-for-sector = Keine Lektion dieses Moduls ist für den gewählten Bereich vorgesehen.
sector-all = Alle Lektionen
sector-servizi-demografici = Demografische Dienste
sector-servizi-sociali = Sozialdienste
sector-sportello-immigrati = Anlaufstelle für Zugewanderte
sector-polizia-municipale = Gemeindepolizei
sector-altro = Sonstiges
module-number = Modul { $n }
module-objectives = Lernziele
module-meta = { $lessons } Lektionen · { $minutes } Minuten · Test mit { $questions } Fragen
minutes = { $n } Min.

lesson-toc = In dieser Lektion
lesson-pager = Vorherige und nächste Lektion
lesson-previous = Zurück:
lesson-next = Weiter:
lesson-cited = Zitierte Rechtsvorschriften
lesson-cited-none = Diese Lektion zitiert keine Artikel aus der Bibliothek.
lesson-cited-elsewhere = Auf Normattiva
lesson-cited-elsewhere-note = Zitierte Artikel, die noch nicht in der Bibliothek sind: Sie öffnen sich auf der offiziellen Website.
on-normattiva = (Text auf Normattiva)
lesson-reviewed = Stand:
lesson-translated = Übersetzung aus dem Italienischen: Die Zitate verweisen auf den amtlichen italienischen Wortlaut der Rechtsvorschriften.
lesson-translation-reviewed = Übersetzung überprüft am
lesson-fallback = Diese Lektion ist noch nicht in Ihre Sprache übersetzt: Sie wird auf Italienisch angezeigt.
lesson-sources = Zugrunde gelegte geltende Fassungen
lesson-source-in-force = geltende Fassung, Stand
lesson-source-undated = Datum der geltenden Fassung nicht angegeben
lesson-article-changed = geändert am
lesson-after-review = nach der letzten Überarbeitung der Lektion
article-short = Art. { $label } · { $act }

glossary-title = Glossar
glossary-lead = { $terms } Einträge mit den einschlägigen Rechtsvorschriften.
glossary-link = Glossar ({ $terms } Einträge)
glossary-see = Siehe auch:

library-title = Rechtsbibliothek
library-lead = Die geltenden Fassungen der in den Lektionen zitierten Rechtsvorschriften, Artikel für Artikel.
library-empty = Die Bibliothek ist leer: Das Sekretariat lädt mit „aula library fetch --courses“ die geltende Fassung der Rechtsakte der Kurse von Normattiva herunter. Bis dahin verweisen die Zitate in den Lektionen auf den Text auf Normattiva.
library-act-meta = { $articles } Artikel
library-in-force = geltende Fassung, Stand { $date }
article-label = Art. { $label }
article-repealed = aufgehoben
article-repealed-notice = Dieser Artikel ist aufgehoben.
comma-label = Absatz { $label }
article-notes = Aktualisierungshinweise ({ $n })
article-legend = Die hervorgehobenen Teile in doppelten Klammern wurden durch spätere Rechtsakte eingefügt oder geändert.
article-pager = Vorheriger und nächster Artikel
article-cited-by = Lektionen, die diesen Artikel zitieren
article-cited-by-none = Keine Lektion zitiert diesen Artikel.
library-act-on-normattiva = Geltende Fassung des Rechtsakts auf Normattiva
library-article-on-normattiva = Art. { $label } auf Normattiva

nav-tutor = Tutoring
nav-admin = Verwaltung
nav-login = Einloggen
nav-logout = Ausloggen
login-title = Einloggen
login-lead = Geben Sie die E-Mail-Adresse und das Passwort Ihres Kontos ein.
login-submit = Einloggen
login-forgot = Passwort vergessen?
field-email = E-Mail-Adresse
field-password = Passwort
field-new-password = Neues Passwort
field-confirm-password = Neues Passwort wiederholen
field-name = Name
field-role = Rolle
field-municipality = Gemeinde
field-sector = Bereich
field-job-title = Berufsbild
field-cohort = Betreute Regionen und Gemeinden
password-hint = Mindestens 10 Zeichen. Ein Satz, den Sie sich leicht merken können, ist bestens geeignet.
forgot-title = Passwort vergessen
forgot-lead = Geben Sie die Adresse Ihres Kontos an: Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen können.
forgot-submit = Link senden
forgot-sent = Wenn die Adresse zu einem Konto gehört, erhalten Sie in Kürze eine Nachricht mit dem Link.
set-password-title-invite = Willkommen bei Aula
set-password-title-reset = Neues Passwort festlegen
set-password-lead = { $name }, legen Sie das Passwort fest, mit dem Sie sich einloggen werden.
set-password-submit = Passwort speichern
link-invalid = Der Link ist ungültig: Er wurde bereits verwendet oder ist abgelaufen.
profile-title = Ihr Profil
profile-change-password = Passwort ändern
role-learner = Teilnehmerin/Teilnehmer
role-tutor = Tutorin/Tutor
role-admin = Administratorin/Administrator
admin-title = Verwaltung
admin-editions = Durchgänge
admin-editions-text = Die Durchgänge des Programms, die Regionen und die Einwohnerschwelle der zugelassenen Gemeinden.
admin-municipalities = Gemeinden
admin-municipalities-text = Das ISTAT-Verzeichnis der Gemeinden mit der Bevölkerung laut Volkszählung 2011.
admin-tokens = API-Token
admin-tokens-text = Schlüssel für Integrationen: hier mit ihren Berechtigungen und einem Ablaufdatum erstellt, nur einmal angezeigt, widerrufbar.
admin-learners-text = Die eingeschriebenen Teilnehmenden, nach Gemeinde und Bereich.
pagination-label = Seiten
pagination-previous = Zurück
pagination-next = Weiter
pagination-status = Seite { $page } von { $pages }
municipalities-search = Nach Name oder ISTAT-Code suchen
search-submit = Suchen
municipalities-count = { $n } Gemeinden
col-istat = ISTAT-Code
col-name = Name
col-province = Provinz
col-region = Region
col-population = Bevölkerung 2011
col-number = Nummer
col-title = Titel
col-regions = Regionen
col-population-over = Bevölkerung über
col-dates = Zeitraum
col-starts = Beginn
col-ends = Ende
col-eligible = Zugelassene Gemeinden
col-created = Erstellt
col-last-used = Zuletzt verwendet
col-state = Status
editions-empty = Es gibt noch keine Durchgänge.
editions-new = Neuer Durchgang
editions-regions-hint = Halten Sie Strg (oder Cmd) gedrückt, um mehrere auszuwählen.
editions-create = Durchgang erstellen
tokens-created = Hier ist das neue Token: Kopieren Sie es jetzt, es wird nicht mehr angezeigt.
tokens-revoked = widerrufen
tokens-revoke = Widerrufen
tokens-new = Neues Token
tokens-name = Verwendungszweck
tokens-create = Token erstellen
tokens-lead = Ein Token gilt nur für die JSON-API (/api/), nur für die gewählten Berechtigungen und nur bis zum Ablaufdatum; es handelt mit den Rechten des Kontos, das es erstellt.
tokens-expired = abgelaufen
tokens-active = aktiv
tokens-scopes = Berechtigungen
tokens-days = Gültigkeit in Tagen (höchstens { $max })
col-owner = Konto
col-scopes = Berechtigungen
col-expires = Ablauf
chart-completion-title = Abschluss nach Gemeinde
chart-completion-description = Anteil der Eingeschriebenen, die den Kurs abgeschlossen haben, für die Gemeinden mit den meisten Eingeschriebenen; die Werte stehen in der Tabelle nach Gemeinde.
chart-quiz-title = Verteilung der Testergebnisse
chart-quiz-description = Anzahl der Teilnehmenden je Spanne des Durchschnitts ihrer besten Testergebnisse; die Werte stehen in der folgenden Tabelle.
chart-activity-title = Aktivität im Zeitverlauf
chart-activity-description = Aktive Teilnehmende pro Tag in den letzten acht Wochen; die Werte stehen in der folgenden Tabelle.
tutor-title = Betreute Teilnehmende
tutor-count = { $n } Teilnehmende
tutor-empty = Keine Teilnehmenden in den Gemeinden und Regionen, die Sie betreuen.
quiz-title = Test
quiz-result-title = Testergebnis
quiz-meta = { $questions } Fragen · bestanden ab { $pass }%
quiz-attempt-of = Versuch { $n } von { $total }
quiz-attempt = Versuch { $n }
quiz-deadline = abzugeben bis { $time } Uhr
quiz-multiple-hint = (mehrere richtige Antworten)
quiz-submit = Test abgeben
quiz-exhausted = Sie haben bereits alle { $n } zulässigen Versuche für diesen Test verbraucht. Für einen neuen Versuch wenden Sie sich an Ihre Tutorin oder Ihren Tutor.
quiz-back = Zurück zum Kurs
quiz-score = Punktzahl: { $score } von { $max } ({ $percent }%)
quiz-passed = Test bestanden (Schwelle { $pass }%).
quiz-failed = Test nicht bestanden (Schwelle { $pass }%). Lesen Sie die Lektionen noch einmal und versuchen Sie es erneut.
quiz-module-completed = Sie haben das Modul abgeschlossen.
quiz-your-answer = Ihre Antwort:
quiz-no-answer = keine
quiz-right-answer = Richtige Antwort:
quiz-points = { $score } von { $max } Punkten
lesson-status = Ihr Fortschritt
lesson-status-completed = Lektion abgeschlossen
lesson-status-in_progress = Lektion begonnen
lesson-status-not_started = Lektion noch nicht begonnen
lesson-complete = Als abgeschlossen markieren
lesson-quiz-link = Zum Test des Moduls
course-progress = Ihr Fortschritt: { $percent }%
module-progress = { $percent }% des Moduls
status-completed = abgeschlossen
status-in_progress = begonnen
status-not_started = noch nicht begonnen
dashboard-title = Willkommen zurück, { $name }
dashboard-resume = Dort weitermachen, wo Sie aufgehört haben
dashboard-courses = Ihre Kurse
dashboard-none = Sie sind noch in keinen Kurs eingeschrieben: Das Sekretariat schreibt Sie ein, sobald Ihre Gemeinde an einem Durchgang teilnimmt.
dashboard-quiz-best = Test: bestes Ergebnis { $percent }%
dashboard-quiz-none = Test noch nicht absolviert
path-title = Ihr Lernpfad
path-remote = Online-Teil
path-modules = { $done } von { $total } Modulen abgeschlossen
path-classroom = Präsenzteil
path-seated = Ihnen ist ein Platz zugewiesen.
path-session-attended = Anwesend { $n ->
    [one] an 1 Halbtag
   *[other] an { $n } Halbtagen
}.
path-no-registration = Sie sind für keinen Seminartermin angemeldet.
path-go-register = Zu den Präsenzseminaren
path-half-days-required = { $attended } von { $required } erforderlichen Halbtagen
path-half-days-attended = { $n ->
    [one] 1 Halbtag Anwesenheit
   *[other] { $n } Halbtage Anwesenheit
}
path-completed = Kurs abgeschlossen am { $day }
path-missing = Um den Kurs abzuschließen, fehlt Ihnen noch:
path-missing-modules = { $n ->
    [one] 1 Modul des Online-Teils
   *[other] { $n } Module des Online-Teils
}
path-missing-half-days = { $n ->
    [one] 1 Halbtag Präsenzseminar
   *[other] { $n } Halbtage Präsenzseminar
}
path-missing-registration = die Anmeldung zu einem Termin eines Präsenzseminars.

## Suche
nav-search = Suche
search-facet-kind = Art
search-facet-course = Kurs
search-facet-module = Modul
search-facet-act = Rechtsakt
search-kind-lessons = Lektionen
search-kind-articles = Gesetzesartikel
search-kind-glossary = Glossar
search-title = Suche
search-title-for = „{ $q }“: Suchergebnisse
search-label = In Lektionen, Rechtsvorschriften und Glossar suchen
search-help = Wörter oder Fragen auf Deutsch oder Italienisch, "Wortfolgen in Anführungszeichen", -Wort zum Ausschließen, oder ein Zitat wie „art. 29 TUI“ oder „dpr 394/99 art 13“.
search-lead = Eine Frage, ein Satz oder ein Gesetzesartikel: Die Suche findet Lektionen, Artikel der Rechtsvorschriften in der Bibliothek und Einträge des Glossars.
search-comma = Absatz { $comma }
search-count = { $n ->
    [0] Keine Ergebnisse
    [one] 1 Ergebnis
   *[other] { $n } Ergebnisse
}
search-filters = Ergebnisse filtern
search-past-end = Diese Seite liegt hinter der letzten Ergebnisseite.
search-first-page = Zurück zur ersten Seite
search-filter-remove = Filter entfernen
search-none = Keine Ergebnisse für „{ $q }“.
search-answer-title = Die einschlägige Rechtsvorschrift
search-answer-comma = Absatz { $comma }
search-answer-letter = Absatz { $comma }, Buchstabe { $letter })
search-answer-start = Aus dem Text des Artikels
search-answer-open = Artikel { $label } { $act } lesen
search-answer-open-comma = Absatz { $comma } von Artikel { $label } { $act } lesen
search-answer-lessons = Lektionen, die diesen Artikel zitieren
search-none-hint = Versuchen Sie es mit weniger Wörtern, einem Synonym oder ohne Filter; für einen Artikel schreiben Sie zum Beispiel „art. 5 D.Lgs. 286/1998“.
admin-search = Suchanfragen
admin-search-text = Wonach die Teilnehmenden suchen und was sie nicht finden: die häufigsten Suchanfragen und jene ohne Ergebnis.
admin-search-top = Häufigste Suchanfragen
admin-search-zero = Suchanfragen ohne Ergebnis
admin-search-lead = Die Suchanfragen der letzten { $days } Tage, ohne Angabe, wer sie gestellt hat.
col-query = Suchanfrage
col-times = Anzahl
col-results = Ergebnisse
col-last = Zuletzt
admin-search-empty = Im Zeitraum wurden keine Suchanfragen erfasst.

## Berichte für Tutorinnen und Tutoren
report-title = Lernstand der Teilnehmenden
report-computed-at = Daten berechnet um { $time } (UTC).
report-tabs = Berichte
report-overview = Überblick
report-matrix = Fortschrittsmatrix
report-at-risk = Teilnehmende mit Abbruchrisiko
report-never-attended = Nie im Präsenzseminar
report-seminars = Seminare: Anwesenheit
report-filters = Filter des Berichts
report-course = Kurs
report-all = Alle
report-apply = Anwenden
report-remove-filter = Filter entfernen
report-totals = Gesamt
report-enrolled = Eingeschrieben
report-not-started = Nicht begonnen
report-in-progress = In Bearbeitung
report-completed = Abgeschlossen
report-percent = Fortschritt
report-quiz-average = Testdurchschnitt
report-export = Herunterladen
report-group = Gruppe
report-learners = Teilnehmende
report-band = Punktespanne
report-day = Tag
report-active = Aktive Teilnehmende
report-chart-completion = Abschluss nach Gemeinde
report-chart-quiz = Verteilung der Testergebnisse
report-chart-activity = Aktivität im Zeitverlauf
report-chart-data = Die Daten des Diagramms
report-by-region = Nach Region
report-by-sector = Nach Bereich
report-by-municipality = Nach Gemeinde
report-sort = Sortieren nach
report-sort-progress = Fortschritt (höchster zuerst)
report-sort-progress-asc = Fortschritt (niedrigster zuerst)
report-sort-activity = letzte Aktivität (neueste zuerst)
report-sort-activity-asc = letzte Aktivität (älteste zuerst)
report-module-n = Mod. { $n }
report-last-activity = Letzte Aktivität
report-never = nie
report-at-risk-lead = Teilnehmende, die { $not_started } Tage nach der Einschreibung noch nicht begonnen haben, seit { $inactive } Tagen inaktiv sind oder denselben Test { $failures }-mal nicht bestanden haben.
report-lessons = Lektionen
report-lesson = Lektion
report-started = Begonnen
report-completed-at = Abgeschlossen
report-minutes = Minuten
report-no-lessons = Keine Lektion geöffnet.
report-attempts = Testversuche
report-passed = bestanden
report-failed = nicht bestanden
report-answers = Antworten
report-question = Frage
report-chosen = Gewählte Optionen
report-score = Punkte
report-no-attempts = Kein Versuch abgegeben.
report-timeline = Aktivität
report-no-activity = Keine Aktivität erfasst.
cell-not-started = nicht begonnen
cell-in-progress = in Bearbeitung
cell-quiz-failed = Test nicht bestanden
cell-completed = abgeschlossen
event-started = Lektion geöffnet
event-heartbeat = Lesen
event-completed = Lektion abgeschlossen
event-quiz = Test abgegeben

## Berichte der Präsenzseminare
seminar-report-title = Bericht zum Termin
seminar-report-dates = Datum
seminar-report-until = bis { $day }
seminar-report-rate = Anwesenheit
seminar-report-rate-label = Anwesenheitsquote
seminar-report-present-cells = Anwesend
seminar-report-absent-cells = Abwesend
seminar-report-unmarked-cells = Nicht erfasst
seminar-report-taken = erfasste Halbtage
seminar-report-waiting-count = auf der Warteliste
seminar-report-cancelled = Abmeldungen
seminar-report-rate-definition = Die Anwesenheitsquote ist die Zahl der Halbtage mit Anwesenheit, geteilt durch das Produkt aus der Zahl der Teilnehmenden mit zugewiesenem Platz und der Zahl der erfassten Halbtage (jener, an denen für mindestens eine teilnehmende Person eine Anwesenheit oder Abwesenheit eingetragen ist). „Nicht erfasst“ bezeichnet einen erfassten Halbtag ohne Eintrag für die betreffende Person: Er zählt weder als Abwesenheit noch als Anwesenheit.
seminar-report-roster = Teilnehmende mit zugewiesenem Platz
seminar-report-roster-empty = Für diesen Termin ist niemandem ein Platz zugewiesen.
seminar-report-half-day = T{ $day } { $half }
seminar-report-half-am = Vormittag
seminar-report-half-pm = Nachmittag
seminar-report-cell-present = anwesend
seminar-report-cell-absent = abwesend
seminar-report-cell-unmarked = nicht erfasst
seminar-report-no-show = nie anwesend
seminar-report-no-shows = Nie anwesend
seminar-report-no-shows-later = Wer nie erschienen ist, steht erst nach dem letzten Tag des Termins fest, dem { $day }.
seminar-report-no-shows-none = Alle Teilnehmenden mit zugewiesenem Platz waren an mindestens einem Halbtag anwesend.
seminar-report-waiting = Warteliste
seminar-report-waiting-empty = Niemand auf der Warteliste.
seminar-report-position = Position
seminar-report-registered-at = Anfrage vom
never-attended-title = Online-Teil abgeschlossen, nie im Präsenzseminar
never-attended-lead = Von Ihnen betreute Teilnehmende, die alle Module des Kurses abgeschlossen haben, aber an keinem Halbtag seiner Präsenzseminare anwesend waren.
never-attended-rule = Für den Abschluss von „{ $course }“ { $n ->
    [one] ist 1 Halbtag
   *[other] sind { $n } Halbtage
} Präsenzseminar erforderlich.
never-attended-no-rule = Der Abschluss von „{ $course }“ setzt keine Anwesenheit bei Präsenzseminaren voraus.
never-attended-remote-done = Module abgeschlossen am
never-attended-seminar = Präsenzseminar
never-attended-none = keine Anmeldung zu geplanten Terminen
never-attended-registered = angemeldet für den Termin vom { $day }
never-attended-waiting = auf der Warteliste für den Termin vom { $day }, Position { $position }
never-attended-empty = Keine Teilnehmenden in dieser Situation.
never-attended-first-page = Zum Anfang

## Erinnerungen
profile-reminders = Erinnerungen per E-Mail
profile-reminders-hint = Wählen Sie, welche Erinnerungen Sie erhalten möchten. Die Mitteilungen bleiben auf Ihrer Startseite in jedem Fall sichtbar.
profile-reminders-save = Einstellungen speichern
reminder-rule-not-started = Kurs noch nicht begonnen
reminder-rule-inactive = Kurs seit längerem unterbrochen
reminder-rule-deadline = Ende des Durchgangs naht
reminder-rule-quiz-failed = Test zu wiederholen
reminder-rule-tutor-digest = Wöchentliche Übersicht der Teilnehmenden mit Abbruchrisiko
unsubscribe-title = Eine Erinnerung abbestellen
unsubscribe-question = Möchten Sie die Erinnerung „{ $rule }“ an die Adresse { $email } nicht mehr erhalten?
unsubscribe-confirm = Ja, abbestellen
unsubscribe-done = Erledigt: Sie erhalten die Erinnerung „{ $rule }“ nicht mehr. Sie können sie in Ihrem Profil wieder aktivieren.
notifications-title = Mitteilungen
admin-reminders = Erinnerungen
admin-reminders-text = Die geplanten Erinnerungen: letzte und nächste Ausführung, gesendete, wartende und fehlgeschlagene Nachrichten.
admin-reminders-job = Geplante Ausführungen
admin-reminders-cron = Zeitplan
admin-reminders-disabled = deaktiviert
admin-reminders-last = Letzte Ausführung
admin-reminders-next = Nächste Ausführung
admin-reminders-holder = Ausgeführt von
admin-reminders-summary = Ergebnis
admin-reminders-counts = Nachrichten
admin-reminders-outbox = Letzte Nachrichten
admin-reminders-never = nie
col-rule = Erinnerung
col-recipient = Empfängerin/Empfänger
col-status = Status
col-attempts = Versuche
col-error = Letzter Fehler
status-pending = wartend
status-sent = gesendet
status-failed = fehlgeschlagen
admin-reminders-empty = Keine Nachrichten in der Warteschlange.
admin-library = Rechtsänderungen
admin-library-text = Die bei Aktualisierungen der Bibliothek geänderten Artikel, Wort für Wort, und die zu überarbeitenden Lektionen.
admin-library-lead = Jedes Mal, wenn ein Rechtsakt erneut heruntergeladen wird, erscheinen hier die Artikel, deren Text sich geändert hat, mit dem Vergleich Wort für Wort und den Lektionen, die sie zitieren.
admin-library-summary = Zusammenfassung
admin-library-changed-articles = { $n ->
    [one] geänderter Artikel
   *[other] geänderte Artikel
}
admin-library-lessons-to-review = { $n ->
    [one] zu überarbeitende Lektion
   *[other] zu überarbeitende Lektionen
}
admin-library-count = { $n ->
    [one] Eine Änderung erfasst, die neueste zuerst.
   *[other] { $n } Änderungen erfasst, die neueste zuerst.
}
admin-library-legend = Legende
admin-library-legend-removed = gelöschter Text
admin-library-legend-added = hinzugefügter Text
admin-library-legend-text = Gelöschter Text ist auf rotem Grund durchgestrichen, hinzugefügter Text auf grünem Grund unterstrichen.
admin-library-removed-prefix = gelöschter Text:
admin-library-added-prefix = hinzugefügter Text:
admin-library-removed-suffix = Ende des gelöschten Textes.
admin-library-added-suffix = Ende des hinzugefügten Textes.
admin-library-kind-changed = Geändert
admin-library-kind-added = Neu
admin-library-kind-removed = Gestrichen
admin-library-detected = Festgestellt am
admin-library-old-in-force = Bisherige Fassung, Stand
admin-library-new-in-force = Neue Fassung, Stand
admin-library-unknown-date = Datum nicht angegeben
admin-library-diff-changed = Vergleich zwischen bisherigem und neuem Text
admin-library-diff-added = Text des neuen Artikels
admin-library-diff-removed = Text des gestrichenen Artikels
admin-library-diff-empty = Kein Text anzuzeigen.
admin-library-no-article = Der Artikel ist nicht mehr in der Bibliothek.
admin-library-lessons = Lektionen, die den Artikel zitieren
admin-library-lessons-none = Keine Lektion zitiert diesen Artikel.
admin-library-reviewed = überarbeitet am { $date }
admin-library-never-reviewed = nie überarbeitet
admin-library-to-review = zu überarbeiten
admin-library-empty = Keine Rechtsänderungen erfasst.
admin-library-empty-before = Änderungen erscheinen hier, sobald der Befehl
admin-library-empty-after = einen bereits in der Bibliothek vorhandenen Rechtsakt erneut von Normattiva heruntergeladen und darin geänderte, hinzugefügte oder gestrichene Artikel gefunden hat.

errata-report-lesson = Fehler in dieser Lektion melden
errata-report-article = Fehler in diesem Artikel melden
errata-form-title = Fehler melden
errata-form-lead-lesson = Sie melden einen Fehler in der Lektion
errata-form-lead-article = Sie melden einen Fehler im Text des Artikels
errata-form-how = Beschreiben Sie, was nicht stimmt: eine Regel, die nicht mehr gilt, ein falscher Verweis auf eine Rechtsvorschrift, eine unklare Stelle. Wenn möglich, kopieren Sie unten den Satz, der den Fehler enthält.
errata-description = Was nicht stimmt
errata-description-hint = { $min } bis { $max } Zeichen. Wenn Sie sie kennen, geben Sie die geltende Rechtsvorschrift an, der die Lektion folgen sollte.
errata-quote = Die Textstelle (optional)
errata-quote-hint = Höchstens { $max } Zeichen: Kopieren Sie den Satz, der den Fehler enthält.
errata-privacy = Das Sekretariat sieht Ihren Namen und Ihre E-Mail-Adresse und schreibt Ihnen, sobald es geantwortet hat.
errata-submit = Meldung senden
errata-back-lesson = Zurück zur Lektion
errata-back-article = Zurück zum Artikel
errata-sent = Danke: Die Meldung wurde gesendet. Sie erhalten eine E-Mail, sobald die Redaktion geantwortet hat.
errata-mine-title = Meine Meldungen
errata-mine-lead = Die Fehler, die Sie in Lektionen und Artikeln gemeldet haben, mit den Antworten der Redaktion.
errata-mine-empty = Sie haben noch keine Meldungen gesendet.
errata-mine-empty-text = Unter jeder Lektion und jedem Artikel der Bibliothek finden Sie den Link „Fehler melden“.
errata-mine-link = Meine Meldungen zu Fehlern
errata-report-number = Meldung Nr. { $id }
errata-status-open = Offen
errata-status-answered = Beantwortet
errata-status-closed = Abgeschlossen
errata-kind = Betrifft
errata-kind-lesson = eine Lektion
errata-kind-article = einen Artikel der Bibliothek
errata-reported-on = Gesendet am
errata-reporter = Von
errata-closed-on = Abgeschlossen am
errata-target-gone = Die Lektion oder der Artikel ist nicht mehr verfügbar.
errata-quoted = Die zitierte Textstelle
errata-cited = Von der Lektion zitierte Artikel
errata-cited-none = Die Lektion zitiert keine Artikel.
errata-citing = Lektionen, die den Artikel zitieren
errata-answer = Antwort der Redaktion
errata-answered-on = gesendet am

admin-errata = Meldungen zu Fehlern
admin-errata-text = Die von Teilnehmenden und von Tutorinnen und Tutoren in Lektionen und Artikeln gemeldeten Fehler: beantworten und abschließen.
admin-errata-lead = Die in Lektionen und Artikeln der Bibliothek gemeldeten Fehler: zuerst die offenen, jeweils die älteste zuerst. Wer einen Fehler gemeldet hat, erhält jede Antwort und den Abschluss per E-Mail.
admin-errata-open = { $n ->
    [one] offen
   *[other] offen
}
admin-errata-answered = beantwortet
admin-errata-closed = { $n ->
    [one] abgeschlossen
   *[other] abgeschlossen
}
admin-errata-count = { $n ->
    [one] Eine Meldung: die offenen zuerst.
   *[other] { $n } Meldungen: die offenen zuerst.
}
admin-errata-handle = Beantworten oder abschließen
admin-errata-see = Meldung ansehen
admin-errata-empty = Keine Meldungen eingegangen.
admin-errata-empty-text = Meldungen erscheinen hier, wenn Teilnehmende oder Tutorinnen und Tutoren unter einer Lektion oder einem Artikel „Fehler melden“ verwenden.
admin-errata-answer-title = Antworten
admin-errata-answer-hint = Die Antwort geht per E-Mail an die Person, die den Fehler gemeldet hat, und bleibt bei ihren Meldungen sichtbar.
admin-errata-answer-label = Text der Antwort
admin-errata-answer-close = Meldung mit dieser Antwort abschließen
admin-errata-answer-submit = Antwort senden
admin-errata-close-title = Ohne Antwort abschließen
admin-errata-close-hint = Die meldende Person erhält eine E-Mail, die ihr den Abschluss mitteilt.
admin-errata-close-submit = Meldung abschließen
admin-errata-is-closed = Diese Meldung ist abgeschlossen: Eine Antwort ist nicht mehr möglich.
admin-errata-back = Zurück zu den Meldungen

## Präsenzseminare
nav-seminars = Seminare
seminars-title = Präsenzseminare
seminars-lead = Die thematischen Präsenzseminare in Ihrer Region: Melden Sie sich pro Seminar für einen Termin an. Sind alle Plätze belegt, kommen Sie auf die Warteliste; meldet sich jemand ab, rücken Sie in der Reihenfolge der Anmeldung nach, und wir benachrichtigen Sie.
seminars-lead-staff = Alle Termine der Präsenzseminare mit belegten Plätzen und Wartelisten.
seminars-outcome-iscritto = Anmeldung bestätigt: Wir haben Ihnen eine E-Mail mit einer Einladung für Ihren Kalender gesendet.
seminars-outcome-attesa = Alle Plätze sind belegt: Sie stehen auf der Warteliste. Wir schreiben Ihnen, wenn ein Platz frei wird.
seminars-outcome-annullata = Sie haben sich abgemeldet.
seminars-when = Ab { $day }, { $days ->
    [one] 1 Tag
   *[other] { $days } Tage
}
seminars-hours = Uhrzeit
seminars-hours-value = von { $starts } bis { $ends } Uhr (Ortszeit Italien)
seminars-venue = Ort
seminars-region = Region
seminars-seats = Plätze
seminars-seats-value = { $seated } von { $capacity } belegt
seminars-waiting-count = { $waiting } auf der Warteliste
seminars-deadline = An- und Abmeldung bis
seminars-mine-registered = Sie sind für diesen Termin angemeldet.
seminars-mine-waiting = Sie stehen auf der Warteliste, an Position { $position }.
seminars-closed = Anmeldung geschlossen.
seminars-register = Anmelden
seminars-join-waiting = Auf die Warteliste setzen
seminars-cancel = Abmelden
seminars-empty = Keine Seminare geplant
seminars-empty-text = In Ihrer Region gibt es noch keine Termine für Präsenzseminare.

## Anwesenheit bei Seminaren (Seiten für Tutorinnen und Tutoren)
attendance-sessions-title = Seminare: Anwesenheit
attendance-sessions-lead = Die Termine der Präsenzseminare in den Regionen, die Sie betreuen: Öffnen Sie die Anwesenheitsliste, um die Anwesenheit vor Ort Halbtag für Halbtag zu erfassen, auch mit dem Tablet.
attendance-sessions-lead-admin = Alle Termine der Präsenzseminare: Öffnen Sie die Anwesenheitsliste, um die Anwesenheit zu erfassen oder zu korrigieren.
attendance-sessions-current = Laufend und geplant
attendance-sessions-past = Abgeschlossen
attendance-sessions-none-current = Keine laufenden oder geplanten Termine.
attendance-sessions-none-past = Keine abgeschlossenen Termine.
attendance-sessions-empty = Keine Termine zu betreuen
attendance-sessions-empty-text = In den Regionen, die Sie betreuen, gibt es keine Seminartermine.
attendance-col-seminar = Seminar
attendance-col-dates = Datum
attendance-col-venue = Ort
attendance-col-region = Region
attendance-col-seated = Belegte Plätze
attendance-col-waiting = Auf der Warteliste
attendance-col-links = Aktionen
attendance-seated-value = { $seated } von { $capacity }
attendance-running = läuft
attendance-link-sheet = Anwesenheit
attendance-link-report = Bericht
attendance-link-history = Änderungsverlauf
attendance-link-import = Unterschriftenliste importieren
attendance-back = Alle Termine
attendance-session-tabs = Seiten des Termins
attendance-title = Anwesenheit
attendance-day-tabs = Tage des Termins
attendance-day = Tag { $n }
attendance-day-heading = Tag { $n } · { $date }
attendance-today = heute
attendance-lead = Tippen Sie neben jeder teilnehmenden Person auf „Vormittag“ oder „Nachmittag“: Beim ersten Mal wird sie als anwesend markiert, danach wechselt der Eintrag zwischen anwesend und abwesend. Jedes Tippen wird sofort gespeichert und mit Person und Zeitpunkt protokolliert.
attendance-half-am = Vormittag
attendance-half-pm = Nachmittag
attendance-state-present = Anwesend
attendance-state-absent = Abwesend
attendance-state-unmarked = Nicht erfasst
attendance-not-saved = Nicht gespeichert — bitte erneut versuchen
attendance-counts = Übersicht des Tages
attendance-count-present = Anwesend
attendance-count-absent = Abwesend
attendance-count-unmarked = Nicht erfasst
attendance-all-present = Alle anwesend ({ $half })
attendance-all-present-hint = Markiert die noch nicht erfassten Teilnehmenden als anwesend; bereits Markierte bleiben unverändert.
attendance-all-marked = { $half }: alle erfasst.
attendance-added = { $n ->
    [one] 1 teilnehmende Person als anwesend markiert.
   *[other] { $n } Teilnehmende als anwesend markiert.
}
attendance-learners = Teilnehmende mit zugewiesenem Platz
attendance-no-learners = Für diesen Termin ist niemandem ein Platz zugewiesen
attendance-no-learners-text = Die Anwesenheit wird für Personen mit Platz erfasst; wer auf der Warteliste steht, erscheint nicht.
attendance-waiting-note = { $n ->
    [one] 1 Person auf der Warteliste erscheint nicht, da sie keinen Platz hat.
   *[other] { $n } Personen auf der Warteliste erscheinen nicht, da sie keinen Platz haben.
}
attendance-municipality-unknown = Gemeinde nicht angegeben
attendance-history-title = Verlauf der Anwesenheit
attendance-history-lead = Jede Änderung einer Anwesenheit, die neueste zuerst: wer sie vorgenommen hat, wann (Ortszeit Italien), der Wert davor und danach und woher sie stammt.
attendance-history-empty = Bisher keine Anwesenheit erfasst.
attendance-history-count = { $n ->
    [one] 1 Änderung
   *[other] { $n } Änderungen
}
attendance-col-when = Wann
attendance-col-who = Wer
attendance-col-learner = Teilnehmerin/Teilnehmer
attendance-col-day = Tag
attendance-col-half = Halbtag
attendance-col-change = Änderung
attendance-col-source = Herkunft
attendance-change-value = von { $old } auf { $new }
attendance-account-gone = Konto entfernt
attendance-source-page = Anwesenheitsseite
attendance-source-import = Unterschriftenliste (CSV)
attendance-source-api = API
attendance-source-demo = Demodaten
attendance-import-title = Unterschriftenliste importieren
attendance-import-lead = Laden Sie die Unterschriftenliste im CSV-Format hoch (auch so, wie Excel sie mit Strichpunkt exportiert) oder fügen Sie ihren Text ein. Die korrekten Zeilen werden alle gemeinsam erfasst; fehlerhafte Zeilen werden verworfen, und wir sagen Ihnen, warum.
attendance-import-format = Format
attendance-import-format-text = Erste Zeile: email,day,half,present (oder email;giorno;metà;presente). Eine Zeile pro teilnehmender Person und Halbtag: Tag von 1 bis { $days }; Halbtag am oder pm (Vormittag oder Nachmittag; auch mattina oder pomeriggio); Anwesenheit 1 oder 0, sì oder no, x oder leer, presente oder assente.
attendance-import-limits = Höchstens { $rows } Zeilen und { $kib } KiB pro Datei.
attendance-import-file = CSV-Datei
attendance-import-text = Oder fügen Sie hier den Text der Liste ein
attendance-import-text-hint = Wird nur verwendet, wenn Sie keine Datei auswählen.
attendance-import-submit = Importieren
attendance-import-summary = Ergebnis des Imports
attendance-import-applied = { $n ->
    [one] 1 Zeile erfasst
   *[other] { $n } Zeilen erfasst
}
attendance-import-refused = { $n ->
    [one] 1 Zeile verworfen
   *[other] { $n } Zeilen verworfen
}
attendance-import-changed = { $n ->
    [one] 1 Anwesenheit geändert
   *[other] { $n } Anwesenheiten geändert
}
attendance-import-nothing = Keine Zeile ist korrekt: Es wurde nichts erfasst.
attendance-import-refused-title = Verworfene Zeilen
attendance-import-applied-title = Erfasste Zeilen
attendance-col-line = Zeile
attendance-col-email = E-Mail
attendance-col-value = Anwesenheit
attendance-col-reason = Grund
attendance-import-again = Weitere Liste importieren

seminars-outcome-richiesta = Anfrage gesendet: Die Anmeldung zu diesem Seminar muss von der Tutorin oder dem Tutor genehmigt werden. Wir schreiben Ihnen, sobald über die Anfrage entschieden ist.
seminars-with-approval = Die Anmeldung zu diesem Seminar muss von der Tutorin oder dem Tutor genehmigt werden.
seminars-mine-pending = Ihre Anfrage wartet auf die Genehmigung durch die Tutorin oder den Tutor: Sie belegt noch keinen Platz.
seminars-request = Anmeldung beantragen
seminars-withdraw = Anfrage zurückziehen
seminars-admin-manage = Seminare verwalten

## Präsenzseminare: Verwaltung
admin-seminars-text = Die Seminare jedes Durchgangs mit Terminen, Plätzen, Wartelisten und Angemeldeten; neue Seminare und neue Termine.
seminars-admin-lead = Die Seminare jedes Durchgangs mit Terminen, belegten Plätzen, Wartelisten und zu genehmigenden Anfragen. Von jedem Termin aus öffnen Sie die Angemeldeten, die Anwesenheit und den Bericht.
seminars-admin-edition = Durchgang { $number }: { $title }
seminars-admin-none = Keine Seminare für diesen Durchgang.
seminars-admin-no-editions = Kein Durchgang
seminars-admin-no-editions-text = Erstellen Sie zuerst einen Durchgang des Programms: Seminare gehören zu einem Durchgang.
seminars-admin-with-approval = Anmeldung mit Genehmigung durch Tutorin oder Tutor
seminars-admin-approval-short = Genehmigung
seminars-admin-sessions-of = Termine von „{ $title }“
seminars-admin-col-when = Datum
seminars-admin-col-waiting = Auf der Warteliste
seminars-admin-col-pending = Zu genehmigen
seminars-admin-col-deadline = Anmeldeschluss
seminars-admin-col-links = Termin
seminars-admin-roster = Angemeldete
seminars-admin-attendance = Anwesenheit
seminars-admin-report = Bericht
seminars-admin-add-session = Termin hinzufügen
seminars-admin-outcome-creato = Seminar mit seinem ersten Termin erstellt.
seminars-admin-outcome-creata = Termin zum Seminar hinzugefügt.
seminars-admin-outcome-capienza = Plätze aktualisiert: Wer von der Warteliste einen Platz erhalten hat, bekommt eine E-Mail mit der Einladung.
seminars-admin-new = Neues Seminar
seminars-admin-new-lead = Ein Seminar gehört zu einem Durchgang und hat ein Modul eines Kurses zum Thema; hier wird es mit seinem ersten Termin erstellt, weitere Termine werden danach hinzugefügt. Datum und Uhrzeit gelten nach Ortszeit Italien.
seminars-admin-title-errors = Fehler im Formular
seminars-admin-form-errors = Das Seminar wurde nicht gespeichert: Korrigieren Sie die markierten Felder.
seminars-admin-choose = Auswählen…
seminars-admin-edition-label = Durchgang
seminars-admin-theme = Thema
seminars-admin-theme-hint = Das Kursmodul, das im Präsenzseminar vertieft wird.
seminars-admin-seminar-title = Titel des Seminars
seminars-admin-approval = Anmeldungen müssen von der Tutorin oder dem Tutor genehmigt werden
seminars-admin-approval-hint = Wenn ausgewählt, bleibt eine Anmeldung in der Schwebe, bis eine Tutorin oder ein Tutor der Region des Termins (oder das Sekretariat) die Anfrage genehmigt oder ablehnt; nach der Genehmigung erhält die Person einen Platz oder kommt auf die Warteliste.
seminars-admin-first-session = Erster Termin
seminars-admin-first-day = Erster Tag
seminars-admin-first-day-hint = Nicht vor heute.
seminars-admin-days = Aufeinanderfolgende Tage
seminars-admin-days-hint = 1 bis 5; meist 2.
seminars-admin-starts = Beginn, täglich
seminars-admin-ends = Ende, täglich
seminars-admin-time-hint = Ortszeit Italien, HH:MM.
seminars-admin-venue = Ort
seminars-admin-address = Adresse
seminars-admin-region = Region
seminars-admin-region-hint = Anmelden können sich die Teilnehmenden der für den Durchgang zugelassenen Gemeinden dieser Region.
seminars-admin-capacity = Plätze
seminars-admin-deadline = Frist für An- und Abmeldungen
seminars-admin-deadline-hint = Ortszeit Italien; nicht nach Beginn des Termins.
seminars-admin-create = Seminar erstellen
seminars-admin-new-session = Neuer Termin
seminars-admin-new-session-lead = Ein weiterer Termin des Seminars „{ $title }“.
seminars-admin-roster-title = Angemeldete für den Termin
seminars-admin-capacity-title = Plätze des Termins
seminars-admin-capacity-hint = Werden Plätze hinzugefügt, erhalten die Ersten auf der Warteliste sofort einen Platz und eine E-Mail. Die Zahl darf nicht unter die bereits belegten Plätze ({ $seated }) sinken.
seminars-admin-capacity-submit = Plätze ändern
seminars-admin-pending-count = { $pending ->
    [one] 1 Anfrage zu genehmigen
   *[other] { $pending } Anfragen zu genehmigen
}
seminars-admin-seated = Angemeldete mit Platz ({ $n })
seminars-admin-waiting = Warteliste ({ $n })
seminars-admin-pending = Zu genehmigende Anfragen ({ $n })
seminars-admin-cancelled-title = Abgemeldet und abgelehnt ({ $n })
seminars-admin-nobody = Niemand.
seminars-admin-col-position = Position
seminars-admin-col-email = E-Mail
seminars-admin-col-municipality = Gemeinde
seminars-admin-col-seated-when = Angemeldet am
seminars-admin-col-waiting-when = Auf der Warteliste seit
seminars-admin-col-pending-when = Anfrage vom
seminars-admin-col-cancelled-when = Datum
seminars-admin-col-outcome = Ergebnis
seminars-admin-promoted = Platz über die Warteliste erhalten
seminars-admin-rejected = Anfrage abgelehnt
seminars-admin-cancelled = von der teilnehmenden Person abgemeldet
seminars-admin-back = Zurück zu den Seminaren

## Präsenzseminare: Genehmigung der Anfragen
approvals-title = Zu genehmigende Anfragen
approvals-go = Über Anfragen entscheiden
approvals-lead = Die Anmeldeanfragen für genehmigungspflichtige Seminare zu den Terminen, die Sie betreuen. Eine genehmigte Anfrage erhält einen Platz, sofern einer frei ist, andernfalls kommt sie ab dem Zeitpunkt der Genehmigung auf die Warteliste; eine abgelehnte Anfrage wird annulliert. Die teilnehmende Person erhält in beiden Fällen eine E-Mail, mit dem Grund, wenn Sie ihn angeben. Sie können auch nach Anmeldeschluss noch entscheiden.
approvals-outcome-approvata = Anfrage genehmigt: Die teilnehmende Person hat einen Platz und erhält die Einladung per E-Mail.
approvals-outcome-attesa = Anfrage genehmigt, aber alle Plätze sind belegt: Die teilnehmende Person steht auf der Warteliste und wird per E-Mail informiert.
approvals-outcome-rifiutata = Anfrage abgelehnt: Die teilnehmende Person erhält eine E-Mail.
approvals-session = Termin
approvals-requested = Anfrage vom
approvals-late = Der Anmeldeschluss ist vorbei: Sie können trotzdem noch entscheiden.
approvals-decision = Entscheidung
approvals-approve = Genehmigen
approvals-approve-full = (alle Plätze belegt: kommt auf die Warteliste)
approvals-reject = Ablehnen
approvals-reason = Grund oder Anmerkung (optional)
approvals-reason-hint = Wird der teilnehmenden Person in der E-Mail mit der Entscheidung übermittelt.
approvals-submit = Entscheidung bestätigen
approvals-empty = Keine Anfragen zu genehmigen
approvals-empty-text = Anmeldeanfragen für genehmigungspflichtige Seminare erscheinen hier.

## Teilnahmebestätigung: das PDF (src/certificates/pdf)
certificate-pdf-document-title = Teilnahmebestätigung: { $course } — { $name }
certificate-pdf-title = Teilnahmebestätigung
certificate-pdf-certify = Hiermit wird bestätigt, dass
certificate-pdf-municipality = Gemeinde { $municipality }
certificate-pdf-completed-course = den Kurs
certificate-pdf-completed-on = am { $date } abgeschlossen hat
certificate-pdf-program = Kursprogramm
certificate-pdf-more-modules = { $count ->
    [one] … und ein weiteres Modul
   *[other] … und { $count } weitere Module
}
certificate-pdf-total-remote = Weiterbildungsstunden online
certificate-pdf-total-classroom = Weiterbildungsstunden in Präsenz
certificate-pdf-total = Weiterbildungsstunden insgesamt
certificate-pdf-hours = { $hours ->
    [one] 1 Stunde
   *[other] { $hours } Stunden
}
certificate-pdf-minutes = { $minutes ->
    [one] 1 Minute
   *[other] { $minutes } Minuten
}
certificate-pdf-hours-minutes = { $hours ->
    [one] 1 Stunde
   *[other] { $hours } Stunden
} und { $minutes ->
    [one] 1 Minute
   *[other] { $minutes } Minuten
}
certificate-pdf-code = Code der Teilnahmebestätigung
certificate-pdf-issued = Ausgestellt am { $date }
certificate-pdf-verify = Echtheit prüfen unter
certificate-pdf-qr-alt = QR-Code, der zur Prüfseite der Teilnahmebestätigung führt: { $url }
certificate-pdf-link-alt = Prüfseite der Teilnahmebestätigung
certificate-pdf-attachment = Signierter digitaler Nachweis (Open Badges 3.0) zur Teilnahmebestätigung (JSON)
certificate-pdf-footnote = Die Datei enthält als Anhang den signierten digitalen Nachweis (Open Badges 3.0), der auch ohne Internetverbindung geprüft werden kann.

# Teilnahmebestätigungen: Prüfung und Downloads
## Die öffentliche Prüfung (/verify), die Dateien der Teilnahmebestätigung und der Abschnitt auf der Startseite
verify-title = Teilnahmebestätigung prüfen
verify-lead = Prüfen Sie, ob eine von Aula ausgestellte Teilnahmebestätigung echt und noch gültig ist: mit dem auf der Teilnahmebestätigung aufgedruckten Code oder durch Hochladen des PDF oder des digitalen Nachweises.
verify-state-valid = Teilnahmebestätigung gültig
verify-state-valid-text = Die Teilnahmebestätigung ist im Register eingetragen und gültig. Vergleichen Sie die Angaben unten mit den aufgedruckten.
verify-state-revoked = Teilnahmebestätigung widerrufen am { $day }
verify-state-revoked-text = Die Teilnahmebestätigung wurde ausgestellt, später aber widerrufen und ist nicht mehr gültig.
verify-state-replaced = Teilnahmebestätigung ersetzt
verify-state-replaced-text = Die Teilnahmebestätigung wurde durch eine berichtigte ersetzt, mit dem Code
verify-unknown = Teilnahmebestätigung nicht gefunden
verify-unknown-code = Keine Teilnahmebestätigung hat den Code { $code }. Prüfen Sie, ob Sie ihn so eingegeben haben, wie er auf der Teilnahmebestätigung steht.
verify-unknown-shape = Dies ist kein Code einer Teilnahmebestätigung: Die Codes haben die Form AULA-XXXX-XXXX-XXXX.
verify-field-holder = Inhaberin/Inhaber
verify-field-course = Kurs
verify-field-edition = Durchgang
verify-field-completed = Kurs abgeschlossen am
verify-field-code = Code
verify-other = Anderen Code oder andere Datei prüfen
verify-by-code = Mit dem Code
verify-code-label = Code der Teilnahmebestätigung
verify-code-hint = Er ist auf der Teilnahmebestätigung neben dem QR-Code aufgedruckt (zum Beispiel AULA-7K3M-Q9X2-HF4T); Groß- und Kleinschreibung spielen keine Rolle.
verify-code-submit = Code prüfen
verify-code-malformed = Der eingegebene Text ist kein Code einer Teilnahmebestätigung: Die Codes haben die Form AULA-XXXX-XXXX-XXXX.
verify-by-file = Mit der Datei
verify-file-lead = Das PDF der Teilnahmebestätigung enthält einen digital signierten Nachweis: Beim Hochladen wird geprüft, ob die Signatur von Aula stammt und die Daten mit dem Register übereinstimmen. Auch die Datei des Nachweises (JSON) ist geeignet.
verify-file-label = PDF der Teilnahmebestätigung oder Nachweis (JSON)
verify-file-hint = Höchstens { $kib } KB. Die Datei dient nur der Prüfung und wird nicht gespeichert.
verify-file-submit = Datei prüfen
verify-upload-multipart = Senden Sie die Datei über das Formular der Seite.
verify-upload-none = Wählen Sie die zu prüfende Datei aus.
verify-upload-too-large = Die Datei ist größer als { $kib } KB: Es ist nicht das PDF einer Teilnahmebestätigung.
verify-result-title = Ergebnis der Prüfung
verify-genuine = Die Datei ist echt
verify-genuine-text = Die Signatur stammt von Aula, und die Daten der Datei stimmen mit dem Register überein.
verify-bad-signature = Ungültige Signatur
verify-bad-signature-text = Die Datei wurde nach der Ausstellung verändert oder nicht von Aula ausgestellt; sie ist nicht als gültige Teilnahmebestätigung anzusehen.
verify-no-record = Teilnahmebestätigung nicht im Register
verify-no-record-text = Die Signatur ist gültig, aber im Register dieser Website ist keine Teilnahmebestätigung mit dem Code { $code } eingetragen.
verify-mismatch = Die Daten stimmen nicht mit dem Register überein
verify-mismatch-text = Die Signatur ist gültig, aber die Datei entspricht nicht der registrierten Teilnahmebestätigung. Abweichende Angaben:
verify-mismatch-holder_name = Inhaberin/Inhaber
verify-mismatch-course_title = Kurs
verify-mismatch-completed_on = Abschlussdatum
verify-mismatch-issued_at = Ausstellungsdatum
verify-mismatch-credential = Nachweis (nicht der ausgestellte)
verify-mismatch-record = Im Register:
verify-unreadable = Datei nicht lesbar
verify-unreadable-text = Die Datei ist weder das PDF einer Teilnahmebestätigung von Aula noch ein zugehöriger Nachweis.
verify-technical = Technische Details
verify-developers = Für IT-Systeme
verify-developers-text = Die öffentlichen Schlüssel, mit denen die Nachweise signiert werden, sind im Format JWK Set veröffentlicht; die Prüfung ist auch über die API möglich.
verify-keys-link = Öffentliche Schlüssel (JWKS)
verify-api-link = Dokumentation der API
certificates-title = Teilnahmebestätigungen
certificates-empty = Die Teilnahmebestätigung steht hier zur Verfügung, sobald Sie den Kurs abgeschlossen haben.
certificates-completed = Abgeschlossen am
certificates-code = Code
certificates-status = Status
certificates-status-valid = Gültig
certificates-status-revoked = Widerrufen am { $day }
certificates-status-replaced = Ersetzt
certificates-replaced-by = Ersetzt durch die Teilnahmebestätigung
certificates-replaced-hint = Verwenden Sie diese: Die vorliegende ist nicht mehr gültig.
certificates-download-pdf = PDF herunterladen
certificates-download-json = Nachweis (JSON)
certificates-verify = Prüfen
# Teilnahmebestätigungen: Verwaltung
certificates-admin-title = Teilnahmebestätigungen
certificates-admin-card = Die ausgestellten Teilnahmebestätigungen: Suche, Verlauf, Widerruf, Neuausstellung mit berichtigtem Namen, manuelle Ausstellung und ZIP pro Durchgang.
certificates-admin-lead = Die ausgestellten Teilnahmebestätigungen, von der ersten bis zur letzten. Öffnen Sie eine Teilnahmebestätigung, um ihren Verlauf zu sehen, sie zu widerrufen oder mit berichtigtem Namen neu auszustellen; jede Aktion wird mit dem Grund protokolliert.
certificates-admin-later = weitere Seiten
certificates-admin-filters = Teilnahmebestätigungen filtern
certificates-admin-edition = Durchgang
certificates-admin-edition-number = Durchgang { $number }
certificates-admin-all-editions = Alle Durchgänge
certificates-admin-status = Status
certificates-admin-all-statuses = Alle Status
certificates-admin-status-valid = Gültig
certificates-admin-status-revoked = Widerrufen
certificates-admin-status-replaced = Ersetzt
certificates-admin-search = Code, Name oder E-Mail
certificates-admin-search-hint = Auch nur ein Teil, ohne Unterscheidung von Groß- und Kleinschreibung.
certificates-admin-apply = Filtern
certificates-admin-list = Liste der Teilnahmebestätigungen
certificates-admin-col-code = Code
certificates-admin-col-holder = Inhaberin/Inhaber
certificates-admin-col-municipality = Gemeinde
certificates-admin-col-course = Kurs
certificates-admin-col-issued = Ausgestellt am
certificates-admin-empty = Keine Teilnahmebestätigungen
certificates-admin-empty-text = Keine Teilnahmebestätigung entspricht den gewählten Filtern. Teilnahmebestätigungen werden automatisch ausgestellt, wenn eine teilnehmende Person einen Kurs abschließt, oder manuell.
certificates-admin-first = Zum Anfang
certificates-admin-next = Weitere Teilnahmebestätigungen
certificates-admin-zip-title = Als ZIP-Archiv herunterladen
certificates-admin-zip-hint = Das Archiv enthält die PDFs der gültigen Teilnahmebestätigungen (nicht der widerrufenen oder ersetzten), eine pro Datei, mit dem Code im Dateinamen.
certificates-admin-zip-edition = Gültige Teilnahmebestätigungen von Durchgang { $number } (ZIP)
certificates-admin-zip-all = Gültige Teilnahmebestätigungen aller Durchgänge (ZIP)
certificates-admin-new = Teilnahmebestätigung manuell ausstellen
certificates-admin-new-lead = Für eine in den Kurs eingeschriebene teilnehmende Person, auch wenn sie ihn nicht auf der Plattform abgeschlossen hat (zum Beispiel bei anderweitig erfasster Präsenzteilnahme). Der Grund bleibt im Verlauf der Teilnahmebestätigung.
certificates-admin-title-errors = Fehler im Formular
certificates-admin-form-errors = Die Teilnahmebestätigung wurde nicht ausgestellt: Korrigieren Sie die markierten Felder.
certificates-admin-choose = Auswählen…
certificates-admin-learner-email = E-Mail der teilnehmenden Person
certificates-admin-learner-email-hint = Die Adresse, mit der sich die teilnehmende Person bei Aula einloggt.
certificates-admin-reason = Grund
certificates-admin-issue-reason-hint = Pflichtfeld, höchstens 500 Zeichen: bleibt im Verlauf der Teilnahmebestätigung.
certificates-admin-issue-submit = Teilnahmebestätigung ausstellen
certificates-admin-exists = Die teilnehmende Person hat für ihren Durchgang bereits eine gültige Teilnahmebestätigung dieses Kurses:
certificates-admin-back = Zurück zu den Teilnahmebestätigungen
certificates-admin-detail-title = Teilnahmebestätigung { $code }
certificates-admin-outcome-emesso = Teilnahmebestätigung { $code } ausgestellt: Die teilnehmende Person erhält eine E-Mail mit dem Link zum PDF.
certificates-admin-outcome-revocato = Teilnahmebestätigung { $code } widerrufen: Die Prüfseite weist sie nun als widerrufen aus.
certificates-admin-outcome-riemesso = Neue Teilnahmebestätigung { $code } mit berichtigtem Namen ausgestellt; die bisherige gilt als durch diese ersetzt. Die teilnehmende Person erhält eine E-Mail.
certificates-admin-conflict-revoked = Die Teilnahmebestätigung wurde bereits widerrufen und kann weder erneut widerrufen noch neu ausgestellt werden.
certificates-admin-conflict-replaced = Die Teilnahmebestätigung wurde bereits durch eine neue ersetzt: Bearbeiten Sie diese.
certificates-admin-conflict-unknown = Die Teilnahmebestätigung ist nicht mehr gültig.
certificates-admin-revoked-on = Widerrufen am { $when }.
certificates-admin-because = Grund: { $reason }
certificates-admin-replaced-by = Ersetzt durch die Teilnahmebestätigung
certificates-admin-replaces = Ersetzt die Teilnahmebestätigung
certificates-admin-paper = Was auf der Teilnahmebestätigung steht
certificates-admin-holder = Inhaberin/Inhaber
certificates-admin-completed-on = Kurs abgeschlossen am
certificates-admin-remote = Weiterbildungsstunden online
certificates-admin-classroom = Stunden in Präsenz
certificates-admin-hours = { $hours ->
    [one] 1 Stunde
   *[other] { $hours } Stunden
}
certificates-admin-and-minutes = und { $minutes ->
    [one] 1 Minute
   *[other] { $minutes } Minuten
}
certificates-admin-minutes = { $minutes ->
    [one] 1 Minute
   *[other] { $minutes } Minuten
}
certificates-admin-no-time = keine
certificates-admin-action-errors = Der Vorgang wurde nicht ausgeführt: Korrigieren Sie das markierte Feld.
certificates-admin-modules = Module
certificates-admin-issued-at = Ausgestellt am
certificates-admin-issuer = Ausstellende Stelle
certificates-admin-issue-reason = Grund der Ausstellung
certificates-admin-pdf = PDF herunterladen
certificates-admin-json = Nachweis herunterladen (JSON)
certificates-admin-verify = Öffentliche Prüfseite
certificates-admin-account = Konto der teilnehmenden Person
certificates-admin-account-name = Aktueller Name im Konto
certificates-admin-history = Verlauf der Teilnahmebestätigung
certificates-admin-col-when = Wann
certificates-admin-col-action = Aktion
certificates-admin-col-who = Wer
certificates-admin-system = Aula (Kursabschluss)
certificates-admin-action-issued = Ausgestellt
certificates-admin-action-revoked = Widerrufen
certificates-admin-action-replaced = Ersetzt durch
certificates-admin-action-reissued = Neu ausgestellt als Ersatz für
certificates-admin-revoke-title = Widerruf
certificates-admin-revoke-hint = Pflichtfeld, höchstens 500 Zeichen. Der Widerruf kann nicht rückgängig gemacht werden: Die Prüfseite zeigt die Teilnahmebestätigung als widerrufen an, mit Datum.
certificates-admin-revoke-submit = Teilnahmebestätigung widerrufen
certificates-admin-reissue-title = Neuausstellung mit berichtigtem Namen
certificates-admin-corrected-name = Berichtigter Name
certificates-admin-corrected-name-hint = Vorgeschlagen: der aktuelle Name im Konto. Die neue Teilnahmebestätigung trägt diesen Namen; alles andere bleibt unverändert.
certificates-admin-reissue-hint = Pflichtfeld, höchstens 500 Zeichen. Der bisherige Code wird als „ersetzt durch“ den neuen gekennzeichnet.
certificates-admin-reissue-submit = Teilnahmebestätigung neu ausstellen
certificates-tutor-zip = Teilnahmebestätigungen (ZIP)

## Personenbezogene Daten (Datenschutz)
login-erased = Ihr Konto wurde gelöscht: Ihre personenbezogenen Daten wurden entfernt.
privacy-admin-title = Personenbezogene Daten
privacy-admin-card = Wer wessen Daten eingesehen hat, Exporte und Löschungen auf Antrag, Speicherfristen.
privacy-profile-heading = Ihre personenbezogenen Daten
privacy-my-data-title = Meine Daten
privacy-views-title = Wer meine Daten eingesehen hat
privacy-notice-link = Datenschutzinformation
privacy-my-data-lead = Hier können Sie alle Daten herunterladen, die Aula über Sie speichert, sehen, wer sie eingesehen hat, und, sofern Ihr Durchgang dies zulässt, Ihr Konto löschen.
privacy-export-requested = Anfrage erhalten: Wir erstellen das Archiv und benachrichtigen Sie per E-Mail, sobald es bereit ist.
privacy-export-heading = Datenexport
privacy-export-text = Ein ZIP-Archiv mit Ihren Daten im Format JSON (maschinenlesbar) und CSV (mit einer Tabellenkalkulation zu öffnen): Profil, Einschreibungen, Fortschritt, Tests und Antworten, Seminare und Anwesenheit, Teilnahmebestätigungen, erhaltene E-Mails, Zugriffsprotokoll.
privacy-col-requested = Angefordert
privacy-col-status = Status
privacy-col-file = Datei
privacy-export-status-pending = In Vorbereitung
privacy-export-status-ready = Bereit
privacy-export-status-failed = Fehlgeschlagen
privacy-export-download = ZIP herunterladen
privacy-export-until = verfügbar bis { $date }
privacy-export-request = Export meiner Daten vorbereiten
privacy-views-count = { $n ->
    [one] 1 Einsichtnahme erfasst.
   *[other] { $n } Einsichtnahmen erfasst.
}
privacy-views-open = Protokoll ansehen
privacy-notice-heading = Datenschutzinformation
privacy-acknowledged = Fassung { $version }: zur Kenntnis genommen am { $at }
privacy-acknowledged-none = Keine Kenntnisnahme erfasst.
privacy-erase-heading = Löschung des Kontos
privacy-erase-text = Die Löschung entfernt Namen, E-Mail-Adresse, Berufsbild und Passwort; die Daten zur Weiterbildung bleiben nur mit einer Nummer verknüpft, für die Statistiken des Programms. Die Löschung kann nicht rückgängig gemacht werden: Danach können Sie sich nicht mehr einloggen.
privacy-erase-confirm = Geben Sie zur Bestätigung die E-Mail-Adresse des Kontos ein ({ $email })
privacy-erase-submit = Konto endgültig löschen
privacy-erase-ask = Ihr Durchgang erlaubt keine Löschung über das Profil: Um sie zu beantragen, schreiben Sie an den in der Datenschutzinformation genannten Verantwortlichen.
privacy-rectify = Um falsche Angaben zu berichtigen (Name, Gemeinde, Berufsbild), schreiben Sie an das Sekretariat des Programms.
privacy-views-lead = Jedes Mal, wenn eine Tutorin, ein Tutor, eine Administratorin oder ein Administrator Ihre personenbezogenen Daten einsieht oder exportiert, protokolliert Aula dies hier: wer, wann, welche Seite oder welcher Export.
privacy-col-when = Wann
privacy-col-who = Wer
privacy-col-role = Rolle
privacy-col-what = Vorgang
privacy-col-where = Seite oder Datei
privacy-kind-view = Einsichtnahme
privacy-kind-export = Export
privacy-kind-erasure = Löschung
privacy-views-empty = Keine Einsichtnahme erfasst.
privacy-notice-version = Fassung vom { $version }
privacy-notice-superseded = nicht mehr geltende Fassung
privacy-notice-pending = Die Datenschutzinformation wurde aktualisiert: Lesen Sie sie und bestätigen Sie die Kenntnisnahme, um fortzufahren.
privacy-notice-acknowledge = Ich habe die Datenschutzinformation gelesen
privacy-notice-versions = Fassungen der Datenschutzinformation
privacy-admin-lead = Anträge zu personenbezogenen Daten (Auskunft, Datenübertragbarkeit, Löschung) und das Protokoll, wer die Daten der Teilnehmenden eingesehen hat.
privacy-admin-find = Person nach E-Mail-Adresse suchen
privacy-admin-not-found = Kein Konto mit der Adresse { $email }.
privacy-admin-settings = Speicherfristen
privacy-setting-retention = Inaktive Konten nach Ende der Durchgänge
privacy-setting-months = { $n } Monate
privacy-setting-off = ohne Frist gespeichert
privacy-setting-warning = Hinweis vor der Pseudonymisierung
privacy-setting-days = { $n } Tage
privacy-setting-log = Zugriffsprotokoll
privacy-setting-outbox = Inhalt der gesendeten E-Mails
privacy-setting-certificates = Teilnahmebestätigungen bei der Löschung
privacy-certificates-keep = Die Teilnahmebestätigungen werden als Dokumentation einer öffentlichen Weiterbildung aufbewahrt.
privacy-certificates-delete = Die Teilnahmebestätigungen werden widerrufen und die Daten der Inhaberin oder des Inhabers gelöscht.
privacy-admin-exports = Letzte Exporte
privacy-col-person = Person
privacy-person-number = Konto Nr. { $id }
privacy-admin-no-exports = Keine Exporte angefordert.
privacy-admin-log = Protokoll der Zugriffe auf personenbezogene Daten
privacy-person-title = Personenbezogene Daten von { $name }
privacy-person-erased = Konto gelöscht: Es bleiben nur pseudonymisierte Daten.
privacy-person-holds = Was Aula speichert
privacy-col-table = Tabelle
privacy-col-rows = Zeilen
privacy-admin-export = Export vorbereiten (Antrag schriftlich eingegangen)
privacy-admin-erase-text = Name, E-Mail-Adresse, Berufsbild und Passwort werden überall entfernt, auch in E-Mails und Antworten, in denen die Person genannt wird; Fortschritt, Tests und Anwesenheit bleiben nur mit der Nummer des Kontos verknüpft, sodass sich die Berichte nicht ändern.
privacy-guide-title = Ihre Daten in Aula
privacy-guide-intro = Export der Daten des Kontos Nr. { $id }, erstellt am { $at }. Die Datei dati.json enthält alles in maschinenlesbarer Form; der Ordner csv enthält eine Tabelle pro Datei, die sich mit einer Tabellenkalkulation öffnen lässt.
privacy-guide-files = Dateien mit Daten:
privacy-guide-rows = { $n ->
    [one] 1 Zeile
   *[other] { $n } Zeilen
}
privacy-guide-empty = Tabellen, die keine Daten von Ihnen enthalten:
privacy-guide-rights = Sie können die Berichtigung oder Löschung Ihrer Daten oder die Einschränkung der Verarbeitung verlangen oder der Verarbeitung widersprechen, wie in der Datenschutzinformation (Seite /informativa) erläutert, und Beschwerde beim Garante per la protezione dei dati personali (italienische Datenschutzbehörde) einlegen.
privacy-table-users = Ihr Profil (Name, E-Mail, Gemeinde, Bereich, Berufsbild, Sprache, Datum der Erstellung und des letzten Logins; das Passwort wird nicht exportiert, da es nur als Hashwert gespeichert ist)
privacy-table-privacy_acknowledgements = die Fassungen der Datenschutzinformation, die Sie zur Kenntnis genommen haben, mit Datum und Uhrzeit
privacy-table-sessions = die offenen Login-Sitzungen (Beginn und Ablauf)
privacy-table-api_tokens = die API-Schlüssel auf Ihren Namen (Name, Berechtigungen, Datumsangaben; nie der Schlüssel selbst)
privacy-table-email_tokens = die per E-Mail gesendeten Links (Einladung, Zurücksetzen des Passworts: Zweck und Datumsangaben)
privacy-table-tutor_scopes = bei Tutorinnen und Tutoren die betreute Gruppe (Regionen oder Gemeinden)
privacy-table-enrolments = die Einschreibungen in Kurse, nach Durchgang
privacy-table-course_progress = die Zusammenfassung des Fortschritts pro Kurs
privacy-table-lesson_progress = der Fortschritt pro Lektion (Beginn, Abschluss, Zeit)
privacy-table-progress_events = jedes erfasste Fortschrittsereignis (Lektion geöffnet oder abgeschlossen, Sekunden)
privacy-table-reading_days = die pro Tag angerechnete Lesezeit
privacy-table-completions = die abgeschlossenen Module
privacy-table-quiz_attempts = die Testversuche mit Punktzahl und Ergebnis
privacy-table-quiz_answers = die in jedem Versuch gegebenen Antworten, mit Punktzahl
privacy-table-seminar_registrations = die Anmeldungen zu Präsenzseminaren, Warteliste und Entscheidungen
privacy-table-seminar_attendance = die Anwesenheit bei Seminaren pro Halbtag
privacy-table-seminar_attendance_changes = die Änderungen an Ihren Anwesenheitseinträgen, mit der Person, die sie vorgenommen hat
privacy-table-certificates = Ihre Teilnahmebestätigungen, mit dem signierten digitalen Nachweis
privacy-table-certificate_events = der Verlauf Ihrer Teilnahmebestätigungen (Ausstellung, Widerruf, Neuausstellung)
privacy-table-outbox = die E-Mails, die Aula Ihnen gesendet hat oder noch senden wird
privacy-table-notifications = die in der Anwendung angezeigten Mitteilungen
privacy-table-reminder_optouts = die Erinnerungen, die Sie abbestellt haben
privacy-table-error_reports = die von Ihnen gesendeten Meldungen zu Fehlern und die Antworten darauf
privacy-table-personal_data_views = welche Tutorinnen und Tutoren sowie Administratorinnen und Administratoren Ihre Daten eingesehen oder exportiert haben
privacy-table-privacy_exports = die angeforderten Exporte Ihrer Daten (ohne die Archive)
