"""Job boards: the safe fetcher, board detection and one pure reader per board kind."""
