"""Attribution of every quotation in the article, checked by hand."""

from __future__ import annotations

import pytest

from inquadra import pipeline

# (start of the quotation, source, side, inferred) — read from the article by hand.
# p05/p06: the subject is dropped ("ha sottolineato", "Ha detto"); the text's
# context points to China (the speaker is Xi). p14: "ha affermato." names nobody.
TABLE = [
    ("“in ogni momento superiori”", "kremlin", "kremlin", False),
    ("“continuare ad approfondire", "kremlin", "kremlin", False),
    ("“operazione militare speciale”", "russia", "kremlin", False),
    ("“valutato la situazione", "china", "china", True),
    ("“tutte le parti”", "china", "china", True),
    ("“soluzione adeguata alla crisi", "china", "china", True),
    ("“pronta a continuare", "china", "china", True),
    ("“soluzione adeguata”", "china", "china", True),
    ("“Il presidente cinese", "kremlin", "kremlin", False),
    ("“senza limiti”", "both_leaders", "other", False),
    ("“Dall’inizio di quest’anno", "xi_jinping", "china", False),
    ("“La parte cinese", "xi_jinping", "china", False),
    ("“miglioramento sostenibile”", "xi_jinping", "china", False),
    ("“tenendo conto", "kremlin", "kremlin", False),
    ("“La Cina è pronta", "unrecognised", "unattributed", False),
    ("“migliore e più caro amico”", "xi_jinping", "china", False),
    ("“atmosfera tradizionalmente", "kremlin", "kremlin", False),
]


@pytest.fixture(scope="module")
def doc(article):
    return pipeline.for_article(article.id)(article.text)


@pytest.fixture(scope="module")
def quotes(doc):
    return list(doc.spans["quotes"])


def test_table_covers_every_quotation(quotes):
    assert [q.text.startswith(row[0]) for q, row in zip(quotes, TABLE)] == [True] * len(TABLE)
    assert len(quotes) == len(TABLE)


@pytest.mark.parametrize("start,source,side,inferred", TABLE)
def test_quotation_attribution(quotes, start, source, side, inferred):
    q = next(q for q in quotes if q.text.startswith(start))
    assert (q._.source, q._.side, q._.inferred) == (source, side, inferred)


@pytest.mark.parametrize("text,source", [
    ("“Siamo pronti”, ha affermato Putin.", "vladimir_putin"),
    ("Xi ha detto che la Cina è “pronta”.", "xi_jinping"),
    ("“Pace”, si legge nella lettura del Cremlino.", "kremlin"),
    ("Secondo il ministero degli Esteri cinese, serve “calma”.", "china_mfa"),
    ("Oggi piove “molto”.", "unattributed"),
])
def test_attribution_rules(text, source):
    doc = pipeline.load()(text)
    assert doc.spans["quotes"][0]._.source == source


def test_dropped_subject_is_marked_inferred():
    doc = pipeline.load()("Xi ha parlato a lungo.\n\nPoi ha detto che serve “calma”.")
    q = doc.spans["quotes"][0]
    assert (q._.source, q._.inferred) == ("xi_jinping", True)


def test_reported_claims_are_found(article):
    doc = pipeline.for_article(article.id)(article.text)
    claims = {c.text.split()[0]: c._.source for c in doc.spans["claims"]}
    # "Xi ha promesso di approfondire …, secondo il ministero degli Esteri cinese": the
    # promise is Xi's; the ministry is where the report comes from
    assert claims["approfondire"] == "xi_jinping"


def test_cues_inside_quotations_are_ignored(article):
    doc = pipeline.for_article(article.id)(article.text)
    assert "ha notato" not in [c.text for c in doc.spans["cues"]]


