"""Interface strings in Swedish (first) and English, and number formatting per language.

Every key exists in both languages (a test checks it). Strings use str.format placeholders.
Never put user or URL text into a string that is rendered as HTML: these go through
Streamlit's markdown, which escapes HTML.
"""

from __future__ import annotations

import math
import string

from babel.numbers import format_decimal, format_percent

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"
LOCALE = {"sv": "sv_SE", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {
    # frame
    "app_title": {"sv": "Barnbarometern", "en": "Barnbarometern"},
    "app_tagline": {
        "sv": "Hur Sveriges kommuner arbetar med barn i utsatta situationer, 2013–2018",
        "en": "How Sweden's municipalities work with children in vulnerable situations, 2013–2018",
    },
    "sample_banner": {
        "sv": "**Exempeldata.** Kommunernas verkliga svar är inte offentliga. Det du ser är syntetiska svar från en slumpgenerator (frö {seed}), kalibrerade mot de publicerade riksandelarna. Inga siffror per kommun är verkliga.",
        "en": "**Exempeldata (sample data).** The municipalities' real answers are not public. What you see are synthetic answers from a seeded generator (seed {seed}), calibrated to the published national shares. No figure for a municipality is real.",
    },
    "sample_short": {"sv": "Exempeldata", "en": "Exempeldata (sample data)"},
    # the sample label when only some editions are the sample (validate.sample_label)
    "sample_banner_mixed": {
        "sv": "**Exempeldata för {editions}.** Upplagorna {editions} visar syntetiska svar från en slumpgenerator (frö {seed}), kalibrerade mot de publicerade riksandelarna; inga siffror per kommun för dem är verkliga. {real} är kommunernas inskickade svar.",
        "en": "**Exempeldata (sample data) for {editions}.** The editions {editions} show synthetic answers from a seeded generator (seed {seed}), calibrated to the published national shares; no figure for a municipality in them is real. {real} are the answers the municipalities sent in.",
    },
    "sample_short_mixed": {"sv": "Exempeldata för {editions}", "en": "Exempeldata (sample data) for {editions}"},
    "sample_image_label_mixed": {
        "sv": "EXEMPELDATA för {editions}: syntetiska svar, inte kommunernas verkliga ({real}: enkätsvar)",
        "en": "EXEMPELDATA (sample data) for {editions}: synthetic answers, not the municipalities' real ones ({real}: survey answers)",
    },
    "survey_note": {"sv": "Enkätdata byggd {built}.", "en": "Survey data built {built}."},
    "language": {"sv": "Språk", "en": "Language"},
    "nav_overview": {"sv": "Översikt", "en": "Overview"},
    "nav_ranking": {"sv": "Rangordning", "en": "Ranking"},
    "nav_trends": {"sv": "Utveckling", "en": "Trends"},
    "nav_map": {"sv": "Karta", "en": "Map"},
    "nav_profile": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "nav_about": {"sv": "Om data", "en": "About the data"},
    "source_line": {
        "sv": "Källa: Barnbarometern {edition}, {publisher}; bearbetning: Barnbarometern-utforskaren.",
        "en": "Source: Barnbarometern {edition}, {publisher}; processing: Barnbarometern explorer.",
    },
    "source_line_sample": {
        "sv": "Exempeldata (syntetiska svar, frö {seed}), kalibrerade mot Barnbarometern {edition}, {publisher}.",
        "en": "Sample data (synthetic answers, seed {seed}), calibrated to Barnbarometern {edition}, {publisher}.",
    },
    "publisher_humana": {"sv": "Humana", "en": "Humana"},
    "publisher_humana_rb": {"sv": "Humana och Rädda Barnen", "en": "Humana and Rädda Barnen"},
    "publisher_range": {"sv": "Humana (från 2017 med Rädda Barnen)", "en": "Humana (with Rädda Barnen from 2017)"},
    "data_error_title": {"sv": "Uppgifterna kunde inte läsas in", "en": "The data could not be loaded"},
    "data_error_body": {
        "sv": "Tabellerna i {path} saknas eller klarade inte kontrollen, så appen visar ingenting hellre än fel siffror. Den som driver tjänsten kan bygga om dem med `python -m barnbaro clean` och kontrollera med `python -m barnbaro check`.",
        "en": "The tables in {path} are missing or failed validation, so the app shows nothing rather than wrong figures. Whoever runs the service can rebuild them with `python -m barnbaro clean` and verify with `python -m barnbaro check`.",
    },
    "data_error_details": {"sv": "Vad som är fel", "en": "What is wrong"},
    # selection
    "pick_kommun": {"sv": "Kommuner", "en": "Municipalities"},
    "pick_kommun_help": {
        "sv": "Sök på namn eller kommunkod. Den första är den du jämför utifrån.",
        "en": "Search by name or code. The first is the one you compare from.",
    },
    "pick_one_kommun": {"sv": "Kommun", "en": "Municipality"},
    "pick_indicator": {"sv": "Indikator", "en": "Indicator"},
    "pick_edition": {"sv": "Upplaga", "en": "Edition"},
    "pick_peer": {"sv": "Jämförelsekommuner", "en": "Peer municipalities"},
    "pick_custom": {"sv": "Egen lista", "en": "Custom list"},
    "pick_scope": {"sv": "Visa", "en": "Show"},
    "scope_all": {"sv": "Hela riket", "en": "All of Sweden"},
    "scope_lan": {"sv": "Länet", "en": "The county"},
    "scope_peer": {"sv": "Jämförelsegruppen", "en": "The peer group"},
    "peer_lan": {"sv": "Kommunerna i länet", "en": "Municipalities in the county"},
    "peer_grannar": {"sv": "Grannkommuner", "en": "Neighbouring municipalities"},
    "peer_lika": {"sv": "Kommuner med liknande svar", "en": "Municipalities with similar answers"},
    "peer_egen": {"sv": "Egen lista", "en": "Custom list"},
    "peer_none_selected": {
        "sv": "Välj en kommun för att få en jämförelsegrupp.",
        "en": "Choose a municipality to get a peer group.",
    },
    "peer_described": {
        "sv": "Jämförelsegrupp: {kind} till {kommun} ({n:kommun|kommuner}).",
        "en": "Peer group: {kind} of {kommun} ({n:municipality|municipalities}).",
    },
    "choose_kommun_prompt": {"sv": "Välj en kommun i listan.", "en": "Choose a municipality in the list."},
    # deep links open on the chart; chart descriptions for screen readers; the page's language
    "change_selection": {"sv": "Ändra urval", "en": "Change selection"},
    "chart_desc_bar": {
        "sv": "{answer}: {share} ({n:kommun|kommuner})",
        "en": "{answer}: {share} ({n:municipality|municipalities})",
    },
    "chart_desc_ranking": {
        "sv": "Stapeldiagram över svaren från {n:kommun|kommuner}, andel per svar: {shares}.",
        "en": "Bar chart of the answers from {n:municipality|municipalities}, share per answer: {shares}.",
    },
    "chart_desc_names": {"sv": "{names} svarade {answer}.", "en": "{names} answered {answer}."},
    "chart_desc_riket": {"sv": "Riket som jämförelse: {refs}.", "en": "Sweden for reference: {refs}."},
    "chart_desc_published": {"sv": "Publicerade riksandelar: {refs}.", "en": "Published national shares: {refs}."},
    "chart_desc_shares": {
        "sv": "Linjediagram, andel med önskat svar per upplaga: {series}.",
        "en": "Line chart, share with the desired answer per edition: {series}.",
    },
    "chart_desc_published_trend": {"sv": "Publicerade siffror: {refs}.", "en": "Published figures: {refs}."},
    "chart_desc_answers": {
        "sv": "Diagram över varje kommuns svar per upplaga: {series}.",
        "en": "Chart of each municipality's answer per edition: {series}.",
    },
    "chart_desc_legend": {"sv": "Kartans förklaring: {items}.", "en": "The map's legend: {items}."},
    "map_table_note": {
        "sv": "Samma uppgifter, med placeringen, står i tabellen under kartan.",
        "en": "The same information, with the positions, is in the table under the map.",
    },
    # url messages
    "url_unknown_kommun": {
        "sv": "Länken innehöll en okänd kommunkod som inte används: {value}.",
        "en": "The link held an unknown municipality code, which is not used: {value}.",
    },
    "url_too_many_kommun": {
        "sv": "Länken valde fler än {n} kommuner; de {n} första visas.",
        "en": "The link chose more than {n} municipalities; the first {n} are shown.",
    },
    "url_unknown_indicator": {
        "sv": "Länken pekade på en okänd indikator; visar {default}.",
        "en": "The link pointed to an unknown indicator; showing {default}.",
    },
    "url_bad_edition": {
        "sv": "Länken pekade på en upplaga som inte finns; visar {default}.",
        "en": "The link pointed to an edition that does not exist; showing {default}.",
    },
    "url_edition_not_asked": {
        "sv": "Frågan ställdes inte {edition}; visar {default}.",
        "en": "The question was not asked in {edition}; showing {default}.",
    },
    "url_bad_value": {
        "sv": "Ett värde i länken kändes inte igen och används inte ({key}).",
        "en": "A value in the link was not recognised and is not used ({key}).",
    },
    # overview
    "overview_intro": {
        "sv": "Barnbarometern var en årlig enkät från omsorgsföretaget Humana, från 2017 tillsammans med Rädda Barnen, till socialtjänsten i Sveriges 290 kommuner. Den frågade om personalomsättning bland socialsekreterare, utredningar som drar över lagens fyra månader, om barnens egna upplevelser av insatser utvärderas, arbetet med barnkonventionen, hälsoundersökningar av placerade barn och utbildning för arbete med ensamkommande barn. Sex upplagor gjordes, 2013–2018. Bara riksandelar publicerades.",
        "en": "Barnbarometern was a yearly survey by the care company Humana, from 2017 with Rädda Barnen, sent to the social services of all 290 Swedish municipalities. It asked about staff turnover among social workers, investigations running past the legal four months, whether children's own experiences of interventions are evaluated, work on the Convention on the Rights of the Child, health examinations of placed children, and training for work with unaccompanied minors. Six editions were made, 2013–2018. Only national shares were published.",
    },
    "overview_responses": {"sv": "Svar per upplaga", "en": "Responses per edition"},
    "responded_of": {
        "sv": "{n} av 290 kommuner svarade {edition}",
        "en": "{n} of 290 municipalities answered in {edition}",
    },
    "overview_figures": {
        "sv": "Publicerade riksandelar och vad data visar",
        "en": "Published national shares and what the data shows",
    },
    "col_edition": {"sv": "Upplaga", "en": "Edition"},
    "col_responded": {"sv": "Svarande kommuner", "en": "Municipalities answering"},
    "col_responded_all": {"sv": "varav alla frågor", "en": "of which all questions"},
    "col_published_count": {"sv": "Publicerat antal", "en": "Published count"},
    "col_figure": {"sv": "Figur", "en": "Figure"},
    "col_published": {"sv": "Publicerad", "en": "Published"},
    "col_as_published": {"sv": "Som publicerat", "en": "As published"},
    "col_data": {"sv": "I data", "en": "In the data"},
    "col_data_sample": {"sv": "I exempeldata", "en": "In the sample data"},
    "trends_never": {
        "sv": "{kommun} svarade inte på frågan någon av upplagorna {editions}.",
        "en": "{kommun} did not answer the question in any of the editions {editions}.",
    },
    "col_source": {"sv": "Källa", "en": "Source"},
    "col_indicator": {"sv": "Indikator", "en": "Indicator"},
    "col_kommun": {"sv": "Kommun", "en": "Municipality"},
    "col_lan": {"sv": "Län", "en": "County"},
    "col_answer": {"sv": "Svar", "en": "Answer"},
    "col_position": {"sv": "Placering", "en": "Position"},
    "col_share": {"sv": "Andel", "en": "Share"},
    "col_count": {"sv": "Antal kommuner", "en": "Municipalities"},
    "col_previous": {"sv": "Förra upplagan", "en": "Previous edition"},
    "col_change": {"sv": "Förändring", "en": "Change"},
    "col_riket": {"sv": "Riket, önskat svar", "en": "Sweden, desired answer"},
    "col_lan_desired": {"sv": "Länet, önskat svar", "en": "County, desired answer"},
    "col_peer_desired": {"sv": "Jämförelsegruppen, önskat svar", "en": "Peer group, desired answer"},
    "not_published": {"sv": "inte publicerat", "en": "not published"},
    # ranking
    "ranking_title": {"sv": "{indicator}, {edition}", "en": "{indicator}, {edition}"},
    "ranking_caption": {
        "sv": "Andel av de {n} kommuner som svarade på frågan ({scope}). Det önskade svaret står först.",
        "en": "Share of the {n} municipalities that answered the question ({scope}). The desired answer comes first.",
    },
    "ranking_caption_one": {
        "sv": "Svaret från den enda kommun som svarade på frågan ({scope}). Det önskade svaret står först.",
        "en": "The answer of the only municipality that answered the question ({scope}). The desired answer comes first.",
    },
    "ranking_caption_zero": {
        "sv": "Ingen kommun svarade på frågan ({scope}).",
        "en": "No municipality answered the question ({scope}).",
    },
    "position_caveat": {
        "sv": "Färgen visar placering bland de andra kommunerna (bästa tredjedelen, mittersta, sista tredjedelen), inte om ett resultat är bra eller dåligt.",
        "en": "The colour shows position among the other municipalities (best third, middle third, last third), not whether a result is good or bad.",
    },
    "third_best": {"sv": "Bästa tredjedelen", "en": "Best third"},
    "third_middle": {"sv": "Mittersta tredjedelen", "en": "Middle third"},
    "third_last": {"sv": "Sista tredjedelen", "en": "Last third"},
    "third_none": {"sv": "Ingen placering (vet ej)", "en": "No position (don't know)"},
    "pos_single": {"sv": "plats {pos} av {n}", "en": "position {pos} of {n}"},
    "pos_shared": {"sv": "delad plats {lo}–{hi} av {n}", "en": "shared position {lo}–{hi} of {n}"},
    "pos_group": {"sv": "en av {n} kommuner som svarar {answer}", "en": "one of {n} municipalities answering {answer}"},
    "pos_group_one": {"sv": "den enda kommunen som svarar {answer}", "en": "the only municipality answering {answer}"},
    "pos_dont_know": {"sv": "svarade Vet ej (ingen placering)", "en": "answered Don't know (no position)"},
    "pos_no_answer": {"sv": "svarade inte på frågan", "en": "did not answer the question"},
    "riket_ref": {"sv": "Riket", "en": "Sweden"},
    "riket_ticks": {"sv": "Svarta streck: andelen i hela riket.", "en": "Black ticks: the share in all of Sweden."},
    "published_diamonds": {"sv": "Romber: publicerad riksandel.", "en": "Diamonds: published national share."},
    "published_ref": {"sv": "Publicerad riksandel", "en": "Published national share"},
    "published_marker": {
        "sv": "Publicerad siffra {edition}: {value} ({answers}), {source}",
        "en": "Published figure {edition}: {value} ({answers}), {source}",
    },
    "non_respondents": {
        "sv": "Svarade inte ({n:kommun|kommuner})",
        "en": "Did not answer ({n:municipality|municipalities})",
    },
    "non_respondents_none": {
        "sv": "Alla kommuner i urvalet svarade.",
        "en": "All municipalities in the selection answered.",
    },
    "table_and_csv": {"sv": "Tabell och CSV", "en": "Table and CSV"},
    "download_csv": {"sv": "Ladda ner CSV", "en": "Download CSV"},
    # trends
    "trends_title": {"sv": "{indicator}: utveckling över tid", "en": "{indicator}: development over time"},
    "trends_answers": {"sv": "Svar per kommun och upplaga", "en": "Answer per municipality and edition"},
    "trends_answers_caption": {
        "sv": "Bästa svaret överst. En kommun som inte svarade en upplaga får ett glapp i linjen, ingen gissad punkt.",
        "en": "Best answer at the top. A municipality that did not answer an edition gets a gap in its line, never a guessed point.",
    },
    "trends_shares": {"sv": "Andel med önskat svar ({desired})", "en": "Share with the desired answer ({desired})"},
    "trends_shares_caption": {
        "sv": "Riket, länet och jämförelsegruppen som referenser. Romber är publicerade riksandelar.",
        "en": "Sweden, the county and the peer group as references. Diamonds are published national shares.",
    },
    "trends_pick": {
        "sv": "Välj upp till åtta kommuner för att se deras svar över tid.",
        "en": "Choose up to eight municipalities to see their answers over time.",
    },
    "change_marker_short": {"sv": "ändrad", "en": "changed"},
    "changes_heading": {"sv": "Ändringar i frågan", "en": "Changes to the question"},
    "series": {"sv": "Serie", "en": "Series"},
    "peer_series": {"sv": "Jämförelsegrupp", "en": "Peer group"},
    "no_answer": {"sv": "Svarade inte", "en": "Did not answer"},
    # map
    "map_title": {"sv": "{indicator}, {edition}: karta", "en": "{indicator}, {edition}: map"},
    "map_caption": {
        "sv": "Peka på en kommun för dess namn, klicka för att välja den och se dess svar. Grått: svarade inte.",
        "en": "Point at a municipality for its name; click it to select it and see its answer. Grey: did not answer.",
    },
    "legend": {"sv": "Förklaring", "en": "Legend"},
    "map_selected_heading": {"sv": "Valda kommuner", "en": "Selected municipalities"},
    # profile
    "profile_title": {"sv": "{kommun}: kommunprofil {edition}", "en": "{kommun}: municipality profile {edition}"},
    "profile_not_answered": {
        "sv": "{kommun} svarade inte på Barnbarometern {edition}.",
        "en": "{kommun} did not answer Barnbarometern {edition}.",
    },
    "profile_partial": {
        "sv": "{kommun} svarade på en del av frågorna {edition}.",
        "en": "{kommun} answered part of the questions in {edition}.",
    },
    "profile_summary": {"sv": "I korthet", "en": "In brief"},
    "profile_table": {"sv": "Alla frågor {edition}", "en": "All questions {edition}"},
    "change_better": {"sv": "bättre", "en": "better"},
    "change_worse": {"sv": "sämre", "en": "worse"},
    "change_same": {"sv": "oförändrat", "en": "unchanged"},
    "learn_title": {"sv": "Lär av andra", "en": "Learn from others"},
    "learn_intro": {
        "sv": "Där kommunen inte har det önskade svaret: kommuner i jämförelsegruppen som har det.",
        "en": "Where the municipality lacks the desired answer: municipalities in its peer group that have it.",
    },
    "learn_sample": {
        "sv": "Obs: detta är exempeldata. Namnen nedan bygger på syntetiska svar och säger ingenting om vad kommunerna verkligen gör. Med verkliga svar skulle listan visa vem man kan ringa.",
        "en": "Note: this is sample data. The names below come from synthetic answers and say nothing about what these municipalities really do. With real answers the list would show whom to call.",
    },
    "learn_none_needed": {
        "sv": "Kommunen har det önskade svaret på alla frågor den besvarade.",
        "en": "The municipality has the desired answer on every question it answered.",
    },
    "learn_nobody": {
        "sv": "Ingen i jämförelsegruppen har det önskade svaret.",
        "en": "Nobody in the peer group has the desired answer.",
    },
    "examples_title": {
        "sv": "Goda exempel som rapporterna nämner (publicerade fakta, inte exempeldata)",
        "en": "Good examples the reports name (published facts, not sample data)",
    },
    "kolada_expander": {
        "sv": "Officiell statistik för {kommun} (Kolada)",
        "en": "Official statistics for {kommun} (Kolada)",
    },
    "structure_section": {
        "sv": "Förklarar kommungruppen svaren?",
        "en": "Does the municipality group explain the answers?",
    },
    # share, embed, present
    "share_title": {"sv": "Dela, bädda in och ladda ner", "en": "Share, embed and download"},
    "share_link": {"sv": "Länk till exakt den här vyn", "en": "Link to exactly this view"},
    "share_embed": {"sv": "Bädda in (iframe, 640 × 480)", "en": "Embed (iframe, 640 × 480)"},
    "share_cite": {"sv": "Källhänvisning", "en": "Citation"},
    "share_present": {"sv": "Presentationsläge för den här vyn", "en": "Projector mode for this view"},
    "download_png": {"sv": "Ladda ner PNG", "en": "Download PNG"},
    "download_svg": {"sv": "Ladda ner SVG", "en": "Download SVG"},
    "open_full": {"sv": "Öppna i Barnbarometern", "en": "Open in Barnbarometern"},
    "sample_image_label": {
        "sv": "EXEMPELDATA: syntetiska svar, inte kommunernas verkliga",
        "en": "EXEMPELDATA (sample data): synthetic answers, not the municipalities' real ones",
    },
    "present_prev": {"sv": "◀ Föregående", "en": "◀ Previous"},
    "present_next": {"sv": "Nästa ▶", "en": "Next ▶"},
    "present_of": {"sv": "Vy {i} av {n}", "en": "View {i} of {n}"},
    "present_exit": {"sv": "Avsluta presentationen", "en": "Leave projector mode"},
    # about
    "about_title": {"sv": "Om data", "en": "About the data"},
    "about_questions": {"sv": "Frågorna per upplaga", "en": "The questions per edition"},
    "about_wording_note": {
        "sv": "Frågeformuleringarna är rekonstruerade från rapporternas egna formuleringar; enkäterna själva har inte publicerats.",
        "en": "The question wordings are reconstructed from the reports' own phrasing; the questionnaires themselves were not published.",
    },
    "about_basis_published": {"sv": "siffra publicerad", "en": "figure published"},
    "about_basis_assumed": {"sv": "antagande i exempeldata", "en": "assumption of the sample"},
    "about_figures": {"sv": "Publicerade siffror och deras källor", "en": "Published figures and their sources"},
    "about_method": {"sv": "Hur exempeldata är gjorda", "en": "How the sample data is made"},
    "about_method_body": {
        "sv": "Inga kommuners verkliga svar är offentliga. Exempeldatat skapas av kommandot `python -m barnbaro sample` med ett fast frö ({seed}). Generatorn bestämmer först vilka kommuner som svarar varje år (den som svarade förra året svarar oftare igen), sedan varje kommuns svar utifrån en bestående benägenhet plus slump, så att kurvorna liknar verkliga. Antalet svar av varje slag sätts så att riksandelarna återger varje publicerad siffra (inom ±2 procentenheter; se tabellen). Övriga andelar är antaganden som står i data/sample/targets.yaml. Ingenting är byggt att följa län, stad och land eller politik. Filerna skrivs som en enkätexport med verklighetens röra (namnvarianter, dubbletter, testrader, tomma rader) och går genom samma rensning som verkliga exporter.",
        "en": "No municipality's real answers are public. The sample is made by the command `python -m barnbaro sample` with a fixed seed ({seed}). The generator first decides which municipalities answer each year (one that answered last year is more likely to answer again), then each municipality's answers from a lasting disposition plus chance, so that lines look like real ones. The number of each answer is set so that the national shares reproduce every published figure (within ±2 percentage points; see the table). Other shares are assumptions stated in data/sample/targets.yaml. Nothing is built to follow county, city/countryside or politics. The files are written like a survey export with real-world mess (name variants, duplicates, test rows, blank rows) and go through the same cleaning as real exports.",
    },
    "about_build": {"sv": "Bygg tabellerna från verkliga exporter", "en": "Build the tables from real exports"},
    "about_build_body": {
        "sv": "Den som har de verkliga svaren lägger sina exporter (.xlsx eller .csv, en fil per upplaga, med upplagans år i filnamnet) i en mapp och kör:",
        "en": "Whoever holds the real answers puts the exports (.xlsx or .csv, one file per edition, with the edition's year in the file name) in a folder and runs:",
    },
    "about_build_after": {
        "sv": "Rensningen stoppar och publicerar ingenting om en fil har en okänd rubrik eller ett okänt svar (lägg då till texten i data/codebook/<år>.yaml); rader med okänd kommun, testrader, tomma rader och dubbletter avvisas med skäl i rejected.csv. Kör först med --dry-run för att se allt rensningen skulle göra utan att något skrivs. Exporter från SurveyMonkey, Google Formulär och Microsoft Forms känns igen med en rad layout i kodboken. E-postadresser, namn och IP-adresser tas bort när filen läses. Exempeldata står kvar för varje upplaga vars fil bär generatorns märkning; när ingen gör det visar appen inte längre Exempeldata.",
        "en": "Cleaning stops and publishes nothing if a file has an unknown header or answer (then add the text to data/codebook/<year>.yaml); rows with an unknown municipality, test rows, blank rows and duplicates are rejected with reasons in rejected.csv. Run with --dry-run first to see everything cleaning would do without writing anything. Exports from SurveyMonkey, Google Forms and Microsoft Forms are read with one line, layout, in the codebook. E-mail addresses, names and IP addresses are dropped when the file is read. Exempeldata stays for every edition whose file carries the generator's mark; when none does, the app stops showing Exempeldata.",
    },
    "about_cite": {"sv": "Så citerar du", "en": "How to cite"},
    "about_accounting": {"sv": "Rader i råfilerna", "en": "Rows in the raw files"},
    "col_raw_rows": {"sv": "Råa rader", "en": "Raw rows"},
    "col_file": {"sv": "Fil", "en": "File"},
    "about_responses": {
        "sv": "Svarsantal per upplaga och deras källor",
        "en": "Response counts per edition and their sources",
    },
    "col_used_rows": {"sv": "Använda", "en": "Used"},
    "col_rejected_rows": {"sv": "Avvisade", "en": "Rejected"},
    # which editions are the sample, per row of the accounting (Om data)
    "col_data_kind": {"sv": "Uppgifter", "en": "Data"},
    "data_kind_sample": {"sv": "Exempeldata", "en": "Exempeldata (sample data)"},
    "data_kind_survey": {"sv": "Enkätsvar", "en": "Survey answers"},
    "col_question": {"sv": "Fråga", "en": "Question"},
    "col_basis": {"sv": "Underlag", "en": "Basis"},
    # peer groups from the Kolada cache
    "peer_skr": {"sv": "SKR:s kommungrupp", "en": "SKR municipality group"},
    "peer_rka": {"sv": "Liknande kommuner (RKA)", "en": "Similar municipalities (RKA)"},
    "kolada_peer_skr_label": {
        "sv": "Jämförelsegruppen är SKR:s kommungrupp {group} (kommungruppsindelning {revision}), från Kolada.",
        "en": "The peer group is SKR's municipality group {group} (classification of {revision}), from Kolada.",
    },
    "kolada_peer_rka_label": {
        "sv": "Jämförelsegruppen är RKA:s grupp ”{title}”, från Kolada.",
        "en": "The peer group is RKA's group “{title}”, from Kolada.",
    },
    "kolada_peer_skr_label_test": {
        "sv": "Jämförelsegruppen är kommungruppen {group} ur TESTDATA (inte Kolada; SKR:s indelning {revision} i testdatats form).",
        "en": "The peer group is the municipality group {group} from TEST DATA (not Kolada; in the form of SKR's {revision} classification).",
    },
    "kolada_peer_rka_label_test": {
        "sv": "Jämförelsegruppen är gruppen ”{title}” ur TESTDATA (inte Kolada).",
        "en": "The peer group is the group “{title}” from TEST DATA (not Kolada).",
    },
    "kolada_peer_none": {
        "sv": "Kommunen har ingen sådan grupp i den hämtade Kolada-kopian, så jämförelsegruppen är tom.",
        "en": "The municipality has no such group in the fetched Kolada copy, so the peer group is empty.",
    },
    # Kolada cache
    "kolada_no_cache": {
        "sv": "Uppgifterna från Kolada är inte hämtade här, så de visas inte. Den som driver tjänsten hämtar dem en gång med `{command}` (kräver internet); appen läser sedan bara den lokala kopian i {path}.",
        "en": "The figures from Kolada have not been fetched here, so they are not shown. Whoever runs the service fetches them once with `{command}` (needs internet); the app then reads only the local copy in {path}.",
    },
    "kolada_cache_broken": {
        "sv": "Den lokala kopian av Kolada-uppgifterna i {path} är ofullständig eller ändrad och används inte. Hämta den igen med `{command}`.",
        "en": "The local copy of the Kolada figures in {path} is incomplete or changed and is not used. Fetch it again with `{command}`.",
    },
    "kolada_cache_problems": {"sv": "Vad som är fel", "en": "What is wrong"},
    "kolada_test_warning": {
        "sv": "**Testdata, inte Kolada.** Uppgifterna nedan hämtades från {url}, inte från Koladas API. Siffrorna är påhittade och får inte citeras. Nyckeltalens namn och kommungrupperna kan vara Koladas egna, men värdena och åren som har värden kommer inte från Kolada.",
        "en": "**Test data, not Kolada.** The figures below were fetched from {url}, not from the Kolada API. The figures are made up and must not be cited. The key-figure names and municipality groups may be Kolada's own, but the values and the years that have values do not come from Kolada.",
    },
    "kolada_fetch_notes": {"sv": "Anmärkningar från hämtningen", "en": "Notes from the fetch"},
    "kolada_official_title": {
        "sv": "{kommun}: officiell statistik från Kolada kring upplagan {edition}",
        "en": "{kommun}: official statistics from Kolada around the {edition} edition",
    },
    "kolada_official_title_test": {
        "sv": "{kommun}: TESTDATA (inte Kolada) kring upplagan {edition}",
        "en": "{kommun}: TEST DATA (not Kolada) around the {edition} edition",
    },
    "kolada_col_kpi": {"sv": "Nyckeltal", "en": "Key figure"},
    "kolada_col_id": {"sv": "Id i Kolada", "en": "Kolada id"},
    "kolada_col_value": {"sv": "Värde", "en": "Value"},
    "kolada_col_riket": {"sv": "Riket (Kolada)", "en": "Sweden (Kolada)"},
    "kolada_col_riket_test": {"sv": "Riket (testdata)", "en": "Sweden (test data)"},
    "kolada_col_rank_own": {
        "sv": "Placering bland kommunerna (egen bearbetning)",
        "en": "Position among the municipalities (our processing)",
    },
    "kolada_col_group_median_own": {
        "sv": "Median i SKR-kommungruppen (egen bearbetning)",
        "en": "Median in the SKR municipality group (our processing)",
    },
    "kolada_col_note": {"sv": "Anmärkning", "en": "Note"},
    "kolada_note_nearest_year": {
        "sv": "närmaste år med värde: {year} (upplagan är {edition})",
        "en": "nearest year with a value: {year} (the edition is {edition})",
    },
    "kolada_note_no_value": {
        "sv": "inget värde för kommunen i den hämtade kopian",
        "en": "no value for the municipality in the fetched copy",
    },
    "kolada_note_not_fetched": {
        "sv": "nyckeltalet finns inte i den hämtade kopian",
        "en": "the key figure is not in the fetched copy",
    },
    "kolada_note_gender_K": {
        "sv": "avser kvinnor (nyckeltalet har inget totalvärde)",
        "en": "women only (the key figure has no total)",
    },
    "kolada_note_gender_M": {
        "sv": "avser män (nyckeltalet har inget totalvärde)",
        "en": "men only (the key figure has no total)",
    },
    "kolada_note_status": {"sv": "status i Kolada: {status}", "en": "status in Kolada: {status}"},
    "kolada_own_processing": {
        "sv": "Nyckeltalens namn, värden, år och riket är Koladas egna. Placeringen (1 = högsta värdet, utom för utredningstiden där 1 = den kortaste; inte alltid bäst) och medianen i kommungruppen ({group}) är vår egen bearbetning av samma siffror.",
        "en": "The key figures' names, values, years and the national figure are Kolada's own. The position (1 = the highest value, except for investigation time, where 1 = the shortest; not always the best) and the median of the municipality group ({group}) are our own processing of the same figures.",
    },
    "kolada_own_processing_test": {
        "sv": "Värdena, åren och riket kommer från testdata, inte från Kolada. Placeringen (1 = högsta värdet, utom för utredningstiden där 1 = den kortaste) och medianen i kommungruppen ({group}) är vår egen bearbetning av samma testdata.",
        "en": "The values, years and the national figure come from test data, not from Kolada. The position (1 = the highest value, except for investigation time, where 1 = the shortest) and the median of the municipality group ({group}) are our own processing of the same test data.",
    },
    "kolada_source": {
        "sv": "Källa: Kolada (RKA), hämtat {date}. Placering och median: egen bearbetning, Barnbarometern-utforskaren.",
        "en": "Source: Kolada (RKA), fetched {date}. Position and median: our processing, Barnbarometern explorer.",
    },
    "kolada_source_test": {
        "sv": "Testdata från {url}, hämtade {date}: inte Kolada, får inte citeras.",
        "en": "Test data from {url}, fetched {date}: not Kolada, must not be cited.",
    },
    # ---- Kolada: which copy is shown (the bundled open-numbers snapshot or a fetch) and its citation
    "kolada_source_snapshot": {
        "sv": "Källa: Kolada (RKA), uttag 2024-08 via open-numbers (ddf--kolada--dump, {commit}). Placering och median: egen bearbetning, Barnbarometern-utforskaren.",
        "en": "Source: Kolada (RKA), taken 2024-08 via open-numbers (ddf--kolada--dump, {commit}). Position and median: our processing, Barnbarometern explorer.",
    },
    "structure_groups_source_snapshot": {
        "sv": "Kommungrupper: SKR:s kommungruppsindelning {revision} och RKA:s liknande kommuner, som Koladas API v3 gav dem (inbyggda i appen).",
        "en": "Municipality groups: SKR's {revision} classification and RKA's similar municipalities, as Kolada's API v3 gave them (bundled with the app).",
    },
    "kolada_copy_snapshot": {
        "sv": "Appen visar den inbyggda ögonblicksbilden av Kolada: Koladas egna värden som open-numbers hämtade {scraped} ({repo}, {commit}); senaste år {latest}. En hämtning med `{command}` (kräver internet) ersätter den med aktuella siffror.",
        "en": "The app shows the bundled snapshot of Kolada: Kolada's own values as open-numbers took them on {scraped} ({repo}, {commit}); latest year {latest}. A fetch with `{command}` (needs internet) replaces it with current figures.",
    },
    "kolada_copy_api": {
        "sv": "Appen visar en kopia hämtad från Koladas API {date}.",
        "en": "The app shows a copy fetched from Kolada's API on {date}.",
    },
    "kolada_lacking": {
        "sv": "Saknas i ögonblicksbilden: {figures}. De hämtas med `{command}`.",
        "en": "Not in the snapshot: {figures}. They are fetched with `{command}`.",
    },
    "kolada_lacking_near": {
        "sv": "; närliggande i ögonblicksbilden: {ids}, visade under egna namn",
        "en": "; near it in the snapshot: {ids}, shown under their own titles",
    },
    "kolada_note_not_in_snapshot": {
        "sv": "finns inte i ögonblicksbilden; hämtas med `{command}`",
        "en": "not in the snapshot; fetched with `{command}`",
    },
    "keyfig_near": {
        "sv": "{places} (ögonblicksbilden saknar {ids}; detta närliggande nyckeltal visas under eget namn)",
        "en": "{places} (the snapshot lacks {ids}; this related figure is shown under its own title)",
    },
    "theme_years_none_snapshot": {
        "sv": "Ögonblicksbilden har inte de här nyckeltalen; de hämtas med `{command}`. Enkätens upplagor gäller {survey}.",
        "en": "The snapshot does not hold these key figures; they are fetched with `{command}`. The survey's editions cover {survey}.",
    },
    # ---- end Kolada copy
    # structure check
    "structure_title": {
        "sv": "{indicator}, {edition}: svar per SKR-kommungrupp",
        "en": "{indicator}, {edition}: answers by SKR municipality group",
    },
    "structure_data_shows": {"sv": "Vad data visar", "en": "What the data shows"},
    "structure_groups_source": {
        "sv": "Kommungrupper: SKR:s kommungruppsindelning {revision} i Kolada (RKA), hämtat {date}.",
        "en": "Municipality groups: SKR's {revision} classification in Kolada (RKA), fetched {date}.",
    },
    "structure_col_group": {"sv": "Kommungrupp", "en": "Municipality group"},
    "structure_col_members": {"sv": "Kommuner", "en": "Municipalities"},
    "structure_col_answered": {"sv": "Svarade", "en": "Answered"},
    "structure_col_not_answered": {"sv": "Svarade inte", "en": "Did not answer"},
    "structure_col_desired": {"sv": "Andel med önskat svar", "en": "Share with the desired answer"},
    "structure_no_group": {"sv": "Utan kommungrupp i Kolada-kopian", "en": "No group in the Kolada copy"},
    "structure_stats": {
        "sv": "Egen bearbetning: chi-två = {chi2}, permutations-p {p}, Cramérs V = {v} (0 = inget samband, 1 = gruppen avgör svaret helt); {n:kommun|kommuner} i {groups:grupp|grupper}.",
        "en": "Our processing: chi-square = {chi2}, permutation p {p}, Cramér's V = {v} (0 = no association, 1 = the group decides the answer entirely); {n:municipality|municipalities} in {groups:group|groups}.",
    },
    "structure_association": {
        "sv": "I {edition} skiljer sig svaren om {topic} mellan SKR:s kommungrupper mer än en slumpvis omfördelning av samma svar brukar ge (p {p}, Cramérs V = {v}, {n:kommun|kommuner}). Det är ett samband i de här svaren, inte ett bevis för att kommungruppen är orsaken.",
        "en": "In {edition} the answers on {topic} differ between SKR's municipality groups more than a random reshuffle of the same answers usually does (p {p}, Cramér's V = {v}, {n:municipality|municipalities}). That is an association in these answers, not proof that the group is the cause.",
    },
    "structure_no_evidence": {
        "sv": "I {edition} visar svaren om {topic} inget säkerställt samband med SKR:s kommungrupp (p {p}, Cramérs V = {v}, {n:kommun|kommuner}): skillnaderna mellan grupperna är av en storlek som slumpen ofta ger. Det bevisar inte att strukturen saknar betydelse; ett svagt samband kan gå oupptäckt med så här många kommuner.",
        "en": "In {edition} the answers on {topic} show no established association with SKR's municipality group (p {p}, Cramér's V = {v}, {n:municipality|municipalities}): the differences between the groups are of a size chance often gives. That does not prove structure is irrelevant; a weak association can go undetected with this many municipalities.",
    },
    "structure_not_testable": {
        "sv": "Det går inte att pröva ett samband här: {n:kommun|kommuner} med ett rangordnat svar i {groups:kommungrupp|kommungrupper} räcker inte (det behövs minst två grupper och två olika svar).",
        "en": "An association cannot be tested here: {n:municipality|municipalities} with a ranked answer in {groups:municipality group|municipality groups} is not enough (it takes at least two groups and two different answers).",
    },
    "structure_reports": {
        "sv": "Vad rapporterna sade: ”skillnaderna förklaras inte av strukturella faktorer som storstad/glesbygd”. Det gällde de verkliga svaren, som aldrig publicerades per kommun.",
        "en": "What the reports said: “the differences are not explained by structural factors such as city/countryside” (in Swedish: ”skillnaderna förklaras inte av strukturella faktorer som storstad/glesbygd”). That was about the real answers, never published per municipality.",
    },
    "structure_sample_note": {
        "sv": "Obs: det här är exempeldata, och de är byggda utan något sådant mönster: varje kommuns svar dras oberoende av allt som är känt om kommunen, kommungruppen också. Ett samband här vore alltså slump; på 5-procentsnivån väntas ungefär vart tjugonde test visa ett.",
        "en": "Note: this is sample data, built without any such pattern: each municipality's answers are drawn independently of everything known about it, its municipality group included. An association here would be chance; at the 5 % level about one test in twenty is expected to show one.",
    },
    "structure_groups_test": {
        "sv": "Kommungrupperna kommer från testdata, inte från SKR:s indelning i Kolada; resultatet säger ingenting om verkligheten.",
        "en": "The municipality groups come from test data, not from SKR's classification in Kolada; the result says nothing about reality.",
    },
    "structure_groups_dated": {
        "sv": "SKR:s kommungruppsindelning {revision} används på svaren från {edition}; en del kommuner kan ha hört till en annan grupp då.",
        "en": "SKR's {revision} classification is applied to the answers from {edition}; some municipalities may have belonged to another group then.",
    },
    "structure_small_cells": {
        "sv": "{k} av {cells} celler har färre än {min} väntade svar; därför bygger p-värdet på slumpvisa omfördelningar av svaren, inte på chi-två-fördelningen.",
        "en": "{k} of {cells} cells have fewer than {min} expected answers; that is why the p-value comes from random reshuffles of the answers, not from the chi-square distribution.",
    },
    "structure_method": {
        "sv": "Metod (egen bearbetning): chi-två-statistiken för tabellen kommungrupp × svar, bland kommuner som gav ett rangordnat svar (”vet ej” och uteblivna svar räknas inte). p-värdet är andelen av {perms} slumpvisa omfördelningar av svaren mellan kommunerna (fast frö {seed}, samma resultat varje gång) som ger minst lika stor statistik.",
        "en": "Method (our processing): the chi-square statistic of the table municipality group × answer, among municipalities that gave a ranked answer (“don't know” and missing answers do not count). The p-value is the share of {perms} random reshuffles of the answers between the municipalities (fixed seed {seed}, the same result every time) that give a statistic at least as large.",
    },
    # Kolada: SKR groups by title, latest years, the survey's themes beside Kolada's figures, Om data
    "kolada_skr_missing": {
        "sv": "SKR:s kommungrupper saknas i den hämtade Kolada-kopian (Kolada gav inte de nio grupperna med varje kommun i exakt en av dem; se anmärkningarna från hämtningen). Jämförelsen med SKR:s kommungrupp och strukturkontrollen visas därför inte; övriga nyckeltal gäller som vanligt.",
        "en": "SKR's municipality groups are missing from the fetched Kolada copy (Kolada did not give the nine groups with every municipality in exactly one of them; see the notes from the fetch). The comparison with SKR's municipality group and the structure check are therefore not shown; the other key figures are unaffected.",
    },
    "kolada_col_year_nearest": {"sv": "År närmast upplagan", "en": "Year nearest the edition"},
    "kolada_col_latest_year": {"sv": "Senaste år", "en": "Latest year"},
    "kolada_col_latest_value": {"sv": "Värde senaste år", "en": "Value latest year"},
    "theme_section": {
        "sv": "Officiell statistik om samma ämne (Kolada)",
        "en": "Official statistics on the same subject (Kolada)",
    },
    "theme_section_intro": {
        "sv": "Per fråga: Koladas nyckeltal om samma ämne för kommunen, bredvid frågan men inte jämförda med svaret.",
        "en": "Per question: Kolada's key figures on the same subject for the municipality, beside the question but not compared with the answer.",
    },
    "theme_heading": {
        "sv": "{question}: officiell statistik om samma ämne för {kommun} (Kolada)",
        "en": "{question}: official statistics on the same subject for {kommun} (Kolada)",
    },
    "theme_heading_test": {
        "sv": "{question}: TESTDATA om samma ämne för {kommun} (inte Kolada)",
        "en": "{question}: TEST DATA on the same subject for {kommun} (not Kolada)",
    },
    "theme_and": {"sv": " och ", "en": " and "},
    "theme_prefix": {
        "sv": "Nyckeltalens namn i Kolada börjar med ”{prefix}”.",
        "en": "The key figures' names in Kolada begin with “{prefix}”.",
    },
    "theme_none_for_question": {
        "sv": "Kolada har inget nyckeltal om samma ämne som den här frågan.",
        "en": "Kolada has no key figure on the same subject as this question.",
    },
    "theme_col_rank": {"sv": "Placering (egen bearbetning)", "en": "Position (our processing)"},
    "theme_col_rank_latest": {
        "sv": "Placering senaste år (egen bearbetning)",
        "en": "Position latest year (our processing)",
    },
    "theme_col_better": {"sv": "Bättre är", "en": "Better is"},
    "theme_rank": {"sv": "{pos} av {n} ({order})", "en": "{pos} of {n} ({order})"},
    "theme_rank_descending": {"sv": "1 = högst", "en": "1 = highest"},
    "theme_rank_ascending": {"sv": "1 = lägst", "en": "1 = lowest"},
    "theme_better_higher": {
        "sv": "högre: andelen som {basis} (Koladas beskrivning)",
        "en": "higher: the share who “{basis}” (Kolada's description)",
    },
    "theme_better_lower": {
        "sv": "lägre: {basis} (Koladas beskrivning)",
        "en": "lower: “{basis}” (Kolada's description)",
    },
    "theme_better_none": {"sv": "anges inte av Kolada", "en": "not stated by Kolada"},
    "theme_years_none": {
        "sv": "Nyckeltalen har inga värden i den hämtade kopian. Enkätens upplagor gäller {survey}.",
        "en": "The key figures have no values in the fetched copy. The survey's editions cover {survey}.",
    },
    "theme_years_no_overlap": {
        "sv": "Nyckeltalen finns för {span}; enkätens upplagor gäller {survey}. Åren överlappar inte, så siffrorna beskriver en annan tid än enkätsvaren.",
        "en": "The key figures exist for {span}; the survey's editions cover {survey}. The years do not overlap, so the figures describe another time than the survey answers.",
    },
    "theme_years_overlap": {
        "sv": "Nyckeltalen finns för {span}; enkätens upplagor gäller {survey} (gemensamma år: {overlap}).",
        "en": "The key figures exist for {span}; the survey's editions cover {survey} (years in common: {overlap}).",
    },
    "theme_beside_sample": {
        "sv": "Siffrorna står bredvid frågan, inte jämförda med kommunens svar: enkätsvaren i appen är exempeldata (syntetiska), Koladas nyckeltal är officiell statistik. Inget av det ena säger något om det andra.",
        "en": "The figures stand beside the question, not compared with the municipality's answer: the survey answers in the app are sample data (synthetic), Kolada's key figures are official statistics. Neither says anything about the other.",
    },
    "theme_beside_survey": {
        "sv": "Siffrorna står bredvid frågan, inte jämförda med kommunens svar: de mäter inte samma sak och ofta inte samma år.",
        "en": "The figures stand beside the question, not compared with the municipality's answer: they do not measure the same thing, and often not the same year.",
    },
    "theme_own_processing": {
        "sv": "Nyckeltalens namn, värden och år är Koladas egna. Placeringen bland kommunerna som har ett värde det året (av n) är vår egen bearbetning.",
        "en": "The key figures' names, values and years are Kolada's own. The position among the municipalities with a value that year (of n) is our own processing.",
    },
    "theme_own_processing_test": {
        "sv": "Värdena och åren kommer från testdata, inte från Kolada. Placeringen bland kommunerna som har ett värde det året (av n) är vår egen bearbetning av testdatat.",
        "en": "The values and years come from test data, not from Kolada. The position among the municipalities with a value that year (of n) is our own processing of the test data.",
    },
    "keyfig_title": {"sv": "Nyckeltal från Kolada", "en": "Key figures from Kolada"},
    "keyfig_intro": {
        "sv": "De nyckeltal från Kolada (RKA) som appen visar, med Koladas egen beskrivning och de år som den hämtade kopian har värden för. Kolada kan revidera siffror i efterhand; appen visar kopian som den var när den hämtades ({date}). Hämta igen med `{command}` för de senaste siffrorna.",
        "en": "The key figures from Kolada (RKA) that the app shows, with Kolada's own description and the years the fetched copy has values for. Kolada may revise figures afterwards; the app shows the copy as it was when fetched ({date}). Fetch again with `{command}` for the latest figures.",
    },
    "keyfig_intro_none": {
        "sv": "De nyckeltal från Kolada (RKA) som appen visar när en kopia är hämtad. Beskrivningar och år kommer med kopian (`{command}`). Kolada kan revidera siffror i efterhand.",
        "en": "The key figures from Kolada (RKA) that the app shows once a copy is fetched. Descriptions and years come with the copy (`{command}`). Kolada may revise figures afterwards.",
    },
    "keyfig_col_description": {"sv": "Beskrivning (Kolada)", "en": "Description (Kolada)"},
    "keyfig_col_years": {"sv": "År med värden", "en": "Years with values"},
    "keyfig_col_beside": {"sv": "Visas vid frågan", "en": "Shown beside the question"},
    "keyfig_facts": {
        "sv": "År med värden: {years}; senaste: {latest}. Visas vid: {beside}.",
        "en": "Years with values: {years}; latest: {latest}. Shown beside: {beside}.",
    },
    "keyfig_not_shown": {"sv": "ingen sida ännu (hämtas för senare bruk)", "en": "no page yet (fetched for later use)"},
    "keyfig_in_profile": {
        "sv": "tabellen med officiell statistik (Kommunprofil, Rangordning)",
        "en": "the table of official statistics (Kommunprofil, Rangordning)",
    },
    # press kit (python -m barnbaro presskit): static pages, plain text only (escaped there)
    "presskit_refuse_sample": {
        "sv": "Uppgifterna är exempeldata: syntetiska svar, inte kommunernas verkliga. Pressmaterial av exempeldata kan misstas för verkliga siffror, så inget skrevs. Kör med --allow-sample om du ändå vill ha det; då står Exempeldata på varje sida, i varje bild och i varje CSV.",
        "en": "The data is sample data (Exempeldata): synthetic answers, not the municipalities' real ones. A press kit of sample data can be mistaken for real figures, so nothing was written. Run with --allow-sample if you want it anyway; every page, image and CSV then says Exempeldata.",
    },
    "presskit_sample_note": {
        "sv": "Kommunernas verkliga svar är inte offentliga. Siffrorna här är syntetiska svar från en slumpgenerator (frö {seed}), kalibrerade mot de publicerade riksandelarna. Ingen siffra per kommun är verklig.",
        "en": "The municipalities' real answers are not public. These figures are synthetic answers from a seeded generator (seed {seed}), calibrated to the published national shares. No figure for a municipality is real.",
    },
    "presskit_title": {"sv": "{kommun} i Barnbarometern {edition}", "en": "{kommun} in Barnbarometern {edition}"},
    "presskit_answered_all": {
        "sv": "{kommun} svarade på alla frågor i Barnbarometern {edition}.",
        "en": "{kommun} answered every question of Barnbarometern {edition}.",
    },
    "presskit_rank_title": {"sv": "{kommun}: {indicator}, {edition}", "en": "{kommun}: {indicator}, {edition}"},
    "presskit_dist_alt": {
        "sv": "Andel av de {n} kommuner som svarade: {shares}.",
        "en": "Share of the {n} municipalities that answered: {shares}.",
    },
    "presskit_dist_alt_one": {
        "sv": "Svaret från den enda kommun som svarade: {shares}.",
        "en": "The answer of the only municipality that answered: {shares}.",
    },
    "presskit_dist_alt_zero": {"sv": "Ingen kommun svarade.", "en": "No municipality answered."},
    "presskit_positions": {"sv": "Placering per fråga {edition}", "en": "Position per question {edition}"},
    "presskit_numbers": {"sv": "Siffrorna {edition}", "en": "The numbers {edition}"},
    "presskit_numbers_caption": {
        "sv": "Placering bland kommunerna som svarade. Riket och {lan}: andel med önskat svar (antal av dem som svarade).",
        "en": "Position among the municipalities that answered. Sweden and {lan}: share with the desired answer (count of those who answered).",
    },
    "presskit_csv_one": {"sv": "Siffrorna som CSV", "en": "The numbers as CSV"},
    "presskit_csv_all": {"sv": "Alla kommuners siffror som CSV", "en": "All municipalities' numbers as CSV"},
    "presskit_trend_heading": {"sv": "Svaren över tid", "en": "The answers over time"},
    "presskit_trend_title": {"sv": "{kommun}: svaren {editions}", "en": "{kommun}: answers {editions}"},
    "presskit_trend_caption": {
        "sv": "En ruta per fråga och upplaga med kommunens svar. Samma uppgifter står i tabellen.",
        "en": "One cell per question and edition with the municipality's answer. The table holds the same information.",
    },
    "presskit_trend_alt": {
        "sv": "Rutnät med svaren från {kommun} per fråga och upplaga; samma uppgifter står i tabellen under bilden.",
        "en": "Grid of the answers from {kommun} per question and edition; the table below the image holds the same information.",
    },
    "presskit_cell_desired": {"sv": "Önskat svar", "en": "Desired answer"},
    "presskit_cell_middle": {"sv": "Annat svar", "en": "Other answer"},
    "presskit_cell_worst": {"sv": "Svaret längst från det önskade", "en": "Answer furthest from the desired one"},
    "presskit_cell_dont_know": {"sv": "Vet ej", "en": "Don't know"},
    "presskit_cell_none": {"sv": "Svarade inte", "en": "Did not answer"},
    "presskit_cell_not_asked": {"sv": "Frågan ställdes inte", "en": "Question not asked"},
    "presskit_status_all": {"sv": "Svarade på alla frågor", "en": "Answered every question"},
    "presskit_status_part": {"sv": "Svarade på en del av frågorna", "en": "Answered part of the questions"},
    "presskit_status_none": {"sv": "Svarade inte", "en": "Did not answer"},
    "presskit_col_status": {"sv": "Svar {edition}", "en": "Answered {edition}"},
    "presskit_map_heading": {"sv": "På kartan", "en": "On the map"},
    "presskit_map_title": {"sv": "{kommun}, {lan}", "en": "{kommun}, {lan}"},
    "presskit_map_alt": {
        "sv": "Karta över Sveriges kommuner där {kommun} är markerad. {status} Färgerna visar vilka som svarade {edition}: {all:kommun|kommuner} på alla frågor, {part} på en del av dem, {none} inte alls.",
        "en": "Map of Sweden's municipalities with {kommun} marked. {status} The colours show who answered in {edition}: {all:municipality|municipalities} every question, {part} part of them, {none} not at all.",
    },
    "presskit_back": {"sv": "← Alla kommuner", "en": "← All municipalities"},
    "presskit_index_title": {
        "sv": "Barnbarometern {edition}: pressmaterial per kommun",
        "en": "Barnbarometern {edition}: press kit per municipality",
    },
    "presskit_index_intro": {
        "sv": "{n:kommun|kommuner}. {all} svarade på alla frågor {edition}, {part} på en del av dem och {none} svarade inte. Varje kommun har en sida med diagram, siffrorna och länkar som öppnar samma vy i Barnbarometern.",
        "en": "{n:municipality|municipalities}. In {edition}, {all} answered every question, {part} part of them and {none} did not answer. Each municipality has a page with charts, the numbers, and links that open the same view in Barnbarometern.",
    },
    "presskit_generated": {
        "sv": "Skapad {date} med python -m barnbaro presskit.",
        "en": "Made {date} with python -m barnbaro presskit.",
    },
    # ------------------------------------------------------------ start page, profile chart, sentences
    # Sentences about a municipality: one subject per sentence, its own answer first, the desired
    # answer named as such. A key with the suffix _one or _zero is used instead of its base key
    # when t() gets n=1 or n=0 (see t below); "{n:kommun|kommuner}" writes "1 kommun", "2 kommuner".
    "tab_title": {"sv": "{view} – Barnbarometern", "en": "{view} – Barnbarometern"},
    "profile_tab_none": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "start_search": {"sv": "Hur ser det ut i din kommun?", "en": "How is your municipality doing?"},
    "start_search_help": {
        "sv": "Skriv kommunens namn eller kod. Profilen öppnas för den senaste upplagan kommunen svarade på.",
        "en": "Type the municipality's name or code. The profile opens on the latest edition the municipality answered.",
    },
    "start_search_placeholder": {
        "sv": "Sök kommun, till exempel Eskilstuna",
        "en": "Search a municipality, for example Eskilstuna",
    },
    "start_national": {"sv": "Riket över tid", "en": "Sweden over time"},
    "start_national_caption": {
        "sv": "Andelen kommuner med det önskade svaret, per fråga och upplaga. Linjen är data i appen, romberna är de publicerade riksandelarna.",
        "en": "The share of municipalities with the desired answer, per question and edition. The line is the app's data; the diamonds are the published national shares.",
    },
    "start_national_caption_sample": {
        "sv": "Andelen kommuner med det önskade svaret, per fråga och upplaga. Linjen är exempeldata (kalibrerade mot de publicerade siffrorna), romberna är de publicerade riksandelarna.",
        "en": "The share of municipalities with the desired answer, per question and edition. The line is sample data (Exempeldata, calibrated to the published figures); the diamonds are the published national shares.",
    },
    "start_small_subtitle": {"sv": "Önskat svar: {desired}", "en": "Desired answer: {desired}"},
    "start_series_data": {"sv": "Riket (data)", "en": "Sweden (data)"},
    "start_series_sample": {"sv": "Riket (exempeldata)", "en": "Sweden (sample data)"},
    "start_participation": {"sv": "Deltagande per upplaga", "en": "Participation per edition"},
    "start_part_all": {"sv": "Svarade på alla frågor", "en": "Answered every question"},
    "start_part_part": {"sv": "Svarade på en del av frågorna", "en": "Answered part of the questions"},
    "start_participation_caption": {
        "sv": "Svarande kommuner per upplaga. Romberna är de publicerade svarsantalen; för 2013 och 2014 publicerades inga, och exempeldata antar 160 och 150.",
        "en": "Municipalities answering per edition. The diamonds are the published response counts; none were published for 2013 and 2014, and the sample assumes 160 and 150.",
    },
    "start_tables": {
        "sv": "Tabeller: publicerade siffror och vad data visar, svar per upplaga",
        "en": "Tables: published figures and what the data shows, responses per edition",
    },
    "start_about": {"sv": "Om Barnbarometern", "en": "About Barnbarometern"},
    "profile_chart_title": {
        "sv": "{kommun} jämfört med riket och länet, {edition}",
        "en": "{kommun} compared with Sweden and the county, {edition}",
    },
    "profile_chart_caption": {
        "sv": "En rad per fråga. Raden börjar med kommunens eget svar. Punkterna visar andelen med det önskade svaret i riket, i länet och i jämförelsegruppen; kommunen själv räknas med i riket och i länet.",
        "en": "One row per question. Each row starts with the municipality's own answer. The dots show the share with the desired answer in Sweden, in the county and in the peer group; the municipality itself counts in Sweden and in the county.",
    },
    "presskit_profile_heading": {"sv": "Profilen {edition}", "en": "The profile, {edition}"},
    "presskit_profile_alt": {
        "sv": "Profilen för {kommun} {edition}: en rad per fråga med kommunens svar, och andelen med det önskade svaret i riket och i {lan}. Samma uppgifter står i tabellen.",
        "en": "The profile of {kommun}, {edition}: a row per question with the municipality's answer, and the share with the desired answer in Sweden and in {lan}. The table holds the same information.",
    },
    "chart_desc_profile": {
        "sv": "Punktdiagram, en rad per fråga med andelen med önskat svar: {rows}.",
        "en": "Dot chart, a row per question with the share with the desired answer: {rows}.",
    },
    "chart_desc_national": {
        "sv": "Linjediagram, andel i riket med önskat svar ({desired}) per upplaga: {points}.",
        "en": "Line chart, share in Sweden with the desired answer ({desired}) per edition: {points}.",
    },
    "chart_desc_participation": {
        "sv": "Stapeldiagram, svarande kommuner per upplaga: {points}.",
        "en": "Bar chart, municipalities answering per edition: {points}.",
    },
    "profile_axis": {"sv": "Andel med önskat svar", "en": "Share with the desired answer"},
    "profile_mine_desired": {"sv": "{kommun}: {answer} (önskat svar)", "en": "{kommun}: {answer} (desired answer)"},
    "profile_mine_other": {
        "sv": "{kommun}: {answer} (önskat: {desired})",
        "en": "{kommun}: {answer} (desired: {desired})",
    },
    "profile_mine_none": {"sv": "{kommun}: svarade inte", "en": "{kommun}: did not answer"},
    "profile_peer_series": {"sv": "Jämförelsegruppen ({n})", "en": "Peer group ({n})"},
    "profile_ref_tip": {"sv": "{share} ({k} av {n})", "en": "{share} ({k} of {n})"},
    "sentence_answer": {
        "sv": "{kommun} svarade ”{answer}” på frågan om {topic}.",
        "en": "{kommun} answered “{answer}” to the question on {topic}.",
    },
    "sentence_answer_desired": {
        "sv": "{kommun} gav det önskade svaret, ”{answer}”, på frågan om {topic}.",
        "en": "{kommun} gave the desired answer, “{answer}”, to the question on {topic}.",
    },
    "sentence_desired_is": {"sv": "Det önskade svaret är ”{desired}”.", "en": "The desired answer is “{desired}”."},
    "sentence_dont_know": {
        "sv": "{kommun} svarade ”{answer}” på frågan om {topic} och får därför ingen placering.",
        "en": "{kommun} answered “{answer}” to the question on {topic} and so takes no position.",
    },
    "sentence_no_answer": {
        "sv": "{kommun} besvarade inte frågan om {topic}.",
        "en": "{kommun} did not answer the question on {topic}.",
    },
    "sentence_not_asked": {
        "sv": "Frågan om {topic} ställdes inte {edition}.",
        "en": "The question on {topic} was not asked in {edition}.",
    },
    "sentence_asked_in": {"sv": "Den ställdes {editions}.", "en": "It was asked in {editions}."},
    "sentence_riket": {
        "sv": "I riket gav {share} av de {n} kommuner som besvarade frågan samma svar.",
        "en": "Nationally, {share} of the {n} municipalities that answered the question gave the same answer.",
    },
    "sentence_riket_one": {
        "sv": "{kommun} var den enda kommunen i riket som besvarade frågan.",
        "en": "{kommun} was the only municipality in Sweden that answered the question.",
    },
    "sentence_lan": {
        "sv": "I {lan} gav {k} av de {n} kommuner som besvarade frågan det önskade svaret.",
        "en": "In {lan}, {k} of the {n} municipalities that answered the question gave the desired answer.",
    },
    "sentence_lan_none": {
        "sv": "I {lan} gav ingen av de {n} kommuner som besvarade frågan det önskade svaret.",
        "en": "In {lan}, none of the {n} municipalities that answered the question gave the desired answer.",
    },
    "sentence_lan_all": {
        "sv": "I {lan} gav alla {n} kommuner som besvarade frågan det önskade svaret.",
        "en": "In {lan}, all {n} municipalities that answered the question gave the desired answer.",
    },
    "sentence_lan_both": {
        "sv": "I {lan} gav båda kommunerna som besvarade frågan det önskade svaret.",
        "en": "In {lan}, both municipalities that answered the question gave the desired answer.",
    },
    "sentence_lan_one": {
        "sv": "{kommun} var den enda kommunen i {lan} som besvarade frågan.",
        "en": "{kommun} was the only municipality in {lan} that answered the question.",
    },
    "sentence_better": {
        "sv": "Svaret är bättre än {prev}, då det var ”{before}”.",
        "en": "The answer is better than in {prev}, when it was “{before}”.",
    },
    "sentence_worse": {
        "sv": "Svaret är sämre än {prev}, då det var ”{before}”.",
        "en": "The answer is worse than in {prev}, when it was “{before}”.",
    },
    "sentence_same": {"sv": "Svaret är detsamma som {prev}.", "en": "The answer is the same as in {prev}."},
    "and": {"sv": "och", "en": "and"},
    # a municipality that did not answer the chosen edition
    "absent_all": {
        "sv": "{kommun} svarade på alla frågor {editions}.",
        "en": "{kommun} answered every question in {editions}.",
    },
    "absent_part": {
        "sv": "{kommun} svarade på en del av frågorna {editions}.",
        "en": "{kommun} answered part of the questions in {editions}.",
    },
    "absent_never": {
        "sv": "{kommun} svarade inte på någon av upplagorna {editions}.",
        "en": "{kommun} did not answer any of the editions {editions}.",
    },
    "absent_latest": {"sv": "Visa profilen för {kommun} {edition}", "en": "Show the profile of {kommun} for {edition}"},
    "absent_peers": {"sv": "Jämförelsegruppen {edition}", "en": "The peer group in {edition}"},
    "absent_peers_empty": {"sv": "Jämförelsegruppen har inga kommuner.", "en": "The peer group has no municipalities."},
    "absent_peers_some": {
        "sv": "I jämförelsegruppen svarade {k} av {n:kommun|kommuner} {edition}: {names}.",
        "en": "In the peer group, {k} of {n:municipality|municipalities} answered in {edition}: {names}.",
    },
    "absent_peers_all": {
        "sv": "Alla {n} kommuner i jämförelsegruppen svarade {edition}: {names}.",
        "en": "All {n} municipalities in the peer group answered in {edition}: {names}.",
    },
    "absent_peers_both": {
        "sv": "Båda kommunerna i jämförelsegruppen svarade {edition}: {names}.",
        "en": "Both municipalities in the peer group answered in {edition}: {names}.",
    },
    "absent_peers_only": {
        "sv": "Den enda kommunen i jämförelsegruppen, {names}, svarade {edition}.",
        "en": "The only municipality in the peer group, {names}, answered in {edition}.",
    },
    "absent_peers_only_not": {
        "sv": "Den enda kommunen i jämförelsegruppen, {names}, svarade inte heller {edition}.",
        "en": "The only municipality in the peer group, {names}, did not answer in {edition} either.",
    },
    "absent_peers_none": {
        "sv": "Ingen av de {n} kommunerna i jämförelsegruppen svarade {edition}.",
        "en": "None of the {n} municipalities in the peer group answered in {edition}.",
    },
    "absent_chart_caption": {
        "sv": "{kommun} svarade inte {edition}. Punkterna visar andelen med det önskade svaret i riket, i länet och i jämförelsegruppen.",
        "en": "{kommun} did not answer in {edition}. The dots show the share with the desired answer in Sweden, in the county and in the peer group.",
    },
    "absent_chart_caption_lan": {
        "sv": "{kommun} svarade inte {edition}. Punkterna visar andelen med det önskade svaret i riket och i länet.",
        "en": "{kommun} did not answer in {edition}. The dots show the share with the desired answer in Sweden and in the county.",
    },
    "profile_chart_caption_lan": {
        "sv": "En rad per fråga. Raden börjar med kommunens eget svar. Punkterna visar andelen med det önskade svaret i riket och i länet; kommunen själv räknas med.",
        "en": "One row per question. Each row starts with the municipality's own answer. The dots show the share with the desired answer in Sweden and in the county; the municipality itself counts.",
    },
}


class _Formatter(string.Formatter):
    """str.format with one addition: "{n:kommun|kommuner}" writes the number and the noun in
    agreement with it ("1 kommun", "2 kommuner", "0 kommuner")."""

    def format_field(self, value, format_spec):
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return f"{value} {one if _is_one(value) else many}"
        return super().format_field(value, format_spec)


def _is_one(value) -> bool:
    try:
        return int(value) == 1 and float(value) == 1.0
    except (TypeError, ValueError):
        return False


_FORMATTER = _Formatter()


def t(key: str, lang: str = DEFAULT_LANG, /, **kw) -> str:
    """The string `key` in `lang`, formatted with kw. When kw has n == 1 (n == 0) and the key
    has a variant `key_one` (`key_zero`), the variant is used: "den enda kommunen som ..."
    instead of "en av 1 kommuner som ..."."""
    if "n" in kw:
        n = kw["n"]
        variant = f"{key}_one" if _is_one(n) else f"{key}_zero" if _is_zero(n) else None
        if variant in STRINGS:
            key = variant
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return _FORMATTER.format(text, **kw) if kw else text


def _is_zero(value) -> bool:
    try:
        return float(value) == 0.0
    except (TypeError, ValueError):
        return False


def count(n: int, lang: str, one: str = "kommun", many: str = "kommuner") -> str:
    """A number with its noun in agreement: "1 kommun", "2 kommuner" (English: municipality)."""
    if lang == "en" and (one, many) == ("kommun", "kommuner"):
        one, many = "municipality", "municipalities"
    return f"{n} {one if _is_one(n) else many}"


def join_words(items: list[str], lang: str) -> str:
    """ "A", "A och B", "A, B och C" (English: "A, B and C")."""
    items = [str(x) for x in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]


def norm_lang(lang: object) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def fmt_pct(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """Per cent (0-100 scale) as users expect it: '37 %' in Swedish, '37%' in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0 %" if decimals == 0 else "#,##0." + "0" * decimals + " %"
    if lang == "en":
        pattern = pattern.replace(" %", "%")
    text = format_percent(value / 100.0, format=pattern, locale=LOCALE[norm_lang(lang)])
    return text.replace(" %", "\u00a0%")


def fmt_num(value: float | None, lang: str = DEFAULT_LANG) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_decimal(value, locale=LOCALE[norm_lang(lang)])


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$&=")


def md_escape(text: object) -> str:
    """Text from outside (a URL value, a file) made inert for Streamlit markdown."""
    flat = " ".join(str(text).split())  # no newlines: a value can never start a heading or a list
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in flat)


_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "ü": "y"})


def sv_key(text: str) -> str:
    """A sort key in Swedish alphabetical order (… z, å, ä, ö), case-insensitive."""
    return str(text).casefold().translate(_SV_ORDER)
