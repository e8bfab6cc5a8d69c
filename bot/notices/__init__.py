"""What owed messages say (one renderer per outbox kind) and the notifier that sends them."""
