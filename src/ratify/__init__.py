"""ratify: track treaty signatures, ratifications and entry into force."""

__version__ = "0.1.0"
