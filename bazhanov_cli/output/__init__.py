"""What a person or a script reads: views, machine formats, the terminal, files, and the
one way out (``emit``)."""
