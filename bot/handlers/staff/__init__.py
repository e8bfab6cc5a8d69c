"""For coordinators and admins: the role guard, /roster, /promote and /demote, /export."""
