"""Web pages (GOV.UK Design System)."""

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="../templates")
