# Aula's interface in English. Every text a template shows passes through here.

# Terminology (Italian → English), one English word per concept:
#   discente → learner · tutor → tutor · amministratore → administrator
#   segreteria → programme secretariat · redazione → editorial team
#   Comune → municipality (“Comune di X” → “Municipality of X”) · settore → sector
#   servizi demografici → registry and civil status services · servizi sociali → social services
#   sportello immigrati → immigrant help desk · polizia municipale → municipal police
#   amministratori, dirigenti, funzionari, operatori → elected administrators, managers, officers, front-line staff
#   permesso di soggiorno → residence permit · iscrizione anagrafica → registration in the population registry
#   autocertificazione → self-certification · ricongiungimento familiare → family reunification
#   minori stranieri non accompagnati → unaccompanied foreign minors · accoglienza → reception
#   edizione → edition · Comuni ammessi → eligible municipalities · qualifica → job title
#   corso → course · percorso (of a learner or sector) → learning path · modulo (of a course) → module
#   modulo (web form) → form · lezione → lesson · verifica / quiz → quiz · tentativo → attempt
#   soglia (of a quiz) → pass mark · superato / non superato → passed / not passed · punteggio → score
#   risposta (to a quiz question) → answer · risposta (to an error report) → reply
#   avanzamento → progress · a distanza → remote · in aula → classroom
#   seminario in aula → classroom seminar · sessione → session · mezza giornata → half-day
#   mattina / pomeriggio → morning / afternoon · posto → seat · lista d'attesa → waiting list
#   iscritti (a una sessione) → registered learners
#   iscrizione a un corso → enrolment · iscrizione a una sessione → registration
#   rinuncia / annullare l'iscrizione → cancellation / cancel registration
#   richiesta → request · approvare / rifiutare → approve / reject · termine → deadline
#   presenza → attendance · presente / assente / non rilevato → present / absent / not recorded
#   rilevare (le presenze) → record · foglio firme → sign-in sheet · scartata (riga) → discarded
#   resoconto (of a session) → session report · rapporto (tutor) → report
#   segnalazione (di errore) → error report · esito → result
#   attestato → certificate (“attestato di partecipazione” → certificate of participation)
#   rilasciare / riemettere / revocare / sostituire → issue / reissue / revoke / replace
#   intestatario → holder · credenziale → credential · registro → register · verifica (attestato) → verification
#   biblioteca normativa → legal library · norma → law · normativo → legal · atto → act
#   articolo → article · comma → paragraph · lettera → letter · abrogato → repealed
#   testo vigente (al) → text in force (as of) · modificato (articolo) → amended · soppresso → removed
#   Normattiva, ISTAT, TUI, D.Lgs., DPR → unchanged · glossario → glossary · voce → entry
#   promemoria → reminder · avvisi → notifications · esecuzione → run
#   token API → API token · ambiti → scopes · scadenza → expiry · ora italiana → Italian time
#   accedi / esci → sign in / sign out · « » → ‘ ’

app-name = Aula
app-tagline = Remote training in immigration law and administrative practice for municipal staff.
skip-to-content = Skip to main content
nav-label = Main navigation
lang-switch-label = Interface language

footer-programme = Aula · Integrated Training Programme for Municipalities
footer-accessibility = This site aims to meet the WCAG 2.1 AA accessibility requirements.

home-title = Training for those who manage immigration in municipalities
home-lead = Remote modules of in-depth legal and administrative study, with the laws cited always to hand, quizzes and tutor monitoring.
home-cta = Go to the courses
home-cta-library = Browse the laws
home-themes-title = The programme's themes
home-theme-1 = Simplifying procedures
home-theme-1-text = Residence permits, registration in the population registry, self-certification, family reunification: who does what, and how.
home-theme-2 = Reception and integration
home-theme-2-text = Organisational models, help desks, mediation, local networks and the reception system.
home-theme-3 = Unaccompanied foreign minors
home-theme-3-text = The role of municipalities from first reception to coming of age.
home-who-title = Who it is for
home-who-text = For elected administrators, managers, officers and front-line staff in registry and civil status services, social services, immigrant help desks and the municipal police.

error-status = Error { $status }
error-not-found = Page not found
error-forbidden = Access denied
error-unauthorized = Sign-in required
error-client = Invalid request
error-server = Something went wrong
error-unavailable = Service temporarily unavailable
error-request-id = If the problem persists, give the programme secretariat this code: { $id }
error-back-home = Back to the home page

nav-courses = Courses
nav-library = Legal library
breadcrumbs-label = Breadcrumb

courses-title = Courses
courses-lead = The programme's remote courses: each lesson shows the laws it cites alongside.
courses-empty = No courses are available yet.
course-meta = { $modules } modules · { $lessons } lessons · about { $hours } hours
course-paths-title = Learning paths by sector
course-paths-text = Choose your sector to see the lessons designed for your work.
course-no-lessons-for-sector = No lesson in this module is marked for the chosen sector.
sector-all = All lessons
sector-servizi-demografici = Registry and civil status services
sector-servizi-sociali = Social services
sector-sportello-immigrati = Immigrant help desk
sector-polizia-municipale = Municipal police
sector-altro = Other
module-number = Module { $n }
module-objectives = Learning objectives
module-meta = { $lessons } lessons · { $minutes } minutes · { $questions }-question quiz
minutes = { $n } min

lesson-toc = In this lesson
lesson-pager = Previous and next lessons
lesson-previous = Previous:
lesson-next = Next:
lesson-cited = Laws cited
lesson-cited-none = This lesson cites no articles held in the library.
lesson-cited-elsewhere = On Normattiva
lesson-cited-elsewhere-note = Cited articles not yet in the library: they open on the official site.
on-normattiva = (text on Normattiva)
lesson-reviewed = Up to date as of
lesson-translated = Translated from Italian: citations refer to the Italian text of the laws, which is the official one.
lesson-translation-reviewed = Translation reviewed on
lesson-fallback = This lesson has not yet been translated into your language: it is shown in Italian.
lesson-sources = Reference texts in force
lesson-source-in-force = text in force as of
lesson-source-undated = date of the text in force not given
lesson-article-changed = amended on
lesson-after-review = after the lesson was last updated
article-short = Art. { $label } · { $act }

glossary-title = Glossary
glossary-lead = { $terms } entries with the relevant laws.
glossary-link = Glossary ({ $terms } entries)
glossary-see = See also:

library-title = Legal library
library-lead = The texts in force of the laws cited in the lessons, article by article.
library-empty = The library is empty: the programme secretariat downloads the text in force of the courses' acts from Normattiva with ‘aula library fetch --courses’. Meanwhile, citations in the lessons link to the text on Normattiva.
library-act-meta = { $articles } articles
library-in-force = text in force as of { $date }
article-label = Art. { $label }
article-repealed = repealed
article-repealed-notice = This article has been repealed.
comma-label = Paragraph { $label }
article-notes = Update notes ({ $n })
article-legend = The highlighted parts in double brackets were inserted or amended by later acts.
article-pager = Previous and next articles
article-cited-by = Lessons citing this article
article-cited-by-none = No lesson cites this article.
library-act-on-normattiva = Text in force of the act on Normattiva
library-article-on-normattiva = Art. { $label } on Normattiva

