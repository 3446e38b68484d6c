"""The partner API of ats: the seed-001 contract under /api/ats/ and bulk intake under /api/v1/."""
