"""Partner dialects (docs/dialects.md): each seed document's API at its own base URL, served by the
platform's services. One module per dialect with its routes, field mapping and error shape."""
