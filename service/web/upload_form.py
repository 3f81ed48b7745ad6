"""The upload form: read, check and turn into the arguments of `accept_upload`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..uploads import DocumentError, check_file, clean_context

REGIMES = (("", "Not sure"), ("pcr-2015", "Public Contracts Regulations 2015"),
           ("pa-2023", "Procurement Act 2023"), ("non-uk", "Not a UK procurement"))
PROFILES = (("", "Default (follow the regime)"), ("good-practice", "Good practice"),
            ("uk-pcr-2015", "UK: Public Contracts Regulations 2015"),
            ("uk-procurement-act-2023", "UK: Procurement Act 2023"))


@dataclass
class UploadForm:
    """What the user entered, and what is wrong with it (field id -> message)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    filename: str = ""
    data: bytes = b""
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def error_list(self) -> list[dict[str, str]]:
        return [{"text": text, "href": f"#{key}"} for key, text in self.errors.items()]


def read_upload_form() -> UploadForm:
    form = UploadForm()
    limit_mb = current_app.config["MAX_UPLOAD_BYTES"] / 1048576
    try:
        values = request.form
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        form.errors["file"] = f"The selected file must be smaller than {limit_mb:.0f} MB"
        return form
    if upload is None or not upload.filename:
        form.errors["file"] = "Select a document to check"
    else:
        form.filename = upload.filename
        form.data = upload.read()
        if not form.data:
            form.errors["file"] = "The selected file is empty"
        else:
            try:
                check_file(form.filename, form.data)
            except DocumentError as exc:
                form.errors["file"] = exc.message
    read_fields(form, values)
    return form


def read_fields(form: UploadForm, values: Any) -> None:
    """The title and the facts the uploader gives (value, regime, profile), checked into `form`."""
    form.values = {key: values.get(key, "").strip() for key in ("title", "value_total", "regime", "profile")}
    if len(form.values["title"]) > 300:
        form.errors["title"] = "Title must be 300 characters or fewer"
    try:
        form.context = clean_context(
            {"value_total": form.values["value_total"], "regime": form.values["regime"], "profile": form.values["profile"]}
        )
    except ValueError:
        form.errors["value_total"] = "Contract value must be an amount in pounds, like 250000 or £250,000"
