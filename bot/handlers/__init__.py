"""Handlers grouped by audience; each module's ``register`` adds its own to the application."""
