"""How the bot runs: updates in order per chat, health and metrics, logs, backups."""
