"""The pages' blueprint; the views import it from here, and the package imports the views, so the arrows run one way."""

from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="../templates")
