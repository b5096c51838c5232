"""The page templates' gettext (messages.newstyle_gettext) prints what jinja2.ext's newstyle gettext prints."""

from __future__ import annotations

import gettext

import jinja2
import pytest

from guidepress.messages import newstyle_gettext

TEMPLATE = (
    '{{ _("Grades") }}|{{ _("100%% of <b>%(what)s</b>", what=thing) }}|{{ gettext("a & b") }}|'
    "{% trans n=thing %}one {{ n }}{% endtrans %}|{{ _('Grades') }}"
)


class Marked(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"«{message}»"


def render(autoescape: bool, ours: bool) -> str:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    translations = Marked()
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    if ours:
        translated = newstyle_gettext(translations.gettext)
        env.globals.update(gettext=translated, _=translated)
    return env.from_string(TEMPLATE).render(thing="<i>x</i>")


@pytest.mark.parametrize("autoescape", [True, False])
def test_same_as_jinja(autoescape: bool) -> None:
    assert render(autoescape, ours=True) == render(autoescape, ours=False)


def test_a_message_is_translated_once() -> None:
    asked: list[str] = []

    def translate(message: str) -> str:
        asked.append(message)
        return message

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    translated = newstyle_gettext(translate)
    env.globals.update(gettext=translated, _=translated)
    assert env.from_string('{% for i in "abc" %}{{ _("Grades") }}{% endfor %}').render() == "Grades" * 3
    assert asked == ["Grades"]
