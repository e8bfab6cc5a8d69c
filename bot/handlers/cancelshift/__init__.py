"""/cancelshift: cancel a shift after a confirmation."""
