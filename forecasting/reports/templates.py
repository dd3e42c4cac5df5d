"""Jinja2 templates of the report's HTML (the document shell and the small tables).

Jinja2 comes with nbconvert (no new dependency). Templates live here as strings (a
:class:`jinja2.DictLoader`), so an installed wheel needs no template files; autoescaping is on,
so every value is escaped unless it is passed as already-built HTML (:class:`markupsafe.Markup`).
"""

from __future__ import annotations

import functools

REPORT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ title }}</title>
<style>{{ stylesheet }}</style></head><body>
<div class="front">{{ front }}</div>
{% for anchor, body in sections -%}
{% if loop.index0 == split %}<div class="appendix-start"></div>
{% endif %}<div class="section" id="{{ anchor }}">{{ body }}</div>
{% endfor -%}
{% if split >= sections|length %}<div class="appendix-start"></div>
{% endif %}<div class="section" id="run-manifest">{{ appendix }}</div>
</body></html>
"""

TABLE = (
    "<table><thead><tr>{% for key, header in columns %}<th{{ cls(key) }}>{{ header }}</th>"
    "{% endfor %}</tr></thead><tbody>{% for row in rows %}<tr>{% for key, _ in columns %}"
    "<td{{ cls(key) }}>{{ row.get(key, '') }}</td>{% endfor %}</tr>{% endfor %}</tbody></table>"
)


@functools.lru_cache(maxsize=1)
def environment():
    """The autoescaping Jinja2 environment holding :data:`REPORT` and :data:`TABLE`."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.DictLoader({"report.html": REPORT, "table.html": TABLE}),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render(name: str, **context) -> str:
    """Render template ``name`` (``report.html`` or ``table.html``) with ``context``."""
    return environment().get_template(name).render(**context)
