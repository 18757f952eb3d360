"""Bookings of bleeding-control sessions: slots, booking and its life cycle, waiting list, emails, instructors."""
