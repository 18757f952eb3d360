"""Schools, bleeding-control session types, sessions, bookings, attendance and feedback."""
