# Interfaccia di Aula in italiano. Ogni testo mostrato da un modello passa da qui.

app-name = Aula
app-tagline = Formazione a distanza su diritto dell'immigrazione e prassi amministrativa per il personale dei Comuni.
skip-to-content = Vai al contenuto principale
nav-label = Navigazione principale
lang-switch-label = Lingua dell'interfaccia

footer-programme = Aula · Programma di formazione integrata per i Comuni
footer-accessibility = Questo sito intende rispettare i requisiti di accessibilità WCAG 2.1 AA.

home-title = Formazione per chi gestisce l'immigrazione nei Comuni
home-lead = Moduli a distanza di approfondimento giuridico-amministrativo, con le norme citate sempre a portata di mano, verifiche di apprendimento e il monitoraggio dei tutor.
home-cta = Vai ai corsi
home-cta-library = Consulta le norme
home-themes-title = I temi del programma
home-theme-1 = Semplificazione delle procedure
home-theme-1-text = Permesso di soggiorno, iscrizione anagrafica, autocertificazione, ricongiungimento familiare: chi fa che cosa e come.
home-theme-2 = Accoglienza e integrazione
home-theme-2-text = Modelli organizzativi, sportelli, mediazione, reti territoriali e il sistema di accoglienza.
home-theme-3 = Minori stranieri non accompagnati
home-theme-3-text = Il ruolo dei Comuni dalla prima accoglienza alla maggiore età.
home-who-title = Per chi è
home-who-text = Per amministratori, dirigenti, funzionari e operatori dei servizi demografici, dei servizi sociali, degli sportelli immigrati e della polizia municipale.

error-status = Errore { $status }
error-not-found = Pagina non trovata
error-forbidden = Accesso negato
error-unauthorized = Accesso richiesto
error-client = Richiesta non valida
error-server = Si è verificato un errore
error-unavailable = Servizio momentaneamente non disponibile
error-request-id = Se il problema persiste, comunica alla segreteria questo codice: { $id }
error-back-home = Torna all'inizio

nav-courses = Corsi
nav-library = Biblioteca normativa
breadcrumbs-label = Percorso di navigazione

courses-title = Corsi
courses-lead = I percorsi a distanza del programma: ogni lezione riporta accanto le norme che cita.
courses-empty = Non ci sono ancora corsi disponibili.
course-meta = { $modules } moduli · { $lessons } lezioni · circa { $hours } ore
course-paths-title = Percorsi per settore
course-paths-text = Scegli il tuo settore per vedere le lezioni pensate per il tuo lavoro.
course-no-lessons-for-sector = Nessuna lezione di questo modulo è indicata per il settore scelto.
sector-all = Tutte le lezioni
sector-servizi-demografici = Servizi demografici
sector-servizi-sociali = Servizi sociali
sector-sportello-immigrati = Sportello immigrati
sector-polizia-municipale = Polizia municipale
sector-altro = Altro
module-number = Modulo { $n }
module-objectives = Obiettivi di apprendimento
module-meta = { $lessons } lezioni · { $minutes } minuti · verifica di { $questions } domande
minutes = { $n } min

lesson-toc = In questa lezione
lesson-pager = Lezioni precedente e successiva
lesson-previous = Precedente:
lesson-next = Successiva:
lesson-cited = Norme citate
lesson-cited-none = Questa lezione non cita articoli presenti nella biblioteca.
lesson-cited-elsewhere = Su Normattiva
lesson-cited-elsewhere-note = Articoli citati non ancora presenti nella biblioteca: si aprono sul sito ufficiale.
on-normattiva = (testo su Normattiva)
lesson-reviewed = Aggiornato al
lesson-translated = Traduzione dall'italiano: le citazioni rinviano al testo italiano delle norme, che è quello ufficiale.
lesson-translation-reviewed = Traduzione rivista il
lesson-fallback = Questa lezione non è ancora tradotta nella tua lingua: è mostrata in italiano.
lesson-sources = Testi vigenti di riferimento
lesson-source-in-force = testo vigente al
lesson-source-undated = data del testo vigente non indicata
lesson-article-changed = modificato il
lesson-after-review = successivo all'aggiornamento della lezione
article-short = Art. { $label } · { $act }

glossary-title = Glossario
glossary-lead = { $terms } voci con le norme di riferimento.
glossary-link = Glossario ({ $terms } voci)
glossary-see = Vedi anche:

library-title = Biblioteca normativa
library-lead = I testi vigenti delle norme citate nelle lezioni, articolo per articolo.
library-empty = La biblioteca è vuota: la segreteria scarica da Normattiva il testo vigente degli atti dei corsi con «aula library fetch --courses». Intanto le citazioni delle lezioni rinviano al testo su Normattiva.
library-act-meta = { $articles } articoli
library-in-force = testo vigente al { $date }
article-label = Art. { $label }
article-repealed = abrogato
article-repealed-notice = Questo articolo è abrogato.
comma-label = Comma { $label }
article-notes = Note di aggiornamento ({ $n })
article-legend = Le parti tra doppie parentesi, evidenziate, sono state inserite o modificate da atti successivi.
article-pager = Articoli precedente e successivo
article-cited-by = Lezioni che citano questo articolo
article-cited-by-none = Nessuna lezione cita questo articolo.
library-act-on-normattiva = Testo vigente dell'atto su Normattiva
library-article-on-normattiva = Art. { $label } su Normattiva