@pytest.mark.parametrize("text,speaker", [
    ("«Nessuna tregua», ha dichiarato mercoledì il presidente cinese Xi Jinping.", "xi_jinping"),
    ("«Basta», ha affermato l’austriaca Kronen Zeitung.", "kronen_zeitung"),
    ("«Siamo pronti a trattare». Lo ha dichiarato la portavoce Maria Zakharova.",
     "maria_zakharova"),
    ("«La città resiste». Così il sindaco Ivan Fedorov, parlando ai cronisti.", "ivan_fedorov"),
    ("«Non è il momento». È quanto ha detto il ministro Guido Crosetto.", "guido_crosetto"),
    ("Il premier Mark Carney ha detto: «Siamo con voi».", "mark_carney"),
    ("Dmitry Peskov: «Nessun vertice in agenda».", "dmitry_peskov"),
    ("ore 10.30 – Rutte ai cronisti: «Decideremo oggi».", "rutte"),
    ("Rivolgendosi a Vladimir Putin, Emmanuel Macron ha detto: «Fermatevi».", "emmanuel_macron"),
    ("Secondo Olaf Scholz, «serve prudenza».", "olaf_scholz"),
    ("La sindaca Laura Bianchi ha parlato a lungo. «Ricostruiremo», ha aggiunto.",
     "laura_bianchi"),
    ("Quest'anno Anna Verdi, citata dall'agenzia Ansa, ha detto che «il piano regge».",
     "anna_verdi"),
    # a headline names its topic, then the speaker
    ("Ucraina, Zelensky: «Pronti a negoziare»\n\nIl presidente ha parlato a lungo.",
     "zelensky"),
    # the next sentence opens with its subject, whose pronoun takes up the quotation
    ("«Siamo pronti». Il presidente ucraino Volodymyr Zelensky lo ha ribadito ieri.",
     "volodymyr_zelensky"),
    # "Per" + a role phrase + the speaker, and the quotation right after
    ("Per la ministra degli Esteri tedesca Annalena Baerbock «la Russia deve ritirarsi».",
     "annalena_baerbock"),
    # "Secondo" + a role and a nationality: the person just named
    ("Vladimir Putin ha parlato. Secondo il leader russo, «i legami sono solidi».",
     "vladimir_putin"),
    # a verb that reports speech only in its participle, right after a quotation
    ("«Sono promesse elettorali», attacca la capogruppo Elena Ricci.", "elena_ricci"),
    # the next sentence opens with the verb; "fonti di X": X speaks
    ("«Nessuna spaccatura». Fanno sapere fonti di Palazzo Chigi, dopo le voci.",
     "italian_government"),
    ("«Il piano regge». Aggiunge il ministro Guido Crosetto, a margine.", "guido_crosetto"),
    # the verb and its speaker between dashes inside the quotation
    ("«Siamo pronti – ha detto il ministro Guido Crosetto – a trattare con tutti».",
     "guido_crosetto"),
    ("«Abbiamo fatto il possibile». Parola di Mario Draghi.", "mario_draghi"),
    ("Caso Almasri, Nordio: «Nessun errore».", "nordio"),
    ("«Il sostegno continuerà», ha assicurato la presidente della Commissione Ursula von "
     "der Leyen.", "ursula_von_der_leyen"),
    ("«Non ci piegheremo». Sono le parole del presidente Volodymyr Zelensky.",
     "volodymyr_zelensky"),
    # a frame spelt with an elided article, then a role and the body it names
    ("«Non è il momento», è l'avvertimento del segretario della Nato Mark Rutte.",
     "mark_rutte"),
    ("Il sindaco Paolo Bentini ha firmato. «Restate ai piani alti», è l'appello del primo "
     "cittadino.", "paolo_bentini"),
    # idioms of reporting
    ("«È inaccettabile», rincara la dose il leader della Lega Matteo Salvini.",
     "matteo_salvini"),
    ("«Non commento», taglia corto il portavoce Dmitry Peskov.", "dmitry_peskov"),
    ("«Sono ottimista», si è detto il negoziatore Rustem Umerov.", "rustem_umerov"),
    ("«Non arretreremo di un passo», ha scandito il ministro Guido Crosetto.",
     "guido_crosetto"),
    ("«Basta con questi ritardi», sbotta il sindaco Marco Belli.", "marco_belli"),
    # a noun of speech, a participle and "da": "l'appello lanciato da X"
    ("«Fermate le armi», è l'appello lanciato ieri da papa Leone XIV.", "leone_xiv"),
    ("«Non lasceremo nessuno indietro», la promessa fatta dal sindaco Marco Belli.",
     "marco_belli"),
    # the next sentence's subject, a verb and "così"
    ("«Dobbiamo fare di più». Il segretario generale Mark Rutte ha aperto così la riunione.",
     "mark_rutte"),
    # "Per" + a role phrase naming a body + the person
    ("Per il leader del M5s Giuseppe Conte «il piano non regge».", "giuseppe_conte"),
    ("Per la consigliera di Fratelli d'Italia Lucia Berti «la giunta è ferma».", "lucia_berti"),
    # the sources of a body speak for it
    ("Fonti di Palazzo Chigi fanno sapere che «il testo è pronto».", "italian_government"),
    # an infinitive after "volere" or "tenere a"
    ("«Non cambieremo idea», ha tenuto a precisare il sottosegretario Paolo Serra.",
     "paolo_serra"),
    ("La ministra Anna Galli ha poi voluto sottolineare che «i fondi ci sono».", "anna_galli"),
    # "la lettura del direttore di X, Y": the person who holds the role, not the body
    ("Diversa la lettura del direttore generale di Alfa Nord Energia, Luca Villa. «I conti "
     "non tornano», ha replicato in una nota.", "luca_villa"),
    # "l'azienda" stands for the company the report is about
    ("La Cartiera Bellini chiude a maggio.\n\nIl sindaco è preoccupato.\n\nL'azienda, in una "
     "nota, ha spiegato che i costi sono «insostenibili».", "cartiera_bellini"),
    ("La Cartiera Bellini chiude. Secondo l'azienda, i costi sono «insostenibili».",
     "cartiera_bellini"),
    # a place after "nello" is no subject: the role phrase names the person just named
    ("Così il presidente Ugo Ferri. «Non sono contento», ha aggiunto il leader parlando "
     "nello Studio Ovale.", "ugo_ferri"),
    ("La ministra Anna Galli ha rilasciato una dichiarazione definendo l'accordo «storico».",
     "anna_galli"),
    # the quotation's own sentence names who said it; the next one, who relays it
    ("La portavoce Maria Zakharova ha dichiarato che le armi «prolungano l'agonia». Lo "
     "riferisce l'agenzia RIA Novosti.", "maria_zakharova"),
    # "spiegano dal comando": the body the words come from
    ("«Agivano sempre allo stesso modo», spiegano dal comando provinciale.",
     "comando_provinciale"),
    # "Gli ha risposto X" answers the speaker: it does not take up the quotation
    ("Il consigliere Carlo Sesti ha denunciato ritardi: «I lavori sono fermi». Gli ha "
     "risposto l'assessora Lia Conti.", "carlo_sesti"),
    # a participle agreeing with the object before it
    ("La riforma? Il leader Mario Neri l'ha definita «un disastro».", "mario_neri"),
    # verbs of praise, thanks and blame report words too
    ("Volodymyr Zelensky ha ringraziato gli alleati per «il sostegno incrollabile».",
     "volodymyr_zelensky"),
    ("Dmitry Peskov ha liquidato la notizia come «una bufala».", "dmitry_peskov"),
    # "parla di «…»"
    ("Il sindaco Piero Vanni parla di «una notte di paura».", "piero_vanni"),
    # a relative clause hangs on the name before it, even after a preposition
    ("L'annuncio è arrivato dall'assessore Carlo Neri, che ha parlato di «ritardi».",
     "carlo_neri"),
    # a verb between commas: its subject after it speaks, not the name before
    ("La Cina, ha aggiunto Xi Jinping, vuole «salvaguardare il multilateralismo».",
     "xi_jinping"),
    # "secondo" + a role + its body + a comma + the person
    ("Secondo il capogruppo della Lega al Senato, Marco Pini, «i numeri ci sono».",
     "marco_pini"),
    # "Secondo il capo della diplomazia russa, …": the person just named
    ("Il ministro Sergej Lavrov ha parlato. Secondo il capo della diplomazia russa, le armi "
     "«non cambieranno nulla».", "sergej_lavrov"),
    # a region before the name is a place, not part of the name
    ("Il presidente della Campania Vincenzo De Luca ha parlato di «secessione».",
     "vincenzo_de_luca"),
    # "Per X …: «…»": X's view, then X's words
    ("Per il governatore della Banca d'Italia Fabio Panetta i margini ci sono: «I dati ci "
     "dicono che possiamo muoverci».", "fabio_panetta"),
    ("Di diverso avviso Forza Italia: per il capogruppo alla Camera Paolo Barelli «i fondi "
     "ci sono».", "paolo_barelli"),
    # "si legge in un comunicato": the body just named
    ("Da Taipei, il ministero della Difesa ha denunciato nuovi voli. «Siamo pronti», si legge "
     "in un comunicato.", "ministero_della_difesa"),
    # "guidata da X": who leads the body is no oblique name
    ("La Regione, guidata da Michele de Pascale, ha stanziato i fondi. «È solo l'inizio», ha "
     "assicurato il presidente.", "michele_de_pascale"),
    # an unnamed representative: the state or body they speak for
    ("La rappresentante degli Stati Uniti ha chiesto a Mosca di «fermare i bombardamenti».",
     "united_states"),
    ("Washington segue da vicino: un portavoce del Dipartimento di Stato ha chiesto «moderazione».",
     "dipartimento_di_stato"),
    ("Il consigliere del Cremlino Yuri Ushakov ha detto che «i contatti continuano».",
     "yuri_ushakov"),
    # a next sentence that opens with the article "La" is no "La ha detto"
    ("Pietro Longo ha detto che serve «fiducia». La Cina, ha aggiunto Ada Berti, è pronta.",
     "pietro_longo"),
])
def test_speaker_rules(text, speaker):
    doc = pipeline.load()(text)
    assert doc.spans["quotes"][0]._.source == speaker


