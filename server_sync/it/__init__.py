"""IT's remote view and tools: centre overview, tokens (in `sync_api.tokens`),
config pushes, IT users and the IT web pages."""
