"""The geoparser: find place names in a document, resolve each to one GeoNames entry, locate events.

Three steps, all offline:

1. **Recognition** (:func:`find_toponyms`): spaCy's GPE/LOC/FAC entities, split at commas
   ("Alexandria, Va." is two places, the second containing the first), widened to a following level word
   ("Idlib province"), plus proper nouns in a place's position that the gazetteer knows ("shelling in
   Saraqib" where the tagger said PERSON, "an Alexandria woman") and bare country names the tagger missed.
   Direction phrases ("northwestern Syria") become region mentions. Demonyms ("Syrian") are not places
   but count as country context.
2. **Resolution** (:func:`resolve_toponyms`): every gazetteer candidate is scored by a prior (population,
   feature type, how the name matched, capital) plus the document's context: the level word
   ("Idlib province" is the governorate, "the city of Idlib" the city), a containing place after a comma,
   the admin hierarchy between names (a town and its county confirm each other), one place per name
   ("Mexico City ... Mexico"), and the countries, admin regions and nearby towns the other places and
   demonyms of the document believe in, re-weighed over a few rounds. A name the gazetteer lacks is
   tried by the place named inside it ("Colorado State University"), then by a look-alike spelling kept
   only with support from the text.
3. **Event location** (:func:`place_for_token`): the place the event's clause ties to the trigger by a
   locative preposition, else the nearest place in the clause, else None (the link stage then uses the
   document's focus, :attr:`Analysis.focus`).

Capitals standing for governments ("talks with Moscow", "declared war on Damascus") are actors, not
locations (:func:`is_metonymic`); they are left out of ``analysis.places``.
"""