nav-tutor = Tutor
nav-admin = Administration
nav-login = Sign in
nav-logout = Sign out
login-title = Sign in
login-lead = Enter the e-mail address and password of your account.
login-submit = Sign in
login-forgot = Forgotten your password?
field-email = E-mail address
field-password = Password
field-new-password = New password
field-confirm-password = Repeat the new password
field-name = Name
field-role = Role
field-municipality = Municipality
field-sector = Sector
field-job-title = Job title
field-cohort = Regions and municipalities followed
password-hint = At least 10 characters. An easy-to-remember sentence is fine.
forgot-title = Forgotten password
forgot-lead = Enter your account's address: we will send you a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If the address matches an account, you will shortly receive a message with the link.
set-password-title-invite = Welcome to Aula
set-password-title-reset = Choose a new password
set-password-lead = { $name }, choose the password you will sign in with.
set-password-submit = Save the password
link-invalid = This link is not valid: it has already been used or has expired.
profile-title = Your profile
profile-change-password = Change your password
role-learner = Learner
role-tutor = Tutor
role-admin = Administrator
admin-title = Administration
admin-editions = Editions
admin-editions-text = The programme's editions, their regions and the population threshold for eligible municipalities.
admin-municipalities = Municipalities
admin-municipalities-text = The ISTAT list of municipalities with their 2011 census population.
admin-tokens = API tokens
admin-tokens-text = Keys for integrations: created here with their scopes and an expiry date, shown only once, revocable.
admin-learners-text = Enrolled learners, by municipality and sector.
pagination-label = Pages
pagination-previous = Previous
pagination-next = Next
pagination-status = Page { $page } of { $pages }
municipalities-search = Search by name or ISTAT code
search-submit = Search
municipalities-count = { $n } municipalities
col-istat = ISTAT code
col-name = Name
col-province = Province
col-region = Region
col-population = Population 2011
col-number = Number
col-title = Title
col-regions = Regions
col-population-over = Population over
col-dates = Period
col-starts = Start
col-ends = End
col-eligible = Eligible municipalities
col-created = Created
col-last-used = Last used
col-state = Status
editions-empty = There are no editions yet.
editions-new = New edition
editions-regions-hint = Hold down Ctrl (or Cmd) to choose more than one.
editions-create = Create the edition
tokens-created = Here is the new token: copy it now, it will not be shown again.
tokens-revoked = revoked
tokens-revoke = Revoke
tokens-new = New token
tokens-name = What it is for
tokens-create = Create the token
tokens-lead = A token works only for the JSON API (/api/), only for the chosen scopes and only until it expires; it acts with the permissions of the account that creates it.
tokens-expired = expired
tokens-active = active
tokens-scopes = Scopes
tokens-days = Validity in days (at most { $max })
col-owner = Account
col-scopes = Scopes
col-expires = Expiry
chart-completion-title = Completion by municipality
chart-completion-description = Share of enrolled learners who completed the course, for the municipalities with the most enrolments; the values are in the table by municipality.
chart-quiz-title = Distribution of quiz scores
chart-quiz-description = Number of learners in each band of their average best quiz score; the values are in the table that follows.
chart-activity-title = Activity over time
chart-activity-description = Active learners per day over the last eight weeks; the values are in the table that follows.
tutor-title = The learners you follow
tutor-count = { $n } learners
tutor-empty = No learners in the municipalities and regions you follow.
quiz-title = Quiz
quiz-result-title = Quiz result
quiz-meta = { $questions } questions · you need at least { $pass }% to pass
quiz-attempt-of = attempt { $n } of { $total }
quiz-attempt = attempt { $n }
quiz-deadline = to be submitted by { $time }
quiz-multiple-hint = (more than one correct answer)
quiz-submit = Submit the quiz
quiz-exhausted = You have already used all { $n } attempts allowed for this quiz. For another attempt, contact your tutor.
quiz-back = Back to the course
quiz-score = Score: { $score } out of { $max } ({ $percent }%)
quiz-passed = Quiz passed (pass mark { $pass }%).
quiz-failed = Quiz not passed (pass mark { $pass }%). Reread the lessons and try again.
quiz-module-completed = You have completed the module.
quiz-your-answer = Your answer:
quiz-no-answer = none
quiz-right-answer = Correct answer:
quiz-points = { $score } points out of { $max }
lesson-status = Your progress
lesson-status-completed = Lesson completed
lesson-status-in_progress = Lesson started
lesson-status-not_started = Lesson not started yet
lesson-complete = Mark as completed
lesson-quiz-link = Go to the module quiz
course-progress = Your progress: { $percent }%
module-progress = { $percent }% of the module
status-completed = completed
status-in_progress = started
status-not_started = not started
dashboard-title = Welcome back, { $name }
dashboard-resume = Pick up where you left off
dashboard-courses = Your courses
dashboard-none = You are not enrolled in any course yet: the programme secretariat enrols you when your municipality takes part in an edition.
dashboard-quiz-best = quiz: best { $percent }%
dashboard-quiz-none = quiz not taken yet
path-title = Your learning path
path-remote = Remote part
path-modules = { $done } of { $total } modules completed
path-classroom = Classroom part
path-seated = You have a seat.
path-session-attended = Attended { $n ->
    [one] 1 half-day
   *[other] { $n } half-days
}.
path-no-registration = You are not registered for any seminar session.
path-go-register = Go to the classroom seminars
path-half-days-required = { $attended } of { $required } required half-days
path-half-days-attended = { $n ->
    [one] 1 half-day attended
   *[other] { $n } half-days attended
}
path-completed = Course completed on { $day }
path-missing = To complete the course you still need:
path-missing-modules = { $n ->
    [one] 1 module of the remote part
   *[other] { $n } modules of the remote part
}
path-missing-half-days = { $n ->
    [one] 1 half-day of classroom seminar
   *[other] { $n } half-days of classroom seminar
}
path-missing-registration = registration for a classroom seminar session.

