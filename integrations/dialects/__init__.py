"""Partner dialects served by this app (docs/dialects.md): the Integration Framework is all
integrations, OAuth and webhooks, so its module lives here rather than beside the others in
`ats/dialects/` (ats may not import integrations: the middle layer's apps are independent)."""
