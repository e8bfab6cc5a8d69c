"""Attendance: check-in and check-out, and the coordinators' corrections from the summary."""