## Search
nav-search = Search
search-facet-kind = Type
search-facet-course = Course
search-facet-module = Module
search-facet-act = Act
search-kind-lessons = Lessons
search-kind-articles = Articles of law
search-kind-glossary = Glossary
search-title = Search
search-title-for = ‘{ $q }’: search results
search-label = Search the lessons, the laws and the glossary
search-help = Words or questions in Italian, "phrases in quotation marks", -word to exclude it, or a citation such as ‘art. 29 TUI’ or ‘dpr 394/99 art 13’.
search-lead = A question, a phrase or an article of law: the search finds lessons, articles of the laws in the library and glossary entries.
search-comma = paragraph { $comma }
search-count = { $n ->
    [0] No results
    [one] 1 result
   *[other] { $n } results
}
search-filters = Filter the results
search-past-end = This page is beyond the last page of results.
search-first-page = Back to the first page
search-filter-remove = remove the filter
search-none = No results for ‘{ $q }’.
search-answer-title = The law that answers
search-answer-comma = Paragraph { $comma }
search-answer-letter = Paragraph { $comma }, letter { $letter })
search-answer-start = From the text of the article
search-answer-open = Read article { $label } { $act }
search-answer-open-comma = Read paragraph { $comma } of article { $label } { $act }
search-answer-lessons = Lessons citing this article
search-none-hint = Try fewer words, a synonym or no filters; for an article, type for example ‘art. 5 D.Lgs. 286/1998’.
admin-search = Searches
admin-search-text = What learners search for and what they do not find: the most frequent searches and those with no results.
admin-search-top = Most frequent searches
admin-search-zero = Searches with no results
admin-search-lead = Searches in the last { $days } days, without the identity of whoever made them.
col-query = Search
col-times = Times
col-results = Results
col-last = Last time
admin-search-empty = No searches recorded in this period.

## Tutor reports
report-title = Learner progress
report-computed-at = Figures computed at { $time } (UTC).
report-tabs = Reports
report-overview = Overview
report-matrix = Progress matrix
report-at-risk = Learners at risk
report-never-attended = Never present in the classroom
report-seminars = Seminars: attendance
report-filters = Report filters
report-course = Course
report-all = All
report-apply = Apply
report-remove-filter = remove the filter
report-totals = Totals
report-enrolled = Enrolled
report-not-started = Not started
report-in-progress = In progress
report-completed = Completed
report-percent = Progress
report-quiz-average = Quiz average
report-export = Download
report-group = Group
report-learners = Learners
report-band = Score band
report-day = Day
report-active = Active learners
report-chart-completion = Completion by municipality
report-chart-quiz = Distribution of quiz scores
report-chart-activity = Activity over time
report-chart-data = The chart data
report-by-region = By region
report-by-sector = By sector
report-by-municipality = By municipality
report-sort = Sort by
report-sort-progress = progress (highest)
report-sort-progress-asc = progress (lowest)
report-sort-activity = last activity (most recent)
report-sort-activity-asc = last activity (least recent)
report-module-n = Mod. { $n }
report-last-activity = Last activity
report-never = never
report-at-risk-lead = They have not started { $not_started } days after enrolment, have been inactive for { $inactive } days, or have failed the same quiz { $failures } times without passing it.
report-lessons = Lessons
report-lesson = Lesson
report-started = Started
report-completed-at = Completed
report-minutes = Minutes
report-no-lessons = No lessons opened.
report-attempts = Quiz attempts
report-passed = passed
report-failed = not passed
report-answers = Answers
report-question = Question
report-chosen = Options chosen
report-score = Points
report-no-attempts = No attempts submitted.
report-timeline = Activity
report-no-activity = No activity recorded.
cell-not-started = not started
cell-in-progress = in progress
cell-quiz-failed = quiz not passed
cell-completed = completed
event-started = lesson opened
event-heartbeat = reading
event-completed = lesson completed
event-quiz = quiz submitted

## Classroom seminar reports
seminar-report-title = Session report
seminar-report-dates = Dates
seminar-report-until = until { $day }
seminar-report-rate = Attendance
seminar-report-rate-label = attendance rate
seminar-report-present-cells = Present
seminar-report-absent-cells = Absent
seminar-report-unmarked-cells = Not recorded
seminar-report-taken = half-days recorded
seminar-report-waiting-count = on the waiting list
seminar-report-cancelled = cancellations
seminar-report-rate-definition = The attendance rate is the number of half-days attended divided by the product of the number of learners with a seat and the number of half-days recorded (those in which at least one learner has a presence or an absence recorded). ‘Not recorded’ means a recorded half-day with no entry at all for that learner: it counts neither as an absence nor as a presence.
seminar-report-roster = Learners with a seat
seminar-report-roster-empty = No learner has a seat in this session.
seminar-report-half-day = Day { $day } { $half }
seminar-report-half-am = morning
seminar-report-half-pm = afternoon
seminar-report-cell-present = present
seminar-report-cell-absent = absent
seminar-report-cell-unmarked = not recorded
seminar-report-no-show = never present
seminar-report-no-shows = Never present
seminar-report-no-shows-later = Those who never turned up will be known after the last day of the session, { $day }.
seminar-report-no-shows-none = All learners with a seat were present for at least one half-day.
seminar-report-waiting = Waiting list
seminar-report-waiting-empty = Nobody on the waiting list.
seminar-report-position = Position
seminar-report-registered-at = Requested on
never-attended-title = Remote part completed, never present in the classroom
never-attended-lead = Learners you follow who have completed all the course's modules but have not been present at any half-day of its classroom seminars.
never-attended-rule = Completing ‘{ $course }’ requires { $n ->
    [one] 1 half-day
   *[other] { $n } half-days
} of classroom seminar.
never-attended-no-rule = Completing ‘{ $course }’ does not require attendance at the classroom seminars.
never-attended-remote-done = Modules completed on
never-attended-seminar = Classroom seminar
never-attended-none = not registered for any scheduled session
never-attended-registered = registered for the session of { $day }
never-attended-waiting = on the waiting list for the session of { $day }, position { $position }
never-attended-empty = No learners in this situation.
never-attended-first-page = From the start

