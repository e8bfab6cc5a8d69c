"""What volunteers do: browse and sign up, /my, /hours, the menu, /settings, answers to reminders."""
