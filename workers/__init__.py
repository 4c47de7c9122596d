"""What runs off the request path: RQ jobs, the worker entry, and (later) the tick."""
