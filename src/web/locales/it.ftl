# Interfaccia di Aula in italiano. Ogni testo mostrato da un modello passa da qui.

app-name = Aula
app-tagline = Formazione a distanza su diritto dell'immigrazione e prassi amministrativa per il personale dei Comuni.
skip-to-content = Vai al contenuto principale
nav-label = Navigazione principale
nav-home = Inizio
footer-programme = Aula · Programma di formazione integrata per i Comuni
footer-accessibility = Questo sito intende rispettare i requisiti di accessibilità WCAG 2.1 AA.

home-title = Formazione per chi gestisce l'immigrazione nei Comuni
home-lead = Moduli a distanza di approfondimento giuridico-amministrativo, con le norme citate sempre a portata di mano, verifiche di apprendimento e il monitoraggio dei tutor.
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
error-request-id = Se il problema persiste, comunica alla segreteria questo codice: { $id }
error-back-home = Torna all'inizio
