"""Alerts: channels, the outbox, delivery (in-app, e-mail, webhook) and digests."""