## Reminders
profile-reminders = E-mail reminders
profile-reminders-hint = Choose which reminders to receive. Notifications stay visible on your home page in any case.
profile-reminders-save = Save preferences
reminder-rule-not-started = Course not started yet
reminder-rule-inactive = Course idle for some time
reminder-rule-deadline = Edition closing soon
reminder-rule-quiz-failed = Quiz to retake
reminder-rule-tutor-digest = Weekly summary of learners at risk
unsubscribe-title = Turn off a reminder
unsubscribe-question = Do you want to stop receiving the ‘{ $rule }’ reminder at { $email }?
unsubscribe-confirm = Yes, turn it off
unsubscribe-done = Done: you will no longer receive the ‘{ $rule }’ reminder. You can turn it back on from your profile.
notifications-title = Notifications
admin-reminders = Reminders
admin-reminders-text = Scheduled reminders: last and next run, messages sent, pending and failed.
admin-reminders-job = Scheduled runs
admin-reminders-cron = Schedule
admin-reminders-disabled = disabled
admin-reminders-last = Last run
admin-reminders-next = Next run
admin-reminders-holder = Run by
admin-reminders-summary = Result
admin-reminders-counts = Messages
admin-reminders-outbox = Latest messages
admin-reminders-never = never
col-rule = Reminder
col-recipient = Recipient
col-status = Status
col-attempts = Attempts
col-error = Last error
status-pending = pending
status-sent = sent
status-failed = failed
admin-reminders-empty = No messages in the queue.
admin-library = Legal changes
admin-library-text = Articles changed by library updates, word by word, and the lessons to review.
admin-library-lead = Each time an act is downloaded again, the articles whose text has changed appear here, with a word-by-word comparison and the lessons that cite them.
admin-library-summary = Summary
admin-library-changed-articles = { $n ->
    [one] article amended
   *[other] articles amended
}
admin-library-lessons-to-review = { $n ->
    [one] lesson to review
   *[other] lessons to review
}
admin-library-count = { $n ->
    [one] One change recorded, most recent first.
   *[other] { $n } changes recorded, most recent first.
}
admin-library-legend = Key
admin-library-legend-removed = deleted text
admin-library-legend-added = added text
admin-library-legend-text = Deleted text is struck through on a red background, added text is underlined on a green background.
admin-library-removed-prefix = deleted text:
admin-library-added-prefix = added text:
admin-library-removed-suffix = end of deleted text.
admin-library-added-suffix = end of added text.
admin-library-kind-changed = Amended
admin-library-kind-added = New
admin-library-kind-removed = Removed
admin-library-detected = Detected on
admin-library-old-in-force = Previous text in force as of
admin-library-new-in-force = New text in force as of
admin-library-unknown-date = date not given
admin-library-diff-changed = Comparison between the previous and the new text
admin-library-diff-added = Text of the new article
admin-library-diff-removed = Text of the removed article
admin-library-diff-empty = No text to show.
admin-library-no-article = The article is no longer in the library.
admin-library-lessons = Lessons citing the article
admin-library-lessons-none = No lesson cites this article.
admin-library-reviewed = reviewed on { $date }
admin-library-never-reviewed = never reviewed
admin-library-to-review = to review
admin-library-empty = No legal changes recorded.
admin-library-empty-before = Changes appear here after the command
admin-library-empty-after = has downloaded again from Normattiva an act that is already in the library and found articles in it that were changed, added or removed.

errata-report-lesson = Report an error in this lesson
errata-report-article = Report an error in this article
errata-form-title = Report an error
errata-form-lead-lesson = You are reporting an error in the lesson
errata-form-lead-article = You are reporting an error in the text of the article
errata-form-how = Describe what is wrong: a rule that is no longer in force, a wrong legal reference, an unclear passage. If you can, copy the sentence containing the error below.
errata-description = What is wrong
errata-description-hint = From { $min } to { $max } characters. If you know it, give the law in force that the lesson should follow.
errata-quote = The passage (optional)
errata-quote-hint = At most { $max } characters: copy the sentence containing the error.
errata-privacy = The programme secretariat will see your name and e-mail address and will write to you once it has replied.
errata-submit = Send the error report
errata-back-lesson = Back to the lesson
errata-back-article = Back to the article
errata-sent = Thank you: your error report has been sent. You will receive an e-mail when the editorial team has replied.
errata-mine-title = My error reports
errata-mine-lead = The errors you have reported in lessons and articles, with the editorial team's replies.
errata-mine-empty = You have not sent any error reports yet.
errata-mine-empty-text = Below every lesson and every library article you will find the ‘Report an error’ link.
errata-mine-link = My error reports
errata-report-number = Error report no. { $id }
errata-status-open = Open
errata-status-answered = Replied
errata-status-closed = Closed
errata-kind = Concerns
errata-kind-lesson = a lesson
errata-kind-article = a library article
errata-reported-on = Sent on
errata-reporter = From
errata-closed-on = Closed on
errata-target-gone = The lesson or article is no longer available.
errata-quoted = The quoted passage
errata-cited = Articles cited by the lesson
errata-cited-none = The lesson cites no articles.
errata-citing = Lessons citing the article
errata-answer = Reply from the editorial team
errata-answered-on = sent on

admin-errata = Error reports
admin-errata-text = Errors reported by learners and tutors in lessons and articles: reply and close.
admin-errata-lead = Errors reported in lessons and library articles: open ones first, oldest first. Whoever reported an error receives every reply, and the closure, by e-mail.
admin-errata-open = { $n ->
    [one] open
   *[other] open
}
admin-errata-answered = replied
admin-errata-closed = { $n ->
    [one] closed
   *[other] closed
}
admin-errata-count = { $n ->
    [one] One error report: open ones first.
   *[other] { $n } error reports: open ones first.
}
admin-errata-handle = Reply or close
admin-errata-see = View the error report
admin-errata-empty = No error reports received.
admin-errata-empty-text = Error reports appear here when a learner or a tutor uses ‘Report an error’ below a lesson or an article.
admin-errata-answer-title = Reply
admin-errata-answer-hint = The reply is e-mailed to whoever reported the error and stays visible among their error reports.
admin-errata-answer-label = Text of the reply
admin-errata-answer-close = Close the error report with this reply
admin-errata-answer-submit = Send the reply
admin-errata-close-title = Close without replying
admin-errata-close-hint = Whoever reported the error receives an e-mail telling them it has been closed.
admin-errata-close-submit = Close the error report
admin-errata-is-closed = This error report is closed: it can no longer be replied to.
admin-errata-back = Back to the error reports

## Classroom seminars
nav-seminars = Seminars
seminars-title = Classroom seminars
seminars-lead = The thematic classroom seminars in your region: register for one session per seminar. When the seats are full you join the waiting list and, if someone cancels, we register you in order of arrival and let you know by e-mail.
seminars-lead-staff = All sessions of the classroom seminars, with the seats taken and the waiting lists.
seminars-outcome-iscritto = Registration confirmed: we have sent you an e-mail with an invitation to add to your calendar.
seminars-outcome-attesa = The seats are full: you are on the waiting list. We will write to you if a seat becomes free.
seminars-outcome-annullata = You have cancelled your registration.
seminars-when = From { $day }, { $days ->
    [one] 1 day
   *[other] { $days } days
}
seminars-hours = Times
seminars-hours-value = from { $starts } to { $ends } (Italian time)
seminars-venue = Venue
seminars-region = Region
seminars-seats = Seats
seminars-seats-value = { $seated } taken out of { $capacity }
seminars-waiting-count = { $waiting } on the waiting list
seminars-deadline = Registration and cancellation by
seminars-mine-registered = You are registered for this session.
seminars-mine-waiting = You are on the waiting list, in position { $position }.
seminars-closed = Registration closed.
seminars-register = Register
seminars-join-waiting = Join the waiting list
seminars-cancel = Cancel registration
seminars-empty = No seminars scheduled
seminars-empty-text = There are no classroom seminar sessions in your region yet.

