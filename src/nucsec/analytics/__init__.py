"""Multi-state comparison, ranking and trends, from what each caller may see (DESIGN §3)."""
