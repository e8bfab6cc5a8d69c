"""Handlers by feature, one folder each; a feature module's ``handlers()`` returns its own, and
``bot/app.py`` adds them all in one visible order."""