@pytest.mark.parametrize("text", ["«Non ci fermeremo», ha detto.", "«Vedremo», ha aggiunto poi."])
def test_cue_without_a_speaker_is_unrecognised(text):
    doc = pipeline.load()(text)  # a span group holds its Doc weakly: keep the Doc
    assert doc.spans["quotes"][0]._.source == "unrecognised"


def test_a_paragraph_opening_with_a_quotation_goes_on_with_the_speaker_before():
    doc = pipeline.load()("«Controllo gli allarmi ogni mattina», racconta Olena Kravets.\n\n"
                          "«Le lezioni si fanno nei rifugi».\n\nIl marito, Andrij, è al fronte. "
                          "«Ci sentiamo la sera», dice lei.")
    assert [(q._.source, q._.inferred) for q in doc.spans["quotes"]] == [
        ("olena_kravets", False), ("olena_kravets", True), ("olena_kravets", True)]


def test_an_unnamed_speaker_is_unrecognised_not_the_one_before():
    doc = pipeline.load()("«Abbiamo perso tutto», racconta Marco Bellini. «Nessuno ci ha "
                          "avvisato», gli fa eco una vicina di negozio.")
    assert [q._.source for q in doc.spans["quotes"]] == ["marco_bellini", "unrecognised"]


@pytest.mark.parametrize("text", [
    "Il ministro vuole spiegare la riforma. «Vedremo», ha detto Ugo Sala.",  # no infinitive cue
    "Il ministro parla con i sindaci. «Vedremo», ha detto Ugo Sala.",  # "parla" with no «…»
    "A Kiev si parla di «resistenza». «Vedremo», ha detto Ugo Sala.",  # impersonal "si"
])
def test_infinitives_and_presents_are_cues_only_in_their_frames(text):
    doc = pipeline.load()(text)
    assert [c.text for c in doc.spans["cues"]] == ["ha detto"]


