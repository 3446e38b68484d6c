"""Partner dialects whose calls span every app (docs/dialects.md): BHIV lives here, in the top layer."""
