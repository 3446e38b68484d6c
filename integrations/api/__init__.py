"""The integrations, webhooks and notifications API (DRF), mounted under /api/v1/."""
