"""Dictionaries and vocabularies, read from data files: actors and agents (:mod:`.actors`), CAMEO verb
patterns and event nouns (:mod:`.cameo`), the CAMEO/PLOVER/ACLED codebook (:mod:`.codebook`) and the
set a pipeline owns (:mod:`.bundle`)."""
