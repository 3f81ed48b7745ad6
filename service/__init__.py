"""The tenderlint web service: Flask app factory (pages, REST API) over the pure core."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from . import config
from .celery_ext import celery_init_app
from .db import db, private_sqlite_file
from .json_output import FiniteJSONProvider


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.json = FiniteJSONProvider(app)
    app.config.update(config.from_environment())
    if test_config:
        app.config.update(test_config)
    private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    db.init_app(app)
    celery_init_app(app)

    from .api import bp as api_bp
    from .auth import bp as auth_bp, init_auth
    from .web import bp as web_bp

    init_auth(app)
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(web_bp)
    return app
