"""The offline demo: `nextround demo` and the job boards it serves on loopback."""