def test_role_phrase_after_the_verb_names_the_person_just_mentioned():
    doc = pipeline.load()("Arriva Giorgia Meloni. «Faremo la nostra parte», ha detto la "
                          "presidente del Consiglio.")
    assert doc.spans["quotes"][0]._.source == "giorgia_meloni"


def test_headline_quotation_takes_the_speaker_of_its_repetition():
    doc = pipeline.load()("Sciopero alla vetreria: «Ci hanno avvisato per posta»\n\n"
                          "«Ci hanno avvisato per posta, senza preavviso». Lo racconta Mario Neri.")
    assert [q._.source for q in doc.spans["quotes"]] == ["mario_neri", "mario_neri"]


def test_a_present_that_is_not_after_a_quotation_is_no_cue():
    doc = pipeline.load()("La Russia attacca Kiev. «Resisteremo», dicono i residenti.")
    assert [c.text for c in doc.spans["cues"]] == ["dicono"]


def test_a_quotation_goes_on_with_the_speaker_of_the_one_before():
    doc = pipeline.load()(
        "Il governatore Vyacheslav Gladkov ha spiegato che i missili sono stati intercettati. "
        "«Alcuni frammenti sono caduti», ha precisato. «Le squadre sono al lavoro».")
    assert [(q._.source, q._.inferred) for q in doc.spans["quotes"]] == [
        ("vyacheslav_gladkov", True), ("vyacheslav_gladkov", True)]