nav-tutor = Tutor
nav-admin = Amministrazione
nav-login = Accedi
nav-logout = Esci
login-title = Accedi
login-lead = Inserisci l'indirizzo e-mail e la password del tuo account.
login-submit = Accedi
login-forgot = Password dimenticata?
field-email = Indirizzo e-mail
field-password = Password
field-new-password = Nuova password
field-confirm-password = Ripeti la nuova password
field-name = Nome
field-role = Ruolo
field-municipality = Comune
field-sector = Settore
field-job-title = Qualifica
field-cohort = Regioni e Comuni seguiti
password-hint = Almeno 10 caratteri. Una frase facile da ricordare va benissimo.
forgot-title = Password dimenticata
forgot-lead = Indica l'indirizzo del tuo account: ti invieremo un collegamento per scegliere una nuova password.
forgot-submit = Invia il collegamento
forgot-sent = Se l'indirizzo corrisponde a un account, riceverai a breve un messaggio con il collegamento.
set-password-title-invite = Benvenuto in Aula
set-password-title-reset = Scegli una nuova password
set-password-lead = { $name }, scegli la password con cui accederai.
set-password-submit = Salva la password
link-invalid = Il collegamento non è valido: è già stato usato oppure è scaduto.
profile-title = Il tuo profilo
profile-change-password = Cambia la password
role-learner = Discente
role-tutor = Tutor
role-admin = Amministratore
admin-title = Amministrazione
admin-editions = Edizioni
admin-editions-text = Le edizioni del programma, le regioni e la soglia di popolazione dei Comuni ammessi.
admin-municipalities = Comuni
admin-municipalities-text = L'elenco ISTAT dei Comuni con la popolazione del censimento 2011.
admin-tokens = Token API
admin-tokens-text = Chiavi per le integrazioni: create qui con i loro ambiti e una scadenza, mostrate una sola volta, revocabili.
admin-learners-text = I discenti iscritti, per Comune e settore.
pagination-label = Pagine
pagination-previous = Precedente
pagination-next = Successiva
pagination-status = Pagina { $page } di { $pages }
municipalities-search = Cerca per nome o codice ISTAT
search-submit = Cerca
municipalities-count = { $n } Comuni
col-istat = Codice ISTAT
col-name = Nome
col-province = Provincia
col-region = Regione
col-population = Popolazione 2011
col-number = Numero
col-title = Titolo
col-regions = Regioni
col-population-over = Popolazione oltre
col-dates = Periodo
col-starts = Inizio
col-ends = Fine
col-eligible = Comuni ammessi
col-created = Creato
col-last-used = Ultimo uso
col-state = Stato
editions-empty = Non ci sono ancora edizioni.
editions-new = Nuova edizione
editions-regions-hint = Tieni premuto Ctrl (o Cmd) per sceglierne più di una.
editions-create = Crea l'edizione
tokens-created = Ecco il nuovo token: copialo ora, non sarà più mostrato.
tokens-revoked = revocato
tokens-revoke = Revoca
tokens-new = Nuovo token
tokens-name = A che cosa serve
tokens-create = Crea il token
tokens-lead = Un token vale solo per l'API JSON (/api/), solo per gli ambiti scelti e fino alla scadenza; agisce con i permessi dell'account che lo crea.
tokens-expired = scaduto
tokens-active = attivo
tokens-scopes = Ambiti
tokens-days = Durata in giorni (al massimo { $max })
col-owner = Account
col-scopes = Ambiti
col-expires = Scadenza
chart-completion-title = Completamento per Comune
chart-completion-description = Quota di iscritti che hanno completato il corso, per i Comuni con più iscritti; i valori sono nella tabella per Comune.
chart-quiz-title = Distribuzione dei punteggi dei quiz
chart-quiz-description = Numero di discenti per fascia della media dei migliori punteggi ai quiz; i valori sono nella tabella che segue.
chart-activity-title = Attività nel tempo
chart-activity-description = Discenti attivi al giorno nelle ultime otto settimane; i valori sono nella tabella che segue.
tutor-title = I discenti seguiti
tutor-count = { $n } discenti
tutor-empty = Nessun discente nei Comuni e nelle regioni che segui.
quiz-title = Verifica
quiz-result-title = Esito della verifica
quiz-meta = { $questions } domande · per superarla serve almeno il { $pass }%
quiz-attempt-of = tentativo { $n } di { $total }
quiz-attempt = tentativo { $n }
quiz-deadline = da consegnare entro le { $time }
quiz-multiple-hint = (più risposte esatte)
quiz-submit = Consegna la verifica
quiz-exhausted = Hai già usato tutti i { $n } tentativi ammessi per questa verifica. Per un nuovo tentativo rivolgiti al tutor.
quiz-back = Torna al corso
quiz-score = Punteggio: { $score } su { $max } ({ $percent }%)
quiz-passed = Verifica superata (soglia { $pass }%).
quiz-failed = Verifica non superata (soglia { $pass }%). Rileggi le lezioni e riprova.
quiz-module-completed = Hai completato il modulo.
quiz-your-answer = La tua risposta:
quiz-no-answer = nessuna
quiz-right-answer = Risposta esatta:
quiz-points = { $score } punti su { $max }
lesson-status = Il tuo avanzamento
lesson-status-completed = Lezione completata
lesson-status-in_progress = Lezione iniziata
lesson-status-not_started = Lezione non ancora iniziata
lesson-complete = Segna come completata
lesson-quiz-link = Vai alla verifica del modulo
course-progress = Il tuo avanzamento: { $percent }%
module-progress = { $percent }% del modulo
status-completed = completata
status-in_progress = iniziata
status-not_started = da iniziare
dashboard-title = Bentornato, { $name }
dashboard-resume = Riprendi da dove eri rimasto
dashboard-courses = I tuoi corsi
dashboard-none = Non sei ancora iscritto a nessun corso: la segreteria ti iscrive quando il tuo Comune partecipa a un'edizione.
dashboard-quiz-best = verifica: migliore { $percent }%
dashboard-quiz-none = verifica non ancora svolta
path-title = Il tuo percorso
path-remote = Parte a distanza
path-modules = { $done } di { $total } moduli completati
path-classroom = Parte in aula
path-seated = Hai un posto assegnato.
path-session-attended = Presente { $n ->
    [one] a 1 mezza giornata
   *[other] a { $n } mezze giornate
}.
path-no-registration = Non sei iscritto a nessuna sessione di seminario.
path-go-register = Vai ai seminari in aula
path-half-days-required = { $attended } di { $required } mezze giornate richieste
path-half-days-attended = { $n ->
    [one] 1 mezza giornata di presenza
   *[other] { $n } mezze giornate di presenza
}
path-completed = Corso completato il { $day }
path-missing = Per completare il corso ti manca:
path-missing-modules = { $n ->
    [one] 1 modulo della parte a distanza
   *[other] { $n } moduli della parte a distanza
}
path-missing-half-days = { $n ->
    [one] 1 mezza giornata di seminario in aula
   *[other] { $n } mezze giornate di seminario in aula
}
path-missing-registration = l'iscrizione a una sessione di seminario in aula.

## Search
nav-search = Cerca
search-facet-kind = Tipo
search-facet-course = Corso
search-facet-module = Modulo
search-facet-act = Atto
search-kind-lessons = Lezioni
search-kind-articles = Articoli di legge
search-kind-glossary = Glossario
search-title = Cerca
search-title-for = «{ $q }»: risultati della ricerca
search-label = Cerca nelle lezioni, nelle norme e nel glossario
search-help = Parole o domande in italiano, "frasi tra virgolette", -parola per escluderla, oppure una citazione come «art. 29 TUI» o «dpr 394/99 art 13».
search-lead = Una domanda, una frase o un articolo di legge: la ricerca trova le lezioni, gli articoli delle norme della biblioteca e le voci del glossario.
search-comma = comma { $comma }
search-count = { $n ->
    [0] Nessun risultato
    [one] 1 risultato
   *[other] { $n } risultati
}
search-filters = Filtra i risultati
search-past-end = Questa pagina è oltre l'ultima dei risultati.
search-first-page = Torna alla prima pagina
search-filter-remove = togli il filtro
search-none = Nessun risultato per «{ $q }».
search-answer-title = La norma che risponde
search-answer-comma = Comma { $comma }
search-answer-letter = Comma { $comma }, lettera { $letter })
search-answer-start = Dal testo dell'articolo
search-answer-open = Leggi l'articolo { $label } { $act }
search-answer-open-comma = Leggi il comma { $comma } dell'articolo { $label } { $act }
search-answer-lessons = Lezioni che citano questo articolo
search-none-hint = Prova con meno parole, con un sinonimo o senza filtri; per un articolo, scrivi ad esempio «art. 5 D.Lgs. 286/1998».
admin-search = Ricerche
admin-search-text = Cosa cercano i discenti e cosa non trovano: le ricerche più frequenti e quelle senza risultati.
admin-search-top = Ricerche più frequenti
admin-search-zero = Ricerche senza risultati
admin-search-lead = Le ricerche degli ultimi { $days } giorni, senza l'identità di chi le ha fatte.
col-query = Ricerca
col-times = Volte
col-results = Risultati
col-last = Ultima volta
admin-search-empty = Nessuna ricerca registrata nel periodo.

