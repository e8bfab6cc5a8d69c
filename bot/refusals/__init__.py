"""Every refusal's sentence, by key, in parts by concept; ``bot/explain.py`` joins them into one
table and words an error from it."""
