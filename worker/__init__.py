"""The Celery worker: lint jobs taken from Redis, results written to the service's database.

Depends on `service` (app factory, models, storage) and the core; nothing imports it back.
"""
