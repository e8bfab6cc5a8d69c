"""/start: registration, and the gate that keeps the unregistered to it."""
