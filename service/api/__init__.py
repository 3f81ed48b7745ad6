"""REST API under /api/v1 (bearer tokens). Routes are added by the api modules."""

from flask import Blueprint

bp = Blueprint("api", __name__)