## Seminar attendance (tutor pages)
attendance-sessions-title = Seminars: attendance
attendance-sessions-lead = The classroom seminar sessions in the regions you follow: open the attendance sheet to record attendance in the classroom, half-day by half-day, on a tablet too.
attendance-sessions-lead-admin = All classroom seminar sessions: open the attendance sheet to record or correct attendance.
attendance-sessions-current = In progress and scheduled
attendance-sessions-past = Finished
attendance-sessions-none-current = No sessions in progress or scheduled.
attendance-sessions-none-past = No finished sessions.
attendance-sessions-empty = No sessions to follow
attendance-sessions-empty-text = There are no seminar sessions in the regions you follow.
attendance-col-seminar = Seminar
attendance-col-dates = Dates
attendance-col-venue = Venue
attendance-col-region = Region
attendance-col-seated = Seats taken
attendance-col-waiting = On the waiting list
attendance-col-links = Actions
attendance-seated-value = { $seated } of { $capacity }
attendance-running = in progress
attendance-link-sheet = Attendance
attendance-link-report = Session report
attendance-link-history = Change history
attendance-link-import = Import the sign-in sheet
attendance-back = All sessions
attendance-session-tabs = Session pages
attendance-title = Attendance
attendance-day-tabs = Session days
attendance-day = Day { $n }
attendance-day-heading = Day { $n } · { $date }
attendance-today = today
attendance-lead = Tap ‘Morning’ or ‘Afternoon’ next to each learner: the first tap marks them present, later taps switch between present and absent. Every tap is saved at once and recorded with who made it and when.
attendance-half-am = Morning
attendance-half-pm = Afternoon
attendance-state-present = Present
attendance-state-absent = Absent
attendance-state-unmarked = Not recorded
attendance-not-saved = Not saved — try again
attendance-counts = Summary of the day
attendance-count-present = Present
attendance-count-absent = Absent
attendance-count-unmarked = Not recorded
attendance-all-present = All present ({ $half })
attendance-all-present-hint = Marks as present the learners not yet recorded; those already marked stay as they are.
attendance-all-marked = { $half }: all recorded.
attendance-added = { $n ->
    [one] 1 learner marked present.
   *[other] { $n } learners marked present.
}
attendance-learners = Learners with a seat
attendance-no-learners = No learner has a seat in this session
attendance-no-learners-text = Attendance is recorded for learners with a seat; those on the waiting list do not appear.
attendance-waiting-note = { $n ->
    [one] 1 person on the waiting list does not appear: they do not have a seat.
   *[other] { $n } people on the waiting list do not appear: they do not have a seat.
}
attendance-municipality-unknown = Municipality not given
attendance-history-title = Attendance history
attendance-history-lead = Every change to an attendance entry, most recent first: who made it, when (Italian time), the value before and after, and where it came from.
attendance-history-empty = No attendance recorded so far.
attendance-history-count = { $n ->
    [one] 1 change
   *[other] { $n } changes
}
attendance-col-when = When
attendance-col-who = Who
attendance-col-learner = Learner
attendance-col-day = Day
attendance-col-half = Half-day
attendance-col-change = Change
attendance-col-source = Source
attendance-change-value = from { $old } to { $new }
attendance-account-gone = account removed
attendance-source-page = attendance page
attendance-source-import = sign-in sheet (CSV)
attendance-source-api = API
attendance-source-demo = demo data
attendance-import-title = Import the sign-in sheet
attendance-import-lead = Upload the sign-in sheet as CSV (also as exported by Excel, with semicolons) or paste its text. Valid rows are all recorded together; rows with a problem are discarded and we tell you why.
attendance-import-format = Format
attendance-import-format-text = First row: email,day,half,present (or email;giorno;metà;presente). One row per learner and half-day: day from 1 to { $days }; half-day am or pm (or mattina or pomeriggio); attendance 1 or 0, true or false, x or blank (the Italian sì or no, presente or assente also work).
attendance-import-limits = At most { $rows } rows and { $kib } KiB per file.
attendance-import-file = CSV file
attendance-import-text = Or paste the text of the sheet here
attendance-import-text-hint = Used only if you do not choose a file.
attendance-import-submit = Import
attendance-import-summary = Import result
attendance-import-applied = { $n ->
    [one] 1 row recorded
   *[other] { $n } rows recorded
}
attendance-import-refused = { $n ->
    [one] 1 row discarded
   *[other] { $n } rows discarded
}
attendance-import-changed = { $n ->
    [one] 1 attendance entry changed
   *[other] { $n } attendance entries changed
}
attendance-import-nothing = No row is valid: nothing has been recorded.
attendance-import-refused-title = Discarded rows
attendance-import-applied-title = Recorded rows
attendance-col-line = Row
attendance-col-email = E-mail
attendance-col-value = Attendance
attendance-col-reason = Reason
attendance-import-again = Import another sheet

seminars-outcome-richiesta = Request sent: registration for this seminar requires the tutor's approval. We will write to you as soon as the request has been decided.
seminars-with-approval = Registration for this seminar requires the tutor's approval.
seminars-mine-pending = Your request is awaiting the tutor's approval: it does not take a seat yet.
seminars-request = Request registration
seminars-withdraw = Withdraw the request
seminars-admin-manage = Manage the seminars

