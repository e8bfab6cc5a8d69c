"""For everyone: who is talking, the guards before every feature, the catch-alls, the error handler."""
