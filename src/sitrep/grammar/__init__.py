"""Small grammars of the words reports use for time (:mod:`.dates`) and quantity (:mod:`.numbers`)."""
