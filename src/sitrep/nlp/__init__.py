"""Language processing shared by the stages: the spaCy model (:mod:`.load`), syntax helpers
(:mod:`.syntax`: negation, modality, dependency sets, paragraphs) and spans (:mod:`.spans`)."""