## Tutor reports
report-title = Andamento dei discenti
report-computed-at = Dati calcolati alle { $time } (UTC).
report-tabs = Rapporti
report-overview = Panoramica
report-matrix = Matrice dei progressi
report-at-risk = Discenti a rischio
report-never-attended = Mai presenti in aula
report-seminars = Seminari: presenze
report-filters = Filtri del rapporto
report-course = Corso
report-all = Tutte
report-apply = Applica
report-remove-filter = togli il filtro
report-totals = Totali
report-enrolled = Iscritti
report-not-started = Non iniziato
report-in-progress = In corso
report-completed = Completato
report-percent = Avanzamento
report-quiz-average = Media quiz
report-export = Scarica
report-group = Gruppo
report-learners = Discenti
report-band = Fascia di punteggio
report-day = Giorno
report-active = Discenti attivi
report-chart-completion = Completamento per Comune
report-chart-quiz = Distribuzione dei punteggi dei quiz
report-chart-activity = Attività nel tempo
report-chart-data = I dati del grafico
report-by-region = Per regione
report-by-sector = Per settore
report-by-municipality = Per Comune
report-sort = Ordina per
report-sort-progress = avanzamento (più alto)
report-sort-progress-asc = avanzamento (più basso)
report-sort-activity = ultima attività (più recente)
report-sort-activity-asc = ultima attività (meno recente)
report-module-n = Mod. { $n }
report-last-activity = Ultima attività
report-never = mai
report-at-risk-lead = Non hanno iniziato { $not_started } giorni dopo l'iscrizione, sono inattivi da { $inactive } giorni o hanno fallito { $failures } volte lo stesso quiz senza superarlo.
report-lessons = Lezioni
report-lesson = Lezione
report-started = Iniziata
report-completed-at = Completata
report-minutes = Minuti
report-no-lessons = Nessuna lezione aperta.
report-attempts = Tentativi dei quiz
report-passed = superato
report-failed = non superato
report-answers = Risposte
report-question = Domanda
report-chosen = Opzioni scelte
report-score = Punti
report-no-attempts = Nessun tentativo inviato.
report-timeline = Attività
report-no-activity = Nessuna attività registrata.
cell-not-started = non iniziato
cell-in-progress = in corso
cell-quiz-failed = quiz non superato
cell-completed = completato
event-started = lezione aperta
event-heartbeat = lettura
event-completed = lezione completata
event-quiz = quiz inviato

