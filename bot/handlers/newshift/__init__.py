"""/newshift: post a shift in one message or step by step, once or as a regular shift."""