## Classroom seminars: administration
admin-seminars-text = The seminars of each edition with their sessions, seats, waiting lists and registered learners; new seminars and new sessions.
seminars-admin-lead = The seminars of each edition, with their sessions, seats taken, waiting lists and requests awaiting approval. From each session you can open the registered learners, the attendance and the session report.
seminars-admin-edition = Edition { $number }: { $title }
seminars-admin-none = No seminars for this edition.
seminars-admin-no-editions = No editions
seminars-admin-no-editions-text = First create an edition of the programme: seminars belong to an edition.
seminars-admin-with-approval = Registration subject to the tutor's approval
seminars-admin-approval-short = Approval
seminars-admin-sessions-of = Sessions of ‘{ $title }’
seminars-admin-col-when = Dates
seminars-admin-col-waiting = On the waiting list
seminars-admin-col-pending = Awaiting approval
seminars-admin-col-deadline = Registration deadline
seminars-admin-col-links = Session
seminars-admin-roster = Registered learners
seminars-admin-attendance = Attendance
seminars-admin-report = Session report
seminars-admin-add-session = Add a session
seminars-admin-outcome-creato = Seminar created with its first session.
seminars-admin-outcome-creata = Session added to the seminar.
seminars-admin-outcome-capienza = Seats updated: those on the waiting list who have got a seat receive an e-mail with the invitation.
seminars-admin-new = New seminar
seminars-admin-new-lead = A seminar belongs to an edition and its theme is a module of a course; here it is created with its first session, and further sessions are added later. Dates and times are Italian time.
seminars-admin-title-errors = Errors in the form
seminars-admin-form-errors = The seminar has not been saved: correct the fields indicated.
seminars-admin-choose = Choose…
seminars-admin-edition-label = Edition
seminars-admin-theme = Theme
seminars-admin-theme-hint = The course module that the seminar explores further in the classroom.
seminars-admin-seminar-title = Title of the seminar
seminars-admin-approval = Registration requires the tutor's approval
seminars-admin-approval-hint = If ticked, whoever registers waits until a tutor for the session's region (or the programme secretariat) approves or rejects the request; once approved, they get a seat or join the waiting list.
seminars-admin-first-session = First session
seminars-admin-first-day = First day
seminars-admin-first-day-hint = Not before today.
seminars-admin-days = Consecutive days
seminars-admin-days-hint = From 1 to 5; usually 2.
seminars-admin-starts = Start, each day
seminars-admin-ends = End, each day
seminars-admin-time-hint = Italian time, HH:MM.
seminars-admin-venue = Venue
seminars-admin-address = Address
seminars-admin-region = Region
seminars-admin-region-hint = Learners from the municipalities in this region that are eligible for the edition can register.
seminars-admin-capacity = Seats
seminars-admin-deadline = Deadline for registration and cancellation
seminars-admin-deadline-hint = Italian time; not after the start of the session.
seminars-admin-create = Create the seminar
seminars-admin-new-session = New session
seminars-admin-new-session-lead = An additional session of the seminar ‘{ $title }’.
seminars-admin-roster-title = Registered for the session
seminars-admin-capacity-title = Seats in the session
seminars-admin-capacity-hint = When you add seats, the first on the waiting list get a seat at once and receive an e-mail. You cannot go below the seats already taken ({ $seated }).
seminars-admin-capacity-submit = Change the seats
seminars-admin-pending-count = { $pending ->
    [one] 1 request awaiting approval
   *[other] { $pending } requests awaiting approval
}
seminars-admin-seated = Registered with a seat ({ $n })
seminars-admin-waiting = Waiting list ({ $n })
seminars-admin-pending = Requests awaiting approval ({ $n })
seminars-admin-cancelled-title = Cancelled and rejected ({ $n })
seminars-admin-nobody = Nobody.
seminars-admin-col-position = Position
seminars-admin-col-email = E-mail
seminars-admin-col-municipality = Municipality
seminars-admin-col-seated-when = Registered on
seminars-admin-col-waiting-when = On the list since
seminars-admin-col-pending-when = Requested on
seminars-admin-col-cancelled-when = Date
seminars-admin-col-outcome = Result
seminars-admin-promoted = seat obtained from the waiting list
seminars-admin-rejected = request rejected
seminars-admin-cancelled = cancelled by the learner
seminars-admin-back = Back to the seminars

## Classroom seminars: approval of requests
approvals-title = Requests awaiting approval
approvals-go = Decide on the requests
approvals-lead = Requests to register for seminars that require approval, for the sessions you follow. Once approved, a request gets a seat if there are any left, otherwise it joins the waiting list from the moment of approval; once rejected, it is cancelled. The learner receives an e-mail in both cases, with the reason if you give one. You can decide even after the registration deadline.
approvals-outcome-approvata = Request approved: the learner has a seat and receives the invitation by e-mail.
approvals-outcome-attesa = Request approved, but the seats are full: the learner is on the waiting list and has been told by e-mail.
approvals-outcome-rifiutata = Request rejected: the learner receives an e-mail.
approvals-session = Session
approvals-requested = Requested on
approvals-late = The registration deadline has passed: you can still decide.
approvals-decision = Decision
approvals-approve = Approve
approvals-approve-full = (seats full: they will join the waiting list)
approvals-reject = Reject
approvals-reason = Reason or note (optional)
approvals-reason-hint = Sent to the learner in the e-mail with the decision.
approvals-submit = Confirm the decision
approvals-empty = No requests awaiting approval
approvals-empty-text = Requests to register for seminars that require approval appear here.

