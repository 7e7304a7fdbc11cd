"""Pure questions over the biography: typed items in, typed items out; no I/O."""
