"""Partner intake workflows, one module per purpose: API keys, candidate upserts, CSV import, job ingestion, feedback."""
