"""Extract: quotations and reported speech with their speakers (issue 21).

Rules over the cleaned paragraphs and the document's entity mentions; no dependency parse.
spaCy's parser would cost another 2.3-2.5 s per 1,000 paragraphs on this machine (measured:
bare NER 3.2 s, tok2vec + parser 2.5 s per 1,000 seed paragraphs), and most news paragraphs hold
a quote mark or a speech verb, so parsing only those would still add 40-70 % to the extract
stage; these rules cost about a tenth of NER (see tests/extract/test_quotes_gold.py).

1. **Quote marks** (:func:`quote_spans`): every style — typographic “ ” ‘ ’, straight " and ',
   guillemets, low-9 and German „…“ (normalise maps some of them to “ ”, sometimes reversed),
   CJK 「」『』 and a paragraph opening with a dash. A mark's role comes from its neighbours
   (an opener is followed by a letter and preceded by a space or bracket, a closer the reverse),
   the glyph breaking ties; apostrophes inside words are never marks. A quote left open at the end
   of a paragraph goes on when the next paragraph opens with a mark of its family (a quote over
   several paragraphs), else it ends with its paragraph (an unbalanced quote), or with its last
   sentence when the next sentence introduces a new quote (``‘… alone. A spokesman said: ‘…``).
   Guillemets set off by spaces (« concrete answers ») are marks too; a closing single mark
   after an "s" is a plural possessive unless a preposition follows ("the ‘Bandits’ by staff").
   Quotes nested in another quote belong to it.
2. **Attribution** of each quote, tried in order: a speaker and speech verb right after it
   (``“…,” Kaya said`` / ``“…,” said Kaya``), which also joins a quote interrupted by its
   attribution (``“A,” he said, “b.”``); a speech verb right before it (``Kaya said: “…”``,
   ``declaring, “…”``, ``quoted an official as saying “…”``); a speech verb elsewhere in its
   sentence (a partial quote); ``Name: “…”`` in a headline; and a quote standing alone as a
   sentence takes the speaker of the quote before it (``implicit``). A paragraph ending in
   ``said:`` makes the next, unmarked paragraph a block quote; the rest of an attribution's
   sentence (``“A,” Lunde told a news conference. “B.”``) joins the next quote to it. Quote marks
   around a fragment that no speech verb governs are scare quotes or titles and are left out, as
   are terms defined in parentheses (``("Norlake" or the "Company")``), nicknames inside a name
   (CALLUM ‘The Cannon’ Jones) and what something is called (``what staff called ‘…’``,
   ``Moscow calls it “…”``, ``The port, dubbed ‘…’``, ``is being called “…”``).
3. **Indirect speech**: a speech verb with a subject and a reported clause (``X said (that) …``,
   ``X told reporters …``, ``X vowed to …``), the clause before ``…, X said.``, ``according to X``
   and a headline ending ``…, X says``. A clause holding someone's quoted words is reported
   through those quotes (partial quotes), its part clear of them kept (``said A and that “B”``:
   A; ``told analysts A and would weigh “B”``: A). A request for anonymity ("asked not to be
   named") and a passive ("the measures announced by X") report nothing.
4. **Speakers**: the noun phrase before or after the verb (an appositive, an age, a relative
   clause, a parenthesis, a legal form, a time word skipped: "A shopkeeper who gave only her
   first name said", "the Unit (AIU), which said", "Brightleaf Baby, LLC (…) today announced";
   a name in parentheses or a closing appositive names it: "the rescue agency (Basarnas)").
   Its head inside a PERSON/ORG/GPE/NORP mention → ``named`` (the entity's fullest name in the
   document); a pronoun → the nearest preceding person (or organisation for "it") that is a
   speaker or a sentence subject; a definite description ("the secretary general", "the
   disaster agency") → the one entity of the document whose titles or appositives hold its
   head word (not one named inside the description: "the coach from Rosario"), an
   organisation described with a modifier → that description as its name ("the culture
   ministry"), else ``description``; unnamed sources ("officials", "a senior AFAD official",
   any speaker who spoke on condition of anonymity) → ``anonymous``.
5. **Beyond the nearest name**: he/she only refer to a person whose gender the text does not
   contradict (an honorific, a gendered role word, a he/his/she following the person as a
   subject, an earlier he/she resolved to them), and not to a person the quote itself names
   ("“Frank was a friend,” he said"); the referent of a pronoun after a quote over several
   paragraphs is sought before the quote; a person described by a role or an age ("the
   dad-of-three", "The winger, 22,") refers back as a pronoun would, an indefinite one in the
   lead ("A HERO mum said") forward to the first person named; "the company" is the
   organisation the story names most; a headline quote with no speaker takes the speaker of
   the story's quote sharing most words with it; a one-word name takes its fuller form from
   the text ("Karen Lindqvist", a person when a title precedes it), and a role word NER took
   into a name is dropped ("Sprinter Amara Osei", "Secretary of State Linda Carver").
6. **Names NER missed**: two or three capitalised words after a personal title or a possessive
   ("Interior Minister Tomasz Kral", "Hungary’s Zoltán Bíró") are a person, a first name left
   out before a mention is read past ("…, Per [Hagen],"), and a capitalised run opening a
   sentence before a lower-case verb is its subject ("Skyline Robotics sued …, claiming that");
   "the company" is first the organisation that spoke in this or the previous paragraph, and a
   role with no antecedent is the person the next paragraphs name outside quotes ("…, the
   club's president said. “…,” Joan Ferrer said.").

Offsets go back to the raw page text through each paragraph's source map, as for mentions.

Modules: :mod:`.lexicon` (word lists, speech verbs), :mod:`.marks` (step 1),
:mod:`.paragraphs` (a paragraph's tokens and sentences; speakers and quotes found),
:mod:`.subjects` (speaker spans), :mod:`.direct` (step 2), :mod:`.indirect` (step 3),
:mod:`.names` and :mod:`.resolve` (steps 4-5), :mod:`.document` (all steps, the records).

"""

from sourcebook.extract.quotes.document import (
    extract_quotes,
    find_quotes,
    quote_records,
)
from sourcebook.extract.quotes.lexicon import CUE_LEMMA, verb_forms
from sourcebook.extract.quotes.marks import Piece, quote_spans
from sourcebook.extract.quotes.names import clean_name, entity_key, name_key

__all__ = [
    "CUE_LEMMA",
    "Piece",
    "clean_name",
    "entity_key",
    "extract_quotes",
    "find_quotes",
    "name_key",
    "quote_records",
    "quote_spans",
    "verb_forms",
]
