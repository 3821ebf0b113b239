"""The web application: FastAPI app factory, JSON API under /api/v1 and server-rendered pages."""
