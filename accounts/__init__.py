"""Users, organisations, areas, roles and the learner's own account pages."""
