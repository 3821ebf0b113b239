"""Report assembly, redaction and renderers; charts shared by pages and reports."""
