"""Matching: target profiles, the title scorer, matches and the feed."""
