"""The vacancy watch: shared sources, users' watches, polls on a schedule kept in SQL."""
