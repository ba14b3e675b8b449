"""
Dataset releases: the published archive as versioned Frictionless data
packages, one zip each in media storage beside a JSON manifest (size,
SHA-256, counts, changelog), listed at ``/data/``.
"""
