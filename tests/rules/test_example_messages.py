"""The rule catalogue's example wording (rules/example-messages.yaml) is what the rules' own flagged
examples produce, and covers every message with a placeholder, so no reader meets `{detail}`."""

from __future__ import annotations

from tenderlint.rulepack.loader import default_pack
from tenderlint.rulepack.wording import dump, example_message, example_messages, generate, has_placeholders


def test_the_example_messages_file_is_what_the_examples_produce() -> None:
    pack = default_pack()
    stored = example_messages(pack)
    assert dump(stored) == dump(generate(pack)), "rules/example-messages.yaml is out of date: run scripts/example_messages.py"


def test_every_catalogue_message_reads_without_placeholders() -> None:
    pack = default_pack()
    messages = example_messages(pack)
    templated = [rule for rule in pack.rules if has_placeholders(rule.message)]
    assert templated, "the pack has messages with placeholders, or this test checks nothing"
    for rule in pack.rules:
        wording = example_message(rule, messages)
        assert not has_placeholders(wording), rule.id
        assert rule.id in messages or rule not in templated, f"{rule.id}: no flagged example gives its wording"


def test_a_message_without_an_example_gets_an_ellipsis_not_a_placeholder() -> None:
    rule = next(r for r in default_pack().rules if has_placeholders(r.message))
    assert "…" in example_message(rule, {}) and "{" not in example_message(rule, {})