def test_according_to_a_body_noun_is_the_body_just_named():
    doc = pipeline.load()(
        "Il ministero della Difesa di Mosca ha accusato Kiev di aver usato armi occidentali. "
        "Secondo il dicastero, «l'attacco dimostra il coinvolgimento della Nato».")
    assert doc.spans["quotes"][0]._.source == "ministero_della_difesa_di_mosca"


@pytest.mark.parametrize("text,interviewee", [
    ("Intervista a Paola Ferri, analista.\n\nChe cosa è cambiato?\n«Molto poco».", "paola_ferri"),
    ("Professoressa Ferri, che cosa è cambiato?\n«Molto poco».", "ferri"),
    # the print interview's marks: D. (domanda) and R. (risposta)
    ("D. Presidente Mario Neri, la tregua reggerà?\nR. «Lo speriamo».\n\nD. E l'Europa?\n"
     "R. «Deve parlare con una voce sola».", "mario_neri"),
    ("D: Professoressa Anna Ferri, che cosa cambia?\nR: «Quasi tutto».", "anna_ferri"),
])
def test_an_answer_after_a_question_is_the_interviewee(text, interviewee):
    doc = pipeline.load()(text)
    assert {(q._.source, q._.inferred) for q in doc.spans["quotes"]} == {(interviewee, True)}


def test_a_quotation_after_a_question_naming_someone_else_is_not_theirs():
    doc = pipeline.load()("Che cosa vuole Vladimir Putin?\n«Vedremo».")
    assert doc.spans["quotes"][0]._.source != "vladimir_putin"


def test_a_quotation_over_two_paragraphs_has_one_speaker():
    doc = pipeline.load()(
        "Il ministro Guido Crosetto ha parlato a lungo.\n\n"
        "«Il primo punto è la difesa aerea. Senza quella non si va lontano.\n\n"
        "«Il secondo punto sono le munizioni», ha concluso.")
    assert [q._.source for q in doc.spans["quotes"]] == ["guido_crosetto", "guido_crosetto"]


@pytest.mark.parametrize("text", ["«Sì». Secondo il", "«Sì», secondo", "«Sì – ha detto –",
                                  "«Sì – ha detto", "Intervista a?\n«", "«Sì.\n\n«"])
def test_a_text_cut_short_after_a_cue_is_read_without_error(text):
    doc = pipeline.load()(text)
    assert all(q._.source for q in doc.spans["quotes"])


def test_a_next_sentence_with_its_own_quotation_does_not_speak_the_one_before():
    doc = pipeline.load()("«Basta armi». Replica il ministro Antonio Tajani: «Serve dialogo».")
    assert [q._.source for q in doc.spans["quotes"]] == ["unattributed", "antonio_tajani"]
