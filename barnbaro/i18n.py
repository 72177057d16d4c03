"""Interface strings in Swedish (first) and English, and number formatting per language.

Every key exists in both languages (a test checks it). Strings use str.format placeholders.
Never put user or URL text into a string that is rendered as HTML: these go through
Streamlit's markdown, which escapes HTML.
"""
from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"
LOCALE = {"sv": "sv_SE", "en": "en_GB"}

STRINGS: dict[str, dict[str, str]] = {
    # frame
    "app_title": {"sv": "Barnbarometern", "en": "Barnbarometern"},
    "app_tagline": {"sv": "Hur Sveriges kommuner arbetar med barn i utsatta situationer, 2013–2018",
                    "en": "How Sweden's municipalities work with children in vulnerable situations, 2013–2018"},
    "sample_banner": {"sv": "**Exempeldata.** Kommunernas verkliga svar är inte offentliga. Det du ser är syntetiska svar från en slumpgenerator (frö {seed}), kalibrerade mot de publicerade riksandelarna. Inga siffror per kommun är verkliga.",
                      "en": "**Exempeldata (sample data).** The municipalities' real answers are not public. What you see are synthetic answers from a seeded generator (seed {seed}), calibrated to the published national shares. No figure for a municipality is real."},
    "sample_short": {"sv": "Exempeldata", "en": "Exempeldata (sample data)"},
    "survey_note": {"sv": "Enkätdata byggd {built}.", "en": "Survey data built {built}."},
    "language": {"sv": "Språk", "en": "Language"},
    "nav_overview": {"sv": "Översikt", "en": "Overview"},
    "nav_ranking": {"sv": "Rangordning", "en": "Ranking"},
    "nav_trends": {"sv": "Utveckling", "en": "Trends"},
    "nav_map": {"sv": "Karta", "en": "Map"},
    "nav_profile": {"sv": "Kommunprofil", "en": "Municipality profile"},
    "nav_about": {"sv": "Om data", "en": "About the data"},
    "source_line": {"sv": "Källa: Barnbarometern {edition}, {publisher}; bearbetning: Barnbarometern-utforskaren.",
                    "en": "Source: Barnbarometern {edition}, {publisher}; processing: Barnbarometern explorer."},
    "source_line_sample": {"sv": "Exempeldata (syntetiska svar, frö {seed}), kalibrerade mot Barnbarometern {edition}, {publisher}.",
                           "en": "Sample data (synthetic answers, seed {seed}), calibrated to Barnbarometern {edition}, {publisher}."},
    "publisher_humana": {"sv": "Humana", "en": "Humana"},
    "publisher_humana_rb": {"sv": "Humana och Rädda Barnen", "en": "Humana and Rädda Barnen"},
    "data_error_title": {"sv": "Uppgifterna kunde inte läsas in", "en": "The data could not be loaded"},
    "data_error_body": {"sv": "Tabellerna i {path} saknas eller klarade inte kontrollen, så appen visar ingenting hellre än fel siffror. Den som driver tjänsten kan bygga om dem med `python -m barnbaro clean` och kontrollera med `python -m barnbaro check`.",
                        "en": "The tables in {path} are missing or failed validation, so the app shows nothing rather than wrong figures. Whoever runs the service can rebuild them with `python -m barnbaro clean` and verify with `python -m barnbaro check`."},
    "data_error_details": {"sv": "Vad som är fel", "en": "What is wrong"},
    # selection
    "pick_kommun": {"sv": "Kommuner", "en": "Municipalities"},
    "pick_kommun_help": {"sv": "Sök på namn eller kommunkod. Den första är den du jämför utifrån.",
                         "en": "Search by name or code. The first is the one you compare from."},
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
    "peer_none_selected": {"sv": "Välj en kommun för att få en jämförelsegrupp.", "en": "Choose a municipality to get a peer group."},
    "peer_described": {"sv": "Jämförelsegrupp: {kind} till {kommun} ({n} kommuner).", "en": "Peer group: {kind} of {kommun} ({n} municipalities)."},
    "choose_kommun_prompt": {"sv": "Välj en kommun i listan.", "en": "Choose a municipality in the list."},
    # url messages
    "url_unknown_kommun": {"sv": "Länken innehöll en okänd kommunkod som inte används: {value}.", "en": "The link held an unknown municipality code, which is not used: {value}."},
    "url_too_many_kommun": {"sv": "Länken valde fler än {n} kommuner; de {n} första visas.", "en": "The link chose more than {n} municipalities; the first {n} are shown."},
    "url_unknown_indicator": {"sv": "Länken pekade på en okänd indikator; visar {default}.", "en": "The link pointed to an unknown indicator; showing {default}."},
    "url_bad_edition": {"sv": "Länken pekade på en upplaga som inte finns; visar {default}.", "en": "The link pointed to an edition that does not exist; showing {default}."},
    "url_edition_not_asked": {"sv": "Frågan ställdes inte {edition}; visar {default}.", "en": "The question was not asked in {edition}; showing {default}."},
    "url_bad_value": {"sv": "Ett värde i länken kändes inte igen och används inte ({key}).", "en": "A value in the link was not recognised and is not used ({key})."},
    # overview
    "overview_intro": {"sv": "Barnbarometern var en årlig enkät från omsorgsföretaget Humana, från 2017 tillsammans med Rädda Barnen, till socialtjänsten i Sveriges 290 kommuner. Den frågade om personalomsättning bland socialsekreterare, utredningar som drar över lagens fyra månader, om barnens egna upplevelser av insatser utvärderas, arbetet med barnkonventionen, hälsoundersökningar av placerade barn och utbildning för arbete med ensamkommande barn. Sex upplagor gjordes, 2013–2018. Bara riksandelar publicerades.",
                       "en": "Barnbarometern was a yearly survey by the care company Humana, from 2017 with Rädda Barnen, sent to the social services of all 290 Swedish municipalities. It asked about staff turnover among social workers, investigations running past the legal four months, whether children's own experiences of interventions are evaluated, work on the Convention on the Rights of the Child, health examinations of placed children, and training for work with unaccompanied minors. Six editions were made, 2013–2018. Only national shares were published."},
    "overview_responses": {"sv": "Svar per upplaga", "en": "Responses per edition"},
    "responded_of": {"sv": "{n} av 290 kommuner svarade {edition}", "en": "{n} of 290 municipalities answered in {edition}"},
    "overview_figures": {"sv": "Publicerade riksandelar och vad data visar", "en": "Published national shares and what the data shows"},
    "overview_goto": {"sv": "Utforska", "en": "Explore"},
    "col_edition": {"sv": "Upplaga", "en": "Edition"},
    "col_responded": {"sv": "Svarande kommuner", "en": "Municipalities answering"},
    "col_responded_all": {"sv": "varav alla frågor", "en": "of which all questions"},
    "col_published_count": {"sv": "Publicerat antal", "en": "Published count"},
    "col_figure": {"sv": "Figur", "en": "Figure"},
    "col_published": {"sv": "Publicerad", "en": "Published"},
    "col_as_published": {"sv": "Som publicerat", "en": "As published"},
    "col_data": {"sv": "I data", "en": "In the data"},
    "col_data_sample": {"sv": "I exempeldata", "en": "In the sample data"},
    "trends_never": {"sv": "{kommun} svarade inte på frågan någon av upplagorna {editions}.", "en": "{kommun} did not answer the question in any of the editions {editions}."},
    "responded_metric": {"sv": "{n} av 290", "en": "{n} of 290"},
    "responded_caption": {"sv": "Svarande kommuner per upplaga. 2013 och 2014 publicerades inga svarsantal; exempeldata antar 160 och 150.",
                          "en": "Municipalities answering per edition. No counts were published for 2013 and 2014; the sample assumes 160 and 150."},
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
    "ranking_caption": {"sv": "Andel av de {n} kommuner som svarade på frågan ({scope}). Det önskade svaret står först.",
                        "en": "Share of the {n} municipalities that answered the question ({scope}). The desired answer comes first."},
    "position_caveat": {"sv": "Färgen visar placering bland de andra kommunerna (bästa tredjedelen, mittersta, sista tredjedelen), inte om ett resultat är bra eller dåligt.",
                        "en": "The colour shows position among the other municipalities (best third, middle third, last third), not whether a result is good or bad."},
    "third_best": {"sv": "Bästa tredjedelen", "en": "Best third"},
    "third_middle": {"sv": "Mittersta tredjedelen", "en": "Middle third"},
    "third_last": {"sv": "Sista tredjedelen", "en": "Last third"},
    "third_none": {"sv": "Ingen placering (vet ej)", "en": "No position (don't know)"},
    "pos_single": {"sv": "plats {pos} av {n}", "en": "position {pos} of {n}"},
    "pos_shared": {"sv": "delad plats {lo}–{hi} av {n}", "en": "shared position {lo}–{hi} of {n}"},
    "pos_group": {"sv": "en av {k} kommuner som svarar {answer}", "en": "one of {k} municipalities answering {answer}"},
    "pos_dont_know": {"sv": "svarade Vet ej (ingen placering)", "en": "answered Don't know (no position)"},
    "pos_no_answer": {"sv": "svarade inte på frågan", "en": "did not answer the question"},
    "riket_ref": {"sv": "Riket", "en": "Sweden"},
    "riket_ticks": {"sv": "Svarta streck: andelen i hela riket.", "en": "Black ticks: the share in all of Sweden."},
    "published_diamonds": {"sv": "Romber: publicerad riksandel.", "en": "Diamonds: published national share."},
    "published_ref": {"sv": "Publicerad riksandel", "en": "Published national share"},
    "published_marker": {"sv": "Publicerad siffra {edition}: {value} ({answers}), {source}", "en": "Published figure {edition}: {value} ({answers}), {source}"},
    "selected_in": {"sv": "Valda kommuner", "en": "Selected municipalities"},
    "non_respondents": {"sv": "Svarade inte ({n} kommuner)", "en": "Did not answer ({n} municipalities)"},
    "non_respondents_none": {"sv": "Alla kommuner i urvalet svarade.", "en": "All municipalities in the selection answered."},
    "table_and_csv": {"sv": "Tabell och CSV", "en": "Table and CSV"},
    "download_csv": {"sv": "Ladda ner CSV", "en": "Download CSV"},
    "ranked_list": {"sv": "Alla kommuner i ordning", "en": "All municipalities in order"},
    # trends
    "trends_title": {"sv": "{indicator}: utveckling över tid", "en": "{indicator}: development over time"},
    "trends_answers": {"sv": "Svar per kommun och upplaga", "en": "Answer per municipality and edition"},
    "trends_answers_caption": {"sv": "Bästa svaret överst. En kommun som inte svarade en upplaga får ett glapp i linjen, ingen gissad punkt.",
                               "en": "Best answer at the top. A municipality that did not answer an edition gets a gap in its line, never a guessed point."},
    "trends_shares": {"sv": "Andel med önskat svar ({desired})", "en": "Share with the desired answer ({desired})"},
    "trends_shares_caption": {"sv": "Riket, länet och jämförelsegruppen som referenser. Romber är publicerade riksandelar.",
                              "en": "Sweden, the county and the peer group as references. Diamonds are published national shares."},
    "trends_max": {"sv": "Högst åtta kommuner visas i utvecklingen; de första åtta används.", "en": "At most eight municipalities are shown in trends; the first eight are used."},
    "trends_pick": {"sv": "Välj upp till åtta kommuner för att se deras svar över tid.", "en": "Choose up to eight municipalities to see their answers over time."},
    "change_marker": {"sv": "Ändrad fråga {edition}", "en": "Question changed {edition}"},
    "changes_heading": {"sv": "Ändringar i frågan", "en": "Changes to the question"},
    "series": {"sv": "Serie", "en": "Series"},
    "lan_of": {"sv": "{lan}", "en": "{lan}"},
    "peer_series": {"sv": "Jämförelsegrupp", "en": "Peer group"},
    "no_answer": {"sv": "Svarade inte", "en": "Did not answer"},
    # map
    "map_title": {"sv": "{indicator}, {edition}: karta", "en": "{indicator}, {edition}: map"},
    "map_caption": {"sv": "Klicka på en kommun för att välja den. Grått: svarade inte.", "en": "Click a municipality to select it. Grey: did not answer."},
    "legend": {"sv": "Förklaring", "en": "Legend"},
    "map_selected": {"sv": "Vald: {kommun}", "en": "Selected: {kommun}"},
    # profile
    "profile_title": {"sv": "{kommun}: kommunprofil {edition}", "en": "{kommun}: municipality profile {edition}"},
    "profile_not_answered": {"sv": "{kommun} svarade inte på Barnbarometern {edition}.", "en": "{kommun} did not answer Barnbarometern {edition}."},
    "profile_partial": {"sv": "{kommun} svarade på en del av frågorna {edition}.", "en": "{kommun} answered part of the questions in {edition}."},
    "profile_summary": {"sv": "I korthet", "en": "In brief"},
    "profile_table": {"sv": "Alla frågor {edition}", "en": "All questions {edition}"},
    "change_better": {"sv": "bättre", "en": "better"},
    "change_worse": {"sv": "sämre", "en": "worse"},
    "change_same": {"sv": "oförändrat", "en": "unchanged"},
    "change_na": {"sv": "–", "en": "–"},
    "sentence_share": {"sv": "{kommun} svarar ”{answer}” på frågan om {topic}. Av kommunerna som svarade i riket svarade {share} så.",
                       "en": "{kommun} answers “{answer}” on {topic}. Of the municipalities that answered nationally, {share} answered so."},
    "sentence_lan": {"sv": "I {lan} svarade {k} av de {n} kommuner som svarade ”{desired}”.", "en": "In {lan}, {k} of the {n} municipalities that answered said “{desired}”."},
    "sentence_change": {"sv": "Jämfört med {prev} är svaret {change} (”{before}” → ”{after}”).", "en": "Compared with {prev} the answer is {change} (“{before}” → “{after}”)."},
    "sentence_dont_know": {"sv": "{kommun} svarar ”Vet ej” på frågan om {topic}.", "en": "{kommun} answers “Don't know” on {topic}."},
    "learn_title": {"sv": "Lär av andra", "en": "Learn from others"},
    "learn_intro": {"sv": "Där kommunen inte har det önskade svaret: kommuner i jämförelsegruppen som har det.",
                    "en": "Where the municipality lacks the desired answer: municipalities in its peer group that have it."},
    "learn_sample": {"sv": "Obs: detta är exempeldata. Namnen nedan bygger på syntetiska svar och säger ingenting om vad kommunerna verkligen gör. Med verkliga svar skulle listan visa vem man kan ringa.",
                     "en": "Note: this is sample data. The names below come from synthetic answers and say nothing about what these municipalities really do. With real answers the list would show whom to call."},
    "learn_none_needed": {"sv": "Kommunen har det önskade svaret på alla frågor den besvarade.", "en": "The municipality has the desired answer on every question it answered."},
    "learn_nobody": {"sv": "Ingen i jämförelsegruppen har det önskade svaret.", "en": "Nobody in the peer group has the desired answer."},
    "examples_title": {"sv": "Goda exempel som rapporterna nämner (publicerade fakta, inte exempeldata)",
                       "en": "Good examples the reports name (published facts, not sample data)"},
    # share, embed, present
    "share_title": {"sv": "Dela, bädda in och ladda ner", "en": "Share, embed and download"},
    "share_link": {"sv": "Länk till exakt den här vyn", "en": "Link to exactly this view"},
    "share_embed": {"sv": "Bädda in (iframe, 640 × 480)", "en": "Embed (iframe, 640 × 480)"},
    "share_cite": {"sv": "Källhänvisning", "en": "Citation"},
    "share_present": {"sv": "Presentationsläge för den här vyn", "en": "Projector mode for this view"},
    "download_png": {"sv": "Ladda ner PNG", "en": "Download PNG"},
    "download_svg": {"sv": "Ladda ner SVG", "en": "Download SVG"},
    "open_full": {"sv": "Öppna i Barnbarometern", "en": "Open in Barnbarometern"},
    "sample_image_label": {"sv": "EXEMPELDATA: syntetiska svar, inte kommunernas verkliga", "en": "EXEMPELDATA (sample data): synthetic answers, not the municipalities' real ones"},
    "present_prev": {"sv": "◀ Föregående", "en": "◀ Previous"},
    "present_next": {"sv": "Nästa ▶", "en": "Next ▶"},
    "present_of": {"sv": "Vy {i} av {n}", "en": "View {i} of {n}"},
    "present_exit": {"sv": "Avsluta presentationen", "en": "Leave projector mode"},
    "selection_line": {"sv": "{kommuner}", "en": "{kommuner}"},
    # about
    "about_title": {"sv": "Om data", "en": "About the data"},
    "about_questions": {"sv": "Frågorna per upplaga", "en": "The questions per edition"},
    "about_wording_note": {"sv": "Frågeformuleringarna är rekonstruerade från rapporternas egna formuleringar; enkäterna själva har inte publicerats.",
                           "en": "The question wordings are reconstructed from the reports' own phrasing; the questionnaires themselves were not published."},
    "about_basis_published": {"sv": "siffra publicerad", "en": "figure published"},
    "about_basis_assumed": {"sv": "antagande i exempeldata", "en": "assumption of the sample"},
    "about_figures": {"sv": "Publicerade siffror och deras källor", "en": "Published figures and their sources"},
    "about_method": {"sv": "Hur exempeldata är gjorda", "en": "How the sample data is made"},
    "about_method_body": {"sv": "Inga kommuners verkliga svar är offentliga. Exempeldatat skapas av kommandot `python -m barnbaro sample` med ett fast frö ({seed}). Generatorn bestämmer först vilka kommuner som svarar varje år (den som svarade förra året svarar oftare igen), sedan varje kommuns svar utifrån en bestående benägenhet plus slump, så att kurvorna liknar verkliga. Antalet svar av varje slag sätts så att riksandelarna återger varje publicerad siffra (inom ±2 procentenheter; se tabellen). Övriga andelar är antaganden som står i data/sample/targets.yaml. Ingenting är byggt att följa län, stad och land eller politik. Filerna skrivs som en enkätexport med verklighetens röra (namnvarianter, dubbletter, testrader, tomma rader) och går genom samma rensning som verkliga exporter.",
                          "en": "No municipality's real answers are public. The sample is made by the command `python -m barnbaro sample` with a fixed seed ({seed}). The generator first decides which municipalities answer each year (one that answered last year is more likely to answer again), then each municipality's answers from a lasting disposition plus chance, so that lines look like real ones. The number of each answer is set so that the national shares reproduce every published figure (within ±2 percentage points; see the table). Other shares are assumptions stated in data/sample/targets.yaml. Nothing is built to follow county, city/countryside or politics. The files are written like a survey export with real-world mess (name variants, duplicates, test rows, blank rows) and go through the same cleaning as real exports."},
    "about_build": {"sv": "Bygg tabellerna från verkliga exporter", "en": "Build the tables from real exports"},
    "about_build_body": {"sv": "Den som har de verkliga svaren lägger sina exporter (.xlsx eller .csv, en fil per upplaga, med upplagans år i filnamnet) i en mapp och kör:",
                         "en": "Whoever holds the real answers puts the exports (.xlsx or .csv, one file per edition, with the edition's year in the file name) in a folder and runs:"},
    "about_build_after": {"sv": "Rensningen stoppar och publicerar ingenting om en fil har en okänd rubrik eller ett okänt svar (lägg då till texten i data/codebook/<år>.yaml); rader med okänd kommun, testrader, tomma rader och dubbletter avvisas med skäl i rejected.csv. När alla filer saknar generatorns märkning visar appen inte längre Exempeldata.",
                          "en": "Cleaning stops and publishes nothing if a file has an unknown header or answer (then add the text to data/codebook/<year>.yaml); rows with an unknown municipality, test rows, blank rows and duplicates are rejected with reasons in rejected.csv. When no file carries the generator's mark, the app stops showing Exempeldata."},
    "about_cite": {"sv": "Så citerar du", "en": "How to cite"},
    "about_accounting": {"sv": "Rader i råfilerna", "en": "Rows in the raw files"},
    "col_raw_rows": {"sv": "Råa rader", "en": "Raw rows"},
    "col_used_rows": {"sv": "Använda", "en": "Used"},
    "col_rejected_rows": {"sv": "Avvisade", "en": "Rejected"},
    "col_question": {"sv": "Fråga", "en": "Question"},
    "col_basis": {"sv": "Underlag", "en": "Basis"},
    "col_interpretation": {"sv": "Tolkning", "en": "Interpretation"},
}


def t(key: str, lang: str = DEFAULT_LANG, **kw) -> str:
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kw) if kw else text


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


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~:$&")


def md_escape(text: object) -> str:
    """Text from outside (a URL value, a file) made inert for Streamlit markdown."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))