## Certificate: the PDF (src/certificates/pdf)
certificate-pdf-document-title = Certificate of participation: { $course } — { $name }
certificate-pdf-title = Certificate of participation
certificate-pdf-certify = This is to certify that
certificate-pdf-municipality = Municipality of { $municipality }
certificate-pdf-completed-course = has completed the course
certificate-pdf-completed-on = on { $date }
certificate-pdf-program = Course programme
certificate-pdf-more-modules = { $count ->
    [one] … and one more module
   *[other] … and { $count } more modules
}
certificate-pdf-total-remote = Hours of remote training
certificate-pdf-total-classroom = Hours of classroom training
certificate-pdf-total = Total hours of training
certificate-pdf-hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
certificate-pdf-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
certificate-pdf-hours-minutes = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
} and { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
certificate-pdf-code = Certificate code
certificate-pdf-issued = Issued on { $date }
certificate-pdf-verify = Verify its authenticity at
certificate-pdf-qr-alt = QR code leading to the certificate's verification page: { $url }
certificate-pdf-link-alt = Certificate verification page
certificate-pdf-attachment = Signed Open Badges 3.0 digital credential of the certificate (JSON)
certificate-pdf-footnote = This file carries the signed digital credential (Open Badges 3.0) as an attachment, which can also be verified offline.

# Certificates: verification and downloads
## Public verification (/verify), the certificate files and the dashboard section
verify-title = Verify a certificate
verify-lead = Check whether a certificate issued by Aula is genuine and still valid: with the code printed on the certificate, or by uploading the PDF or the credential.
verify-state-valid = Valid certificate
verify-state-valid-text = The certificate is in the register and in force. Compare the details below with those printed on it.
verify-state-revoked = Certificate revoked on { $day }
verify-state-revoked-text = The certificate was issued but later revoked: it is no longer valid.
verify-state-replaced = Certificate replaced
verify-state-replaced-text = The certificate has been replaced by a corrected one, with the code
verify-unknown = Certificate not found
verify-unknown-code = No certificate has the code { $code }. Check that you typed it as it appears on the certificate.
verify-unknown-shape = This is not a certificate code: codes have the form AULA-XXXX-XXXX-XXXX.
verify-field-holder = Holder
verify-field-course = Course
verify-field-edition = Edition
verify-field-completed = Course completed on
verify-field-code = Code
verify-other = Verify another code or file
verify-by-code = By code
verify-code-label = Certificate code
verify-code-hint = It is printed on the certificate, next to the QR code (for example AULA-7K3M-Q9X2-HF4T); upper and lower case make no difference.
verify-code-submit = Verify the code
verify-code-malformed = The text entered is not a certificate code: codes have the form AULA-XXXX-XXXX-XXXX.
verify-by-file = By file
verify-file-lead = The certificate PDF contains a digitally signed credential: uploading it checks that the signature is Aula's and that the details match the register. The credential file (JSON) works too.
verify-file-label = Certificate PDF or credential (JSON)
verify-file-hint = At most { $kib } KB. The file is used only for the check and is not kept.
verify-file-submit = Check the file
verify-upload-multipart = Send the file with the form on the page.
verify-upload-none = Choose the file to check.
verify-upload-too-large = The file is larger than { $kib } KB: it is not a certificate PDF.
verify-result-title = Result of the check
verify-genuine = The file is genuine
verify-genuine-text = The signature is Aula's and the details in the file match the register.
verify-bad-signature = Invalid signature
verify-bad-signature-text = The file was altered after issue, or was not issued by Aula: it must not be treated as a valid certificate.
verify-no-record = Certificate not in the register
verify-no-record-text = The signature is valid, but no certificate with the code { $code } is in this site's register.
verify-mismatch = The details do not match the register
verify-mismatch-text = The signature is valid, but the file does not match the registered certificate. Differing details:
verify-mismatch-holder_name = holder
verify-mismatch-course_title = course
verify-mismatch-completed_on = completion date
verify-mismatch-issued_at = date of issue
verify-mismatch-credential = credential (not the one issued)
verify-mismatch-record = In the register:
verify-unreadable = Unreadable file
verify-unreadable-text = The file is neither the PDF of an Aula certificate nor one of its credentials.
verify-technical = Technical detail
verify-developers = For information systems
verify-developers-text = The public keys that sign the credentials are published as a JWK Set; verification is also available through the API.
verify-keys-link = Public keys (JWKS)
verify-api-link = API documentation
certificates-title = Certificates
certificates-empty = Your certificate will be available here once you have completed the course.
certificates-completed = Completed on
certificates-code = Code
certificates-status = Status
certificates-status-valid = Valid
certificates-status-revoked = Revoked on { $day }
certificates-status-replaced = Replaced
certificates-replaced-by = Replaced by certificate
certificates-replaced-hint = Use that one: this one is no longer valid.
certificates-download-pdf = Download PDF
certificates-download-json = Credential (JSON)
certificates-verify = Verify
# Certificates: administration
certificates-admin-title = Certificates
certificates-admin-card = Issued certificates: search, history, revocation, reissue with the corrected name, manual issue and ZIP by edition.
certificates-admin-lead = Issued certificates, from first to last. Open a certificate to see its history, revoke it or reissue it with the corrected name; every action is recorded with its reason.
certificates-admin-later = later pages
certificates-admin-filters = Filter the certificates
certificates-admin-edition = Edition
certificates-admin-edition-number = edition { $number }
certificates-admin-all-editions = All editions
certificates-admin-status = Status
certificates-admin-all-statuses = All statuses
certificates-admin-status-valid = Valid
certificates-admin-status-revoked = Revoked
certificates-admin-status-replaced = Replaced
certificates-admin-search = Code, name or e-mail
certificates-admin-search-hint = Even just part of it; upper and lower case make no difference.
certificates-admin-apply = Filter
certificates-admin-list = List of certificates
certificates-admin-col-code = Code
certificates-admin-col-holder = Holder
certificates-admin-col-municipality = Municipality
certificates-admin-col-course = Course
certificates-admin-col-issued = Issued on
certificates-admin-empty = No certificates
certificates-admin-empty-text = No certificate matches the chosen filters. Certificates are issued automatically when a learner completes a course, or manually.
certificates-admin-first = From the start
certificates-admin-next = Next certificates
certificates-admin-zip-title = Download as a ZIP archive
certificates-admin-zip-hint = The archive contains the PDFs of the valid certificates (not revoked or replaced ones), one per file, with the code in the file name.
certificates-admin-zip-edition = Valid certificates of edition { $number } (ZIP)
certificates-admin-zip-all = Valid certificates of all editions (ZIP)
certificates-admin-new = Issue a certificate manually
certificates-admin-new-lead = For a learner enrolled in the course, even if they have not completed it on the platform (for example for classroom attendance recorded elsewhere). The reason stays in the certificate's history.
certificates-admin-title-errors = Errors in the form
certificates-admin-form-errors = The certificate has not been issued: correct the fields indicated.
certificates-admin-choose = Choose…
certificates-admin-learner-email = Learner's e-mail
certificates-admin-learner-email-hint = The address the learner uses to sign in to Aula.
certificates-admin-reason = Reason
certificates-admin-issue-reason-hint = Required, at most 500 characters: it stays in the certificate's history.
certificates-admin-issue-submit = Issue the certificate
certificates-admin-exists = The learner already has a valid certificate for this course in their edition:
certificates-admin-back = Back to the certificates
certificates-admin-detail-title = Certificate { $code }
certificates-admin-outcome-emesso = Certificate { $code } issued: the learner receives an e-mail with the link to the PDF.
certificates-admin-outcome-revocato = Certificate { $code } revoked: the verification page now shows it as revoked.
certificates-admin-outcome-riemesso = New certificate { $code } issued with the corrected name; the previous one is shown as replaced by this one. The learner receives an e-mail.
certificates-admin-conflict-revoked = The certificate has already been revoked: it can be neither revoked again nor reissued.
certificates-admin-conflict-replaced = The certificate has already been replaced by a new one: act on that one.
certificates-admin-conflict-unknown = The certificate is no longer valid.
certificates-admin-revoked-on = Revoked on { $when }.
certificates-admin-because = Reason: { $reason }
certificates-admin-replaced-by = Replaced by certificate
certificates-admin-replaces = Replaces certificate
certificates-admin-paper = What the certificate shows
certificates-admin-holder = Holder
certificates-admin-completed-on = Course completed on
certificates-admin-remote = Hours of remote training
certificates-admin-classroom = Classroom hours
certificates-admin-hours = { $hours ->
    [one] 1 hour
   *[other] { $hours } hours
}
certificates-admin-and-minutes = and { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
certificates-admin-minutes = { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
}
certificates-admin-no-time = none
certificates-admin-action-errors = The action was not carried out: correct the field indicated.
certificates-admin-modules = Modules
certificates-admin-issued-at = Issued on
certificates-admin-issuer = Issuing body
certificates-admin-issue-reason = Reason for issue
certificates-admin-pdf = Download the PDF
certificates-admin-json = Download the credential (JSON)
certificates-admin-verify = Public verification page
certificates-admin-account = Learner's account
certificates-admin-account-name = Current name in the account
certificates-admin-history = Certificate history
certificates-admin-col-when = When
certificates-admin-col-action = Action
certificates-admin-col-who = Who
certificates-admin-system = Aula (course completion)
certificates-admin-action-issued = Issued
certificates-admin-action-revoked = Revoked
certificates-admin-action-replaced = Replaced by
certificates-admin-action-reissued = Reissued to replace
certificates-admin-revoke-title = Revoke
certificates-admin-revoke-hint = Required, at most 500 characters. Revocation cannot be undone: the verification page will show the certificate as revoked, with the date.
certificates-admin-revoke-submit = Revoke the certificate
certificates-admin-reissue-title = Reissue with the corrected name
certificates-admin-corrected-name = Corrected name
certificates-admin-corrected-name-hint = Suggested: the account's current name. The new certificate shows this name; everything else stays as it was.
certificates-admin-reissue-hint = Required, at most 500 characters. The current code will show ‘replaced by’ the new one.
certificates-admin-reissue-submit = Reissue the certificate
certificates-tutor-zip = Certificates (ZIP)

## Personal data (privacy)
login-erased = Your account has been deleted: your personal data has been removed.
privacy-admin-title = Personal data
privacy-admin-card = Who has seen whose data, exports and deletions on request, retention periods.
privacy-profile-heading = Your personal data
privacy-my-data-title = My data
privacy-views-title = Who has seen my data
privacy-notice-link = Privacy notice
privacy-my-data-lead = Here you can download all the data Aula holds about you, see who has viewed it and, if your edition allows it, delete your account.
privacy-export-requested = Request received: we are preparing the archive and will let you know by e-mail when it is ready.
privacy-export-heading = Data export
privacy-export-text = A ZIP archive of your data in JSON (machine-readable) and CSV (opens in a spreadsheet) format: profile, enrolments, progress, quizzes and answers, seminars and attendance, certificates, e-mails received, access log.
privacy-col-requested = Requested
privacy-col-status = Status
privacy-col-file = File
privacy-export-status-pending = Being prepared
privacy-export-status-ready = Ready
privacy-export-status-failed = Failed
privacy-export-download = Download the ZIP
privacy-export-until = available until { $date }
privacy-export-request = Prepare an export of my data
privacy-views-count = { $n ->
    [one] 1 view recorded.
   *[other] { $n } views recorded.
}
privacy-views-open = See the log
privacy-notice-heading = Privacy notice
privacy-acknowledged = Version { $version }: acknowledged on { $at }
privacy-acknowledged-none = No acknowledgement recorded.
privacy-erase-heading = Account deletion
privacy-erase-text = Deletion removes your name, e-mail address, job title and password; your training data remains linked only to a number, for the programme's statistics. It cannot be undone: afterwards you will no longer be able to sign in.
privacy-erase-confirm = To confirm, type the account's e-mail address ({ $email })
privacy-erase-submit = Delete the account permanently
privacy-erase-ask = Your edition does not allow deletion from your profile: to request it, write to the controller named in the privacy notice.
privacy-rectify = To correct wrong details (name, municipality, job title), write to the programme secretariat.
privacy-views-lead = Every time a tutor or an administrator views or exports your personal data, Aula records it here: who, when, and which page or export.
privacy-col-when = When
privacy-col-who = Who
privacy-col-role = Role
privacy-col-what = Action
privacy-col-where = Page or file
privacy-kind-view = View
privacy-kind-export = Export
privacy-kind-erasure = Deletion
privacy-views-empty = No views recorded.
privacy-notice-version = Version of { $version }
privacy-notice-superseded = version no longer in force
privacy-notice-pending = The privacy notice has been updated: read it and confirm that you have seen it to continue.
privacy-notice-acknowledge = I have read the privacy notice
privacy-notice-versions = Versions of the privacy notice
privacy-admin-lead = Personal data requests (access, portability, erasure) and the log of who has seen learners' data.
privacy-admin-find = Find a person by e-mail address
privacy-admin-not-found = No account with the address { $email }.
privacy-admin-settings = Retention periods
privacy-setting-retention = Inactive accounts after the editions end
privacy-setting-months = { $n } months
privacy-setting-off = kept with no time limit
privacy-setting-warning = Warning before pseudonymisation
privacy-setting-days = { $n } days
privacy-setting-log = Access log
privacy-setting-outbox = Content of sent e-mails
privacy-setting-certificates = Certificates on deletion
privacy-certificates-keep = Certificates are kept, as a record of publicly provided training.
privacy-certificates-delete = Certificates are revoked and the holder's data deleted.
privacy-admin-exports = Recent exports
privacy-col-person = Person
privacy-person-number = Account no. { $id }
privacy-admin-no-exports = No exports requested.
privacy-admin-log = Log of access to personal data
privacy-person-title = Personal data of { $name }
privacy-person-erased = Account deleted: only pseudonymised data remains.
privacy-person-holds = What Aula holds
privacy-col-table = Table
privacy-col-rows = Rows
privacy-admin-export = Prepare the export (request received in writing)
privacy-admin-erase-text = Name, e-mail address, job title and password will be removed everywhere, including in e-mails and replies that mention the person; progress, quizzes and attendance stay linked only to the account number, so reports do not change.
privacy-guide-title = Your data in Aula
privacy-guide-intro = Export of the data of account no. { $id }, made on { $at }. The file dati.json contains everything in machine-readable form; the csv folder contains one table per file, which opens in a spreadsheet.
privacy-guide-files = Files with data:
privacy-guide-rows = { $n ->
    [one] 1 row
   *[other] { $n } rows
}
privacy-guide-empty = Tables holding none of your data:
privacy-guide-rights = You can ask for your data to be rectified or erased, or for its processing to be restricted, or object to processing, as explained in the privacy notice (page /informativa), and you can lodge a complaint with the Garante per la protezione dei dati personali (the Italian data protection authority).
privacy-table-users = your profile (name, e-mail, municipality, sector, job title, language, dates of creation and last sign-in; the password is not exported because it is stored only as a hash)
privacy-table-privacy_acknowledgements = the versions of the privacy notice you have acknowledged, with date and time
privacy-table-sessions = your open sign-in sessions (start and expiry dates)
privacy-table-api_tokens = API keys in your name (name, scopes, dates; never the key itself)
privacy-table-email_tokens = links sent by e-mail (invitation, password recovery: purpose and dates)
privacy-table-tutor_scopes = for tutors, the group followed (regions or municipalities)
privacy-table-enrolments = course enrolments, by edition
privacy-table-course_progress = the summary of progress per course
privacy-table-lesson_progress = progress per lesson (start, completion, time)
privacy-table-progress_events = every progress event recorded (lesson opened or completed, seconds)
privacy-table-reading_days = reading time credited per day
privacy-table-completions = modules completed
privacy-table-quiz_attempts = quiz attempts with score and result
privacy-table-quiz_answers = the answers given in each attempt, with the score
privacy-table-seminar_registrations = registrations for classroom seminars, waiting list and decisions
privacy-table-seminar_attendance = seminar attendance by half-day
privacy-table-seminar_attendance_changes = changes to your attendance, with who made them
privacy-table-certificates = your certificates, with the signed digital credential
privacy-table-certificate_events = the history of your certificates (issue, revocation, reissue)
privacy-table-outbox = e-mails Aula has sent you or is due to send you
privacy-table-notifications = notifications shown in the application
privacy-table-reminder_optouts = reminders you have turned off
privacy-table-error_reports = error reports you have sent, and the replies
privacy-table-personal_data_views = which tutors and administrators have viewed or exported your data
privacy-table-privacy_exports = exports of your data that have been requested (without the archives)
