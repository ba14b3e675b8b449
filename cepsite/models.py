"""Models shared by the content apps."""
