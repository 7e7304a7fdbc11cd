"""bazhanov-cli: an exact, sourced reference to the life and works of Boris Bazhanov."""
