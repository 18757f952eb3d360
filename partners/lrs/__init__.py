"""Forwarding learners' xAPI statements to partners' learning record stores (LRS), through a durable outbox."""