## Resoconti dei seminari in aula
seminar-report-title = Resoconto della sessione
seminar-report-dates = Date
seminar-report-until = fino al { $day }
seminar-report-rate = Presenze
seminar-report-rate-label = tasso di presenza
seminar-report-present-cells = Presente
seminar-report-absent-cells = Assente
seminar-report-unmarked-cells = Non rilevato
seminar-report-taken = mezze giornate rilevate
seminar-report-waiting-count = in lista d'attesa
seminar-report-cancelled = rinunce
seminar-report-rate-definition = Il tasso di presenza è il numero di mezze giornate di presenza diviso per i discenti con posto assegnato moltiplicati per le mezze giornate rilevate (quelle in cui almeno un discente ha una presenza o un'assenza registrata). «Non rilevato» indica una mezza giornata rilevata senza alcuna registrazione per quel discente: non è contato come assenza, ma nemmeno come presenza.
seminar-report-roster = Discenti con posto assegnato
seminar-report-roster-empty = Nessun discente ha un posto in questa sessione.
seminar-report-half-day = G{ $day } { $half }
seminar-report-half-am = mattina
seminar-report-half-pm = pomeriggio
seminar-report-cell-present = presente
seminar-report-cell-absent = assente
seminar-report-cell-unmarked = non rilevato
seminar-report-no-show = mai presente
seminar-report-no-shows = Mai presenti
seminar-report-no-shows-later = Chi non si è mai presentato si saprà dopo l'ultimo giorno della sessione, il { $day }.
seminar-report-no-shows-none = Tutti i discenti con posto assegnato sono stati presenti almeno a una mezza giornata.
seminar-report-waiting = Lista d'attesa
seminar-report-waiting-empty = Nessuno in lista d'attesa.
seminar-report-position = Posizione
seminar-report-registered-at = Richiesta del
never-attended-title = Parte a distanza completata, mai presenti in aula
never-attended-lead = I discenti che segui hanno completato tutti i moduli del corso ma non risultano presenti ad alcuna mezza giornata dei suoi seminari in aula.
never-attended-rule = Per completare «{ $course }» servono { $n ->
    [one] 1 mezza giornata
   *[other] { $n } mezze giornate
} di seminario in aula.
never-attended-no-rule = Il completamento di «{ $course }» non richiede la presenza ai seminari in aula.
never-attended-remote-done = Moduli completati il
never-attended-seminar = Seminario in aula
never-attended-none = nessuna iscrizione a sessioni in programma
never-attended-registered = iscritto alla sessione del { $day }
never-attended-waiting = in lista d'attesa per la sessione del { $day }, posizione { $position }
never-attended-empty = Nessun discente in questa situazione.
never-attended-first-page = Dall'inizio

## Reminders
profile-reminders = Promemoria via e-mail
profile-reminders-hint = Scegli quali promemoria ricevere. Gli avvisi restano comunque visibili nella tua pagina iniziale.
profile-reminders-save = Salva le preferenze
reminder-rule-not-started = Corso non ancora iniziato
reminder-rule-inactive = Corso fermo da tempo
reminder-rule-deadline = Chiusura dell'edizione vicina
reminder-rule-quiz-failed = Quiz da ritentare
reminder-rule-tutor-digest = Riepilogo settimanale dei discenti a rischio
unsubscribe-title = Disattivare un promemoria
unsubscribe-question = Vuoi smettere di ricevere il promemoria «{ $rule }» all'indirizzo { $email }?
unsubscribe-confirm = Sì, disattiva
unsubscribe-done = Fatto: non riceverai più il promemoria «{ $rule }». Puoi riattivarlo dal tuo profilo.
notifications-title = Avvisi
admin-reminders = Promemoria
admin-reminders-text = I promemoria programmati: ultima e prossima esecuzione, messaggi inviati, in attesa e falliti.
admin-reminders-job = Esecuzioni programmate
admin-reminders-cron = Pianificazione
admin-reminders-disabled = disattivata
admin-reminders-last = Ultima esecuzione
admin-reminders-next = Prossima esecuzione
admin-reminders-holder = Eseguita da
admin-reminders-summary = Esito
admin-reminders-counts = Messaggi
admin-reminders-outbox = Ultimi messaggi
admin-reminders-never = mai
col-rule = Promemoria
col-recipient = Destinatario
col-status = Stato
col-attempts = Tentativi
col-error = Ultimo errore
status-pending = in attesa
status-sent = inviato
status-failed = fallito
admin-reminders-empty = Nessun messaggio in coda.
admin-library = Modifiche normative
admin-library-text = Gli articoli cambiati negli aggiornamenti della biblioteca, parola per parola, e le lezioni da rivedere.
admin-library-lead = Ogni volta che un atto viene scaricato di nuovo, gli articoli il cui testo è cambiato compaiono qui, con il confronto parola per parola e le lezioni che li citano.
admin-library-summary = Riepilogo
admin-library-changed-articles = { $n ->
    [one] articolo modificato
   *[other] articoli modificati
}
admin-library-lessons-to-review = { $n ->
    [one] lezione da rivedere
   *[other] lezioni da rivedere
}
admin-library-count = { $n ->
    [one] Una modifica registrata, dalla più recente.
   *[other] { $n } modifiche registrate, dalla più recente.
}
admin-library-legend = Legenda
admin-library-legend-removed = testo eliminato
admin-library-legend-added = testo aggiunto
admin-library-legend-text = Il testo eliminato è barrato su fondo rosso, quello aggiunto sottolineato su fondo verde.
admin-library-removed-prefix = testo eliminato:
admin-library-added-prefix = testo aggiunto:
admin-library-removed-suffix = fine del testo eliminato.
admin-library-added-suffix = fine del testo aggiunto.
admin-library-kind-changed = Modificato
admin-library-kind-added = Nuovo
admin-library-kind-removed = Soppresso
admin-library-detected = Rilevato il
admin-library-old-in-force = Testo precedente vigente al
admin-library-new-in-force = Testo nuovo vigente al
admin-library-unknown-date = data non indicata
admin-library-diff-changed = Confronto tra il testo precedente e quello nuovo
admin-library-diff-added = Testo dell'articolo nuovo
admin-library-diff-removed = Testo dell'articolo soppresso
admin-library-diff-empty = Nessun testo da mostrare.
admin-library-no-article = L'articolo non è più nella biblioteca.
admin-library-lessons = Lezioni che citano l'articolo
admin-library-lessons-none = Nessuna lezione cita questo articolo.
admin-library-reviewed = rivista il { $date }
admin-library-never-reviewed = mai rivista
admin-library-to-review = da rivedere
admin-library-empty = Nessuna modifica normativa registrata.
admin-library-empty-before = Le modifiche compaiono qui dopo che il comando
admin-library-empty-after = ha scaricato di nuovo da Normattiva un atto già presente nella biblioteca e ne ha trovato articoli cambiati, aggiunti o soppressi.

errata-report-lesson = Segnala un errore in questa lezione
errata-report-article = Segnala un errore in questo articolo
errata-form-title = Segnala un errore
errata-form-lead-lesson = Stai segnalando un errore nella lezione
errata-form-lead-article = Stai segnalando un errore nel testo dell'articolo
errata-form-how = Descrivi che cosa non va: una regola che non è più in vigore, un riferimento normativo sbagliato, un passaggio poco chiaro. Se puoi, copia qui sotto la frase che contiene l'errore.
errata-description = Che cosa non va
errata-description-hint = Da { $min } a { $max } caratteri. Se la conosci, indica la norma vigente che la lezione dovrebbe seguire.
errata-quote = Il passaggio (facoltativo)
errata-quote-hint = Al massimo { $max } caratteri: copia la frase che contiene l'errore.
errata-privacy = La segreteria vedrà il tuo nome e il tuo indirizzo e-mail e ti scriverà quando avrà risposto.
errata-submit = Invia la segnalazione
errata-back-lesson = Torna alla lezione
errata-back-article = Torna all'articolo
errata-sent = Grazie: la segnalazione è stata inviata. Riceverai un'e-mail quando la redazione avrà risposto.
errata-mine-title = Le mie segnalazioni
errata-mine-lead = Gli errori che hai segnalato nelle lezioni e negli articoli, con le risposte della redazione.
errata-mine-empty = Non hai ancora inviato segnalazioni.
errata-mine-empty-text = Sotto ogni lezione e ogni articolo della biblioteca trovi il collegamento «Segnala un errore».
errata-mine-link = Le mie segnalazioni di errori
errata-report-number = Segnalazione n. { $id }
errata-status-open = Aperta
errata-status-answered = Con risposta
errata-status-closed = Chiusa
errata-kind = Riguarda
errata-kind-lesson = una lezione
errata-kind-article = un articolo della biblioteca
errata-reported-on = Inviata il
errata-reporter = Da
errata-closed-on = Chiusa il
errata-target-gone = La lezione o l'articolo non è più disponibile.
errata-quoted = Il passaggio citato
errata-cited = Articoli citati dalla lezione
errata-cited-none = La lezione non cita articoli.
errata-citing = Lezioni che citano l'articolo
errata-answer = Risposta della redazione
errata-answered-on = inviata il

admin-errata = Segnalazioni di errori
admin-errata-text = Gli errori segnalati da discenti e tutor nelle lezioni e negli articoli: rispondi e chiudi.
admin-errata-lead = Gli errori segnalati nelle lezioni e negli articoli della biblioteca: prima quelle aperte, dalla più vecchia. Chi ha segnalato riceve per e-mail ogni risposta e la chiusura.
admin-errata-open = { $n ->
    [one] aperta
   *[other] aperte
}
admin-errata-answered = con risposta
admin-errata-closed = { $n ->
    [one] chiusa
   *[other] chiuse
}
admin-errata-count = { $n ->
    [one] Una segnalazione: prima le aperte.
   *[other] { $n } segnalazioni: prima le aperte.
}
admin-errata-handle = Rispondi o chiudi
admin-errata-see = Vedi la segnalazione
admin-errata-empty = Nessuna segnalazione ricevuta.
admin-errata-empty-text = Le segnalazioni compaiono qui quando un discente o un tutor usa «Segnala un errore» sotto una lezione o un articolo.
admin-errata-answer-title = Rispondi
admin-errata-answer-hint = La risposta arriva per e-mail a chi ha segnalato l'errore e resta visibile tra le sue segnalazioni.
admin-errata-answer-label = Testo della risposta
admin-errata-answer-close = Chiudi la segnalazione con questa risposta
admin-errata-answer-submit = Invia la risposta
admin-errata-close-title = Chiudi senza rispondere
admin-errata-close-hint = Chi ha segnalato riceve un'e-mail che gli comunica la chiusura.
admin-errata-close-submit = Chiudi la segnalazione
admin-errata-is-closed = Questa segnalazione è chiusa: non si può più rispondere.
admin-errata-back = Torna alle segnalazioni

## Seminari in aula
nav-seminars = Seminari
seminars-title = Seminari in aula
seminars-lead = I seminari tematici in aula della tua regione: iscriviti a una sessione per seminario. Quando i posti sono esauriti entri in lista d'attesa e, se qualcuno rinuncia, ti iscriviamo in ordine di arrivo e te lo scriviamo.
seminars-lead-staff = Tutte le sessioni dei seminari in aula, con i posti occupati e le liste d'attesa.
seminars-outcome-iscritto = Iscrizione confermata: ti abbiamo inviato un'e-mail con l'invito da aggiungere al calendario.
seminars-outcome-attesa = I posti sono esauriti: sei in lista d'attesa. Ti scriviamo se si libera un posto.
seminars-outcome-annullata = Hai annullato l'iscrizione.
seminars-when = Dal { $day }, { $days ->
    [one] 1 giorno
   *[other] { $days } giorni
}
seminars-hours = Orario
seminars-hours-value = dalle { $starts } alle { $ends } (ora italiana)
seminars-venue = Luogo
seminars-region = Regione
seminars-seats = Posti
seminars-seats-value = { $seated } occupati su { $capacity }
seminars-waiting-count = { $waiting } in lista d'attesa
seminars-deadline = Iscrizioni e rinunce entro il
seminars-mine-registered = Sei iscritto a questa sessione.
seminars-mine-waiting = Sei in lista d'attesa, in posizione { $position }.
seminars-closed = Iscrizioni chiuse.
seminars-register = Iscriviti
seminars-join-waiting = Entra in lista d'attesa
seminars-cancel = Annulla l'iscrizione
seminars-empty = Nessun seminario in programma
seminars-empty-text = Non ci sono ancora sessioni di seminari in aula nella tua regione.

## Presenze ai seminari (pagine del tutor)
attendance-sessions-title = Seminari: presenze
attendance-sessions-lead = Le sessioni dei seminari in aula delle regioni che segui: apri le presenze per rilevarle in aula, mezza giornata per mezza giornata, anche da tablet.
attendance-sessions-lead-admin = Tutte le sessioni dei seminari in aula: apri le presenze per rilevarle o correggerle.
attendance-sessions-current = In corso e in programma
attendance-sessions-past = Concluse
attendance-sessions-none-current = Nessuna sessione in corso o in programma.
attendance-sessions-none-past = Nessuna sessione conclusa.
attendance-sessions-empty = Nessuna sessione da seguire
attendance-sessions-empty-text = Non ci sono sessioni di seminari nelle regioni che segui.
attendance-col-seminar = Seminario
attendance-col-dates = Date
attendance-col-venue = Luogo
attendance-col-region = Regione
attendance-col-seated = Posti occupati
attendance-col-waiting = In lista d'attesa
attendance-col-links = Azioni
attendance-seated-value = { $seated } su { $capacity }
attendance-running = in corso
attendance-link-sheet = Presenze
attendance-link-report = Resoconto
attendance-link-history = Storico delle modifiche
attendance-link-import = Importa il foglio firme
attendance-back = Tutte le sessioni
attendance-session-tabs = Pagine della sessione
attendance-title = Presenze
attendance-day-tabs = Giorni della sessione
attendance-day = Giorno { $n }
attendance-day-heading = Giorno { $n } · { $date }
attendance-today = oggi
attendance-lead = Tocca «Mattina» o «Pomeriggio» accanto a ogni discente: la prima volta lo segna presente, poi alterna presente e assente. Ogni tocco è salvato subito e resta registrato con chi l'ha fatto e quando.
attendance-half-am = Mattina
attendance-half-pm = Pomeriggio
attendance-state-present = Presente
attendance-state-absent = Assente
attendance-state-unmarked = Non rilevato
attendance-not-saved = Non salvato — riprova
attendance-counts = Riepilogo del giorno
attendance-count-present = Presenti
attendance-count-absent = Assenti
attendance-count-unmarked = Non rilevati
attendance-all-present = Tutti presenti ({ $half })
attendance-all-present-hint = Segna presenti i discenti non ancora rilevati; chi è già segnato resta com'è.
attendance-all-marked = { $half }: tutti rilevati.
attendance-added = { $n ->
    [one] 1 discente segnato presente.
   *[other] { $n } discenti segnati presenti.
}
attendance-learners = Discenti con posto assegnato
attendance-no-learners = Nessun discente ha un posto in questa sessione
attendance-no-learners-text = Le presenze si rilevano per chi ha un posto; chi è in lista d'attesa non compare.
attendance-waiting-note = { $n ->
    [one] 1 persona in lista d'attesa non compare: non ha un posto.
   *[other] { $n } persone in lista d'attesa non compaiono: non hanno un posto.
}
attendance-municipality-unknown = Comune non indicato
attendance-history-title = Storico delle presenze
attendance-history-lead = Ogni modifica di una presenza, dalla più recente: chi l'ha fatta, quando (ora italiana), il valore prima e dopo e da dove è arrivata.
attendance-history-empty = Nessuna presenza rilevata finora.
attendance-history-count = { $n ->
    [one] 1 modifica
   *[other] { $n } modifiche
}
attendance-col-when = Quando
attendance-col-who = Chi
attendance-col-learner = Discente
attendance-col-day = Giorno
attendance-col-half = Mezza giornata
attendance-col-change = Modifica
attendance-col-source = Origine
attendance-change-value = da { $old } a { $new }
attendance-account-gone = account rimosso
attendance-source-page = pagina delle presenze
attendance-source-import = foglio firme (CSV)
attendance-source-api = API
attendance-source-demo = dati dimostrativi
attendance-import-title = Importa il foglio firme
attendance-import-lead = Carica il foglio firme in formato CSV (anche come esportato da Excel, con il punto e virgola) oppure incollane il testo. Le righe corrette vengono registrate tutte insieme; quelle con un problema vengono scartate e ti diciamo perché.
attendance-import-format = Formato
attendance-import-format-text = Prima riga: email,day,half,present (oppure email;giorno;metà;presente). Una riga per discente e mezza giornata: giorno da 1 a { $days }; mezza giornata am o pm (mattina o pomeriggio); presenza 1 o 0, sì o no, x o vuoto, presente o assente.
attendance-import-limits = Al massimo { $rows } righe e { $kib } KiB per file.
attendance-import-file = File CSV
attendance-import-text = Oppure incolla qui il testo del foglio
attendance-import-text-hint = Usato solo se non scegli un file.
attendance-import-submit = Importa
attendance-import-summary = Esito dell'importazione
attendance-import-applied = { $n ->
    [one] 1 riga registrata
   *[other] { $n } righe registrate
}
attendance-import-refused = { $n ->
    [one] 1 riga scartata
   *[other] { $n } righe scartate
}
attendance-import-changed = { $n ->
    [one] 1 presenza modificata
   *[other] { $n } presenze modificate
}
attendance-import-nothing = Nessuna riga è corretta: non è stato registrato nulla.
attendance-import-refused-title = Righe scartate
attendance-import-applied-title = Righe registrate
attendance-col-line = Riga
attendance-col-email = E-mail
attendance-col-value = Presenza
attendance-col-reason = Motivo
attendance-import-again = Importa un altro foglio

seminars-outcome-richiesta = Richiesta inviata: l'iscrizione a questo seminario richiede l'approvazione del tutor. Ti scriviamo appena la richiesta è decisa.
seminars-with-approval = L'iscrizione a questo seminario richiede l'approvazione del tutor.
seminars-mine-pending = La tua richiesta è in attesa di approvazione del tutor: non occupa ancora un posto.
seminars-request = Chiedi l'iscrizione
seminars-withdraw = Ritira la richiesta
seminars-admin-manage = Gestisci i seminari

## Seminari in aula: amministrazione
admin-seminars-text = I seminari di ogni edizione con le sessioni, i posti, le liste d'attesa e gli iscritti; nuovi seminari e nuove sessioni.
seminars-admin-lead = I seminari di ogni edizione, con le sessioni, i posti occupati, le liste d'attesa e le richieste da approvare. Da ogni sessione si aprono gli iscritti, le presenze e il resoconto.
seminars-admin-edition = Edizione { $number }: { $title }
seminars-admin-none = Nessun seminario per questa edizione.
seminars-admin-no-editions = Nessuna edizione
seminars-admin-no-editions-text = Crea prima un'edizione del programma: i seminari appartengono a un'edizione.
seminars-admin-with-approval = Iscrizioni con approvazione del tutor
seminars-admin-approval-short = Approvazione
seminars-admin-sessions-of = Sessioni di «{ $title }»
seminars-admin-col-when = Date
seminars-admin-col-waiting = In lista d'attesa
seminars-admin-col-pending = Da approvare
seminars-admin-col-deadline = Termine iscrizioni
seminars-admin-col-links = Sessione
seminars-admin-roster = Iscritti
seminars-admin-attendance = Presenze
seminars-admin-report = Resoconto
seminars-admin-add-session = Aggiungi una sessione
seminars-admin-outcome-creato = Seminario creato con la sua prima sessione.
seminars-admin-outcome-creata = Sessione aggiunta al seminario.
seminars-admin-outcome-capienza = Posti aggiornati: chi era in lista d'attesa e ha ottenuto un posto riceve un'e-mail con l'invito.
seminars-admin-new = Nuovo seminario
seminars-admin-new-lead = Un seminario appartiene a un'edizione e ha per tema un modulo di un corso; qui si crea con la sua prima sessione, e altre sessioni si aggiungono dopo. Date e orari sono quelli italiani.
seminars-admin-title-errors = Errori nel modulo
seminars-admin-form-errors = Il seminario non è stato salvato: correggi i campi indicati.
seminars-admin-choose = Scegli…
seminars-admin-edition-label = Edizione
seminars-admin-theme = Tema
seminars-admin-theme-hint = Il modulo del corso di cui il seminario è l'approfondimento in aula.
seminars-admin-seminar-title = Titolo del seminario
seminars-admin-approval = Le iscrizioni richiedono l'approvazione del tutor
seminars-admin-approval-hint = Se indicato, chi si iscrive resta in attesa finché un tutor della regione della sessione (o la segreteria) approva o rifiuta la richiesta; approvato, ottiene un posto o entra in lista d'attesa.
seminars-admin-first-session = Prima sessione
seminars-admin-first-day = Primo giorno
seminars-admin-first-day-hint = Non prima di oggi.
seminars-admin-days = Giorni consecutivi
seminars-admin-days-hint = Da 1 a 5; di solito 2.
seminars-admin-starts = Inizio, ogni giorno
seminars-admin-ends = Fine, ogni giorno
seminars-admin-time-hint = Ora italiana, HH:MM.
seminars-admin-venue = Luogo
seminars-admin-address = Indirizzo
seminars-admin-region = Regione
seminars-admin-region-hint = Si iscrivono i discenti dei Comuni ammessi all'edizione in questa regione.
seminars-admin-capacity = Posti
seminars-admin-deadline = Termine delle iscrizioni e delle rinunce
seminars-admin-deadline-hint = Ora italiana; non dopo l'inizio della sessione.
seminars-admin-create = Crea il seminario
seminars-admin-new-session = Nuova sessione
seminars-admin-new-session-lead = Una sessione in più del seminario «{ $title }».
seminars-admin-roster-title = Iscritti alla sessione
seminars-admin-capacity-title = Posti della sessione
seminars-admin-capacity-hint = Aumentando i posti, i primi in lista d'attesa ottengono subito un posto e ricevono un'e-mail. Non si può scendere sotto i posti già occupati ({ $seated }).
seminars-admin-capacity-submit = Cambia i posti
seminars-admin-pending-count = { $pending ->
    [one] 1 richiesta da approvare
   *[other] { $pending } richieste da approvare
}
seminars-admin-seated = Iscritti con posto ({ $n })
seminars-admin-waiting = Lista d'attesa ({ $n })
seminars-admin-pending = Richieste da approvare ({ $n })
seminars-admin-cancelled-title = Annullate e rifiutate ({ $n })
seminars-admin-nobody = Nessuno.
seminars-admin-col-position = Posizione
seminars-admin-col-email = E-mail
seminars-admin-col-municipality = Comune
seminars-admin-col-seated-when = Iscritto il
seminars-admin-col-waiting-when = In lista dal
seminars-admin-col-pending-when = Richiesta del
seminars-admin-col-cancelled-when = Data
seminars-admin-col-outcome = Esito
seminars-admin-promoted = posto ottenuto dalla lista d'attesa
seminars-admin-rejected = richiesta rifiutata
seminars-admin-cancelled = annullata dal discente
seminars-admin-back = Torna ai seminari

## Seminari in aula: approvazione delle richieste
approvals-title = Richieste da approvare
approvals-go = Decidi le richieste
approvals-lead = Le richieste di iscrizione ai seminari che richiedono l'approvazione, per le sessioni che segui. Approvata, la richiesta ottiene un posto se ce ne sono, altrimenti entra in lista d'attesa dal momento dell'approvazione; rifiutata, viene annullata. Il discente riceve un'e-mail in entrambi i casi, con il motivo se lo indichi. Si può decidere anche dopo il termine delle iscrizioni.
approvals-outcome-approvata = Richiesta approvata: il discente ha un posto e riceve l'invito per e-mail.
approvals-outcome-attesa = Richiesta approvata, ma i posti sono esauriti: il discente è in lista d'attesa e lo sa per e-mail.
approvals-outcome-rifiutata = Richiesta rifiutata: il discente riceve un'e-mail.
approvals-session = Sessione
approvals-requested = Richiesta del
approvals-late = Il termine delle iscrizioni è scaduto: puoi ancora decidere.
approvals-decision = Decisione
approvals-approve = Approva
approvals-approve-full = (posti esauriti: entrerà in lista d'attesa)
approvals-reject = Rifiuta
approvals-reason = Motivo o nota (facoltativo)
approvals-reason-hint = Arriva al discente nell'e-mail con la decisione.
approvals-submit = Conferma la decisione
approvals-empty = Nessuna richiesta da approvare
approvals-empty-text = Le richieste di iscrizione ai seminari che richiedono l'approvazione compaiono qui.

## Attestato: il PDF (src/certificates/pdf)
certificate-pdf-document-title = Attestato di partecipazione: { $course } — { $name }
certificate-pdf-title = Attestato di partecipazione
certificate-pdf-certify = si attesta che
certificate-pdf-municipality = Comune di { $municipality }
certificate-pdf-completed-course = ha completato il corso
certificate-pdf-completed-on = concluso il { $date }
certificate-pdf-program = Programma del corso
certificate-pdf-more-modules = { $count ->
    [one] … e un altro modulo
   *[other] … e altri { $count } moduli
}
certificate-pdf-total-remote = Ore di formazione a distanza
certificate-pdf-total-classroom = Ore di formazione in aula
certificate-pdf-total = Totale ore di formazione
certificate-pdf-hours = { $hours ->
    [one] 1 ora
   *[other] { $hours } ore
}
certificate-pdf-minutes = { $minutes ->
    [one] 1 minuto
   *[other] { $minutes } minuti
}
certificate-pdf-hours-minutes = { $hours ->
    [one] 1 ora
   *[other] { $hours } ore
} e { $minutes ->
    [one] 1 minuto
   *[other] { $minutes } minuti
}
certificate-pdf-code = Codice dell'attestato
certificate-pdf-issued = Rilasciato il { $date }
certificate-pdf-verify = Verifica l'autenticità su
certificate-pdf-qr-alt = Codice QR che porta alla pagina di verifica dell'attestato: { $url }
certificate-pdf-link-alt = Pagina di verifica dell'attestato
certificate-pdf-attachment = Credenziale digitale Open Badges 3.0 dell'attestato, firmata (JSON)
certificate-pdf-footnote = Il file contiene in allegato la credenziale digitale firmata (Open Badges 3.0), verificabile anche senza connessione.

# Certificates: verification and downloads
## La verifica pubblica (/verify), i file dell'attestato e la sezione della bacheca
verify-title = Verifica di un attestato
verify-lead = Controlla se un attestato rilasciato da Aula è autentico e ancora valido: con il codice stampato sull'attestato, oppure caricando il PDF o la credenziale.
verify-state-valid = Attestato valido
verify-state-valid-text = L'attestato risulta nel registro ed è in vigore. Confronta i dati qui sotto con quelli stampati.
verify-state-revoked = Attestato revocato il { $day }
verify-state-revoked-text = L'attestato è stato rilasciato, ma poi revocato: non ha più valore.
verify-state-replaced = Attestato sostituito
verify-state-replaced-text = L'attestato è stato sostituito da uno corretto, con il codice
verify-unknown = Attestato non trovato
verify-unknown-code = Nessun attestato ha il codice { $code }. Controlla di averlo scritto come sull'attestato.
verify-unknown-shape = Questo non è un codice di attestato: i codici hanno la forma AULA-XXXX-XXXX-XXXX.
verify-field-holder = Intestatario
verify-field-course = Corso
verify-field-edition = Edizione
verify-field-completed = Corso completato il
verify-field-code = Codice
verify-other = Verifica un altro codice o un file
verify-by-code = Con il codice
verify-code-label = Codice dell'attestato
verify-code-hint = È stampato sull'attestato, accanto al codice QR (per esempio AULA-7K3M-Q9X2-HF4T); maiuscole e minuscole sono indifferenti.
verify-code-submit = Verifica il codice
verify-code-malformed = Il testo inserito non è un codice di attestato: i codici hanno la forma AULA-XXXX-XXXX-XXXX.
verify-by-file = Con il file
verify-file-lead = Il PDF dell'attestato contiene una credenziale firmata digitalmente: caricandolo si controlla che la firma sia di Aula e che i dati corrispondano al registro. Va bene anche il file della credenziale (JSON).
verify-file-label = PDF dell'attestato o credenziale (JSON)
verify-file-hint = Al massimo { $kib } KB. Il file serve solo al controllo e non viene conservato.
verify-file-submit = Controlla il file
verify-upload-multipart = Invia il file con il modulo della pagina.
verify-upload-none = Scegli il file da controllare.
verify-upload-too-large = Il file supera { $kib } KB: non è il PDF di un attestato.
verify-result-title = Esito del controllo
verify-genuine = Il file è autentico
verify-genuine-text = La firma è di Aula e i dati del file corrispondono al registro.
verify-bad-signature = Firma non valida
verify-bad-signature-text = Il file è stato modificato dopo il rilascio, oppure non è stato rilasciato da Aula: non va considerato un attestato valido.
verify-no-record = Attestato non presente nel registro
verify-no-record-text = La firma è valida, ma nessun attestato con il codice { $code } risulta nel registro di questo sito.
verify-mismatch = I dati non corrispondono al registro
verify-mismatch-text = La firma è valida, ma il file non corrisponde all'attestato registrato. Dati diversi:
verify-mismatch-holder_name = intestatario
verify-mismatch-course_title = corso
verify-mismatch-completed_on = data di completamento
verify-mismatch-issued_at = data di rilascio
verify-mismatch-credential = credenziale (non è quella rilasciata)
verify-mismatch-record = Nel registro:
verify-unreadable = File non leggibile
verify-unreadable-text = Il file non è il PDF di un attestato di Aula né una sua credenziale.
verify-technical = Dettaglio tecnico
verify-developers = Per i sistemi informativi
verify-developers-text = Le chiavi pubbliche che firmano le credenziali sono pubblicate in formato JWK Set; la verifica è disponibile anche tramite l'API.
verify-keys-link = Chiavi pubbliche (JWKS)
verify-api-link = Documentazione dell'API
certificates-title = Attestati
certificates-empty = L'attestato sarà disponibile qui quando avrai completato il corso.
certificates-completed = Completato il
certificates-code = Codice
certificates-status = Stato
certificates-status-valid = Valido
certificates-status-revoked = Revocato il { $day }
certificates-status-replaced = Sostituito
certificates-replaced-by = Sostituito dall'attestato
certificates-replaced-hint = Usa quello: questo non è più valido.
certificates-download-pdf = Scarica PDF
certificates-download-json = Credenziale (JSON)
certificates-verify = Verifica
# Certificates: administration
certificates-admin-title = Attestati
certificates-admin-card = Gli attestati rilasciati: ricerca, storia, revoca, riemissione con il nome corretto, rilascio manuale e ZIP per edizione.
certificates-admin-lead = Gli attestati rilasciati, dal primo all'ultimo. Apri un attestato per vederne la storia, revocarlo o riemetterlo con il nome corretto; ogni azione resta registrata con il motivo.
certificates-admin-later = pagine successive
certificates-admin-filters = Filtra gli attestati
certificates-admin-edition = Edizione
certificates-admin-edition-number = edizione { $number }
certificates-admin-all-editions = Tutte le edizioni
certificates-admin-status = Stato
certificates-admin-all-statuses = Tutti gli stati
certificates-admin-status-valid = Valido
certificates-admin-status-revoked = Revocato
certificates-admin-status-replaced = Sostituito
certificates-admin-search = Codice, nome o e-mail
certificates-admin-search-hint = Anche solo una parte, senza distinguere maiuscole e minuscole.
certificates-admin-apply = Filtra
certificates-admin-list = Elenco degli attestati
certificates-admin-col-code = Codice
certificates-admin-col-holder = Intestatario
certificates-admin-col-municipality = Comune
certificates-admin-col-course = Corso
certificates-admin-col-issued = Rilasciato il
certificates-admin-empty = Nessun attestato
certificates-admin-empty-text = Nessun attestato corrisponde ai filtri scelti. Gli attestati si rilasciano da soli quando un discente completa un corso, oppure a mano.
certificates-admin-first = Dall'inizio
certificates-admin-next = Attestati successivi
certificates-admin-zip-title = Scarica in un archivio ZIP
certificates-admin-zip-hint = L'archivio contiene i PDF degli attestati validi (non quelli revocati o sostituiti), uno per file, con il codice nel nome.
certificates-admin-zip-edition = Attestati validi dell'edizione { $number } (ZIP)
certificates-admin-zip-all = Attestati validi di tutte le edizioni (ZIP)
certificates-admin-new = Rilascia un attestato a mano
certificates-admin-new-lead = Per un discente iscritto al corso, anche se non lo ha completato sulla piattaforma (per esempio per la frequenza in aula registrata altrove). Il motivo resta nella storia dell'attestato.
certificates-admin-title-errors = Errori nel modulo
certificates-admin-form-errors = L'attestato non è stato rilasciato: correggi i campi indicati.
certificates-admin-choose = Scegli…
certificates-admin-learner-email = E-mail del discente
certificates-admin-learner-email-hint = L'indirizzo con cui il discente accede ad Aula.
certificates-admin-reason = Motivo
certificates-admin-issue-reason-hint = Obbligatorio, al massimo 500 caratteri: resta nella storia dell'attestato.
certificates-admin-issue-submit = Rilascia l'attestato
certificates-admin-exists = Il discente ha già un attestato valido di questo corso per la sua edizione:
certificates-admin-back = Torna agli attestati
certificates-admin-detail-title = Attestato { $code }
certificates-admin-outcome-emesso = Attestato { $code } rilasciato: il discente riceve un'e-mail con il collegamento al PDF.
certificates-admin-outcome-revocato = Attestato { $code } revocato: la pagina di verifica ora lo indica come revocato.
certificates-admin-outcome-riemesso = Nuovo attestato { $code } rilasciato con il nome corretto; il precedente risulta sostituito da questo. Il discente riceve un'e-mail.
certificates-admin-conflict-revoked = L'attestato è già stato revocato: non si può né revocare di nuovo né riemettere.
certificates-admin-conflict-replaced = L'attestato è già stato sostituito da uno nuovo: agisci su quello.
certificates-admin-conflict-unknown = L'attestato non è più valido.
certificates-admin-revoked-on = Revocato il { $when }.
certificates-admin-because = Motivo: { $reason }
certificates-admin-replaced-by = Sostituito dall'attestato
certificates-admin-replaces = Sostituisce l'attestato
certificates-admin-paper = Cosa riporta l'attestato
certificates-admin-holder = Intestatario
certificates-admin-completed-on = Corso completato il
certificates-admin-remote = Ore di formazione a distanza
certificates-admin-classroom = Ore in aula
certificates-admin-hours = { $hours ->
    [one] 1 ora
   *[other] { $hours } ore
}
certificates-admin-and-minutes = e { $minutes } minuti
certificates-admin-minutes = { $minutes } minuti
certificates-admin-no-time = nessuna
certificates-admin-action-errors = L'operazione non è stata eseguita: correggi il campo indicato.
certificates-admin-modules = Moduli
certificates-admin-issued-at = Rilasciato il
certificates-admin-issuer = Ente
certificates-admin-issue-reason = Motivo del rilascio
certificates-admin-pdf = Scarica il PDF
certificates-admin-json = Scarica la credenziale (JSON)
certificates-admin-verify = Pagina pubblica di verifica
certificates-admin-account = Account del discente
certificates-admin-account-name = Nome attuale nell'account
certificates-admin-history = Storia dell'attestato
certificates-admin-col-when = Quando
certificates-admin-col-action = Azione
certificates-admin-col-who = Chi
certificates-admin-system = Aula (completamento del corso)
certificates-admin-action-issued = Rilasciato
certificates-admin-action-revoked = Revocato
certificates-admin-action-replaced = Sostituito da
certificates-admin-action-reissued = Riemesso in sostituzione di
certificates-admin-revoke-title = Revoca
certificates-admin-revoke-hint = Obbligatorio, al massimo 500 caratteri. La revoca non si annulla: la pagina di verifica mostrerà l'attestato come revocato, con la data.
certificates-admin-revoke-submit = Revoca l'attestato
certificates-admin-reissue-title = Riemissione con il nome corretto
certificates-admin-corrected-name = Nome corretto
certificates-admin-corrected-name-hint = Proposto: il nome attuale dell'account. Il nuovo attestato riporta questo nome; il resto resta com'era.
certificates-admin-reissue-hint = Obbligatorio, al massimo 500 caratteri. Il codice attuale indicherà «sostituito da» il nuovo.
certificates-admin-reissue-submit = Riemetti l'attestato
certificates-tutor-zip = Attestati (ZIP)

## Dati personali (privacy)
login-erased = Il tuo account è stato cancellato: i tuoi dati personali sono stati rimossi.
privacy-admin-title = Dati personali
privacy-admin-card = Chi ha visto i dati di chi, esportazioni e cancellazioni su richiesta, termini di conservazione.
privacy-profile-heading = I tuoi dati personali
privacy-my-data-title = I miei dati
privacy-views-title = Chi ha visto i miei dati
privacy-notice-link = Informativa sul trattamento dei dati personali
privacy-my-data-lead = Qui puoi scaricare tutti i dati che Aula conserva su di te, vedere chi li ha consultati e, se la tua edizione lo consente, cancellare il tuo account.
privacy-export-requested = Richiesta ricevuta: prepariamo l'archivio e ti avvisiamo per e-mail quando è pronto.
privacy-export-heading = Esportazione dei dati
privacy-export-text = Un archivio ZIP con i tuoi dati in formato JSON (leggibile da un programma) e CSV (apribile con un foglio di calcolo): profilo, iscrizioni, avanzamento, quiz e risposte, seminari e presenze, attestati, e-mail ricevute, registro degli accessi.
privacy-col-requested = Richiesta
privacy-col-status = Stato
privacy-col-file = File
privacy-export-status-pending = In preparazione
privacy-export-status-ready = Pronta
privacy-export-status-failed = Non riuscita
privacy-export-download = Scarica lo ZIP
privacy-export-until = disponibile fino al { $date }
privacy-export-request = Prepara l'esportazione dei miei dati
privacy-views-count = { $n ->
    [one] 1 consultazione registrata.
   *[other] { $n } consultazioni registrate.
}
privacy-views-open = Vedi il registro
privacy-notice-heading = Informativa
privacy-acknowledged = Versione { $version }: presa visione il { $at }
privacy-acknowledged-none = Nessuna presa visione registrata.
privacy-erase-heading = Cancellazione dell'account
privacy-erase-text = La cancellazione rimuove nome, indirizzo e-mail, qualifica e password; i dati sulla formazione restano solo legati a un numero, per le statistiche del programma. Non si può annullare: dopo, non potrai più accedere.
privacy-erase-confirm = Per confermare, scrivi l'indirizzo e-mail dell'account ({ $email })
privacy-erase-submit = Cancella definitivamente l'account
privacy-erase-ask = La tua edizione non consente la cancellazione dal profilo: per chiederla, scrivi al titolare del trattamento indicato nell'informativa.
privacy-rectify = Per correggere un dato sbagliato (nome, Comune, qualifica), scrivi alla segreteria del programma.
privacy-views-lead = Ogni volta che un tutor o un amministratore consulta o esporta i tuoi dati personali, Aula lo registra qui: chi, quando, quale pagina o esportazione.
privacy-col-when = Quando
privacy-col-who = Chi
privacy-col-role = Ruolo
privacy-col-what = Operazione
privacy-col-where = Pagina o file
privacy-kind-view = Consultazione
privacy-kind-export = Esportazione
privacy-kind-erasure = Cancellazione
privacy-views-empty = Nessuna consultazione registrata.
privacy-notice-version = Versione del { $version }
privacy-notice-superseded = versione non più in vigore
privacy-notice-pending = L'informativa è stata aggiornata: leggila e confermane la presa visione per continuare.
privacy-notice-acknowledge = Ho letto l'informativa
privacy-notice-versions = Versioni dell'informativa
privacy-admin-lead = Le richieste sui dati personali (accesso, portabilità, cancellazione) e il registro di chi ha visto i dati dei discenti.
privacy-admin-find = Cerca una persona per indirizzo e-mail
privacy-admin-not-found = Nessun account con l'indirizzo { $email }.
privacy-admin-settings = Termini di conservazione
privacy-setting-retention = Account inattivi dopo la fine delle edizioni
privacy-setting-months = { $n } mesi
privacy-setting-off = conservati senza scadenza
privacy-setting-warning = Avviso prima della pseudonimizzazione
privacy-setting-days = { $n } giorni
privacy-setting-log = Registro degli accessi
privacy-setting-outbox = Contenuto delle e-mail inviate
privacy-setting-certificates = Attestati alla cancellazione
privacy-certificates-keep = Gli attestati sono conservati, come documentazione di una formazione pubblica.
privacy-certificates-delete = Gli attestati sono revocati e i dati del titolare eliminati.
privacy-admin-exports = Esportazioni recenti
privacy-col-person = Persona
privacy-person-number = Account n. { $id }
privacy-admin-no-exports = Nessuna esportazione richiesta.
privacy-admin-log = Registro degli accessi ai dati personali
privacy-person-title = Dati personali di { $name }
privacy-person-erased = Account cancellato: restano solo dati pseudonimi.
privacy-person-holds = Che cosa conserva Aula
privacy-col-table = Tabella
privacy-col-rows = Righe
privacy-admin-export = Prepara l'esportazione (richiesta ricevuta per iscritto)
privacy-admin-erase-text = Nome, indirizzo e-mail, qualifica e password saranno rimossi ovunque, anche nelle e-mail e nelle risposte che lo nominano; avanzamento, quiz e presenze restano legati al solo numero dell'account, così i resoconti non cambiano.
privacy-guide-title = I tuoi dati in Aula
privacy-guide-intro = Esportazione dei dati dell'account n. { $id }, eseguita il { $at }. Il file dati.json contiene tutto in formato leggibile da un programma; la cartella csv contiene una tabella per file, apribile con un foglio di calcolo.
privacy-guide-files = File con dati:
privacy-guide-rows = { $n ->
    [one] 1 riga
   *[other] { $n } righe
}
privacy-guide-empty = Tabelle in cui non ci sono tuoi dati:
privacy-guide-rights = Puoi chiedere la rettifica o la cancellazione dei tuoi dati, la limitazione del trattamento od opporti, come spiegato nell'informativa (pagina /informativa), e proporre reclamo al Garante per la protezione dei dati personali.
privacy-table-users = il tuo profilo (nome, e-mail, Comune, settore, qualifica, lingua, date di creazione e ultimo accesso; la password non è esportata perché conservata solo come impronta)
privacy-table-privacy_acknowledgements = le versioni dell'informativa di cui hai preso visione, con data e ora
privacy-table-sessions = le sessioni di accesso aperte (date di inizio e scadenza)
privacy-table-api_tokens = le chiavi API a tuo nome (nome, ambiti, date; mai la chiave)
privacy-table-email_tokens = i collegamenti inviati per e-mail (invito, recupero della password: scopo e date)
privacy-table-tutor_scopes = per i tutor, il gruppo seguito (regioni o Comuni)
privacy-table-enrolments = le iscrizioni ai corsi, per edizione
privacy-table-course_progress = il riepilogo dell'avanzamento per corso
privacy-table-lesson_progress = l'avanzamento per lezione (inizio, completamento, tempo)
privacy-table-progress_events = ogni evento di avanzamento registrato (lezione aperta o completata, secondi)
privacy-table-reading_days = il tempo di lettura accreditato per giorno
privacy-table-completions = i moduli completati
privacy-table-quiz_attempts = i tentativi dei quiz con punteggio ed esito
privacy-table-quiz_answers = le risposte date in ogni tentativo, con il punteggio
privacy-table-seminar_registrations = le iscrizioni ai seminari in presenza, lista d'attesa e decisioni
privacy-table-seminar_attendance = le presenze ai seminari per mezza giornata
privacy-table-seminar_attendance_changes = le modifiche alle tue presenze, con chi le ha fatte
privacy-table-certificates = i tuoi attestati, con la credenziale digitale firmata
privacy-table-certificate_events = la storia dei tuoi attestati (rilascio, revoca, riemissione)
privacy-table-outbox = le e-mail che Aula ti ha inviato o deve inviarti
privacy-table-notifications = gli avvisi mostrati nell'applicazione
privacy-table-reminder_optouts = i promemoria che hai disattivato
privacy-table-error_reports = le segnalazioni di errori che hai inviato e le risposte
privacy-table-personal_data_views = chi, tra tutor e amministratori, ha visto o esportato i tuoi dati
privacy-table-privacy_exports = le esportazioni dei tuoi dati richieste (senza gli archivi)
