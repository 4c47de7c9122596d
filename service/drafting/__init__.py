"""The drafting studio: context, writers (sandboxed templates, an optional LLM), checks."""
