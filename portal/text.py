"""The translation marker, importable by every catalogue without import cycles."""


def N_(msgid: str) -> str:
    """Mark a text for translation where it is defined; translate it where it is shown."""
    return msgid
