"""GOV.UK Frontend markup written once: a table in its scrolling region, and
breadcrumbs. No queries; the pages pass what is shown.

    {% load govuk %}
    {% govuk_table "Recent imports" headers="File|Kind|When:numeric" %}
        {% for job in jobs %}<tr class="govuk-table__row">…</tr>{% endfor %}
    {% endgovuk_table %}

A caption that needs markup of its own goes before `{% govuk_table_body %}`
(with `label=` naming the region):

    {% govuk_table label="Reminders not delivered" headers="Action|To" %}
        {{ n }} reminder{{ n|pluralize }} not delivered
    {% govuk_table_body %}
        …rows…
    {% endgovuk_table %}

A header is its text, with ":numeric" for a right-aligned column or ":hidden"
for one read out but not shown (a column of buttons).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

HEADER_KINDS = {"numeric", "hidden"}


def table_headers(spec: str) -> list[dict[str, str | bool]]:
    """The columns' headers from "Period|Target:numeric|Delete:hidden"."""
    headers: list[dict[str, str | bool]] = []
    for part in spec.split("|"):
        text, _, kind = part.partition(":")
        if kind and kind not in HEADER_KINDS:
            raise template.TemplateSyntaxError(f"unknown header kind {kind!r}")
        headers.append(
            {"text": text, "numeric": kind == "numeric", "hidden": kind == "hidden"}
        )
    return headers


class GovukTableNode(template.Node):
    def __init__(
        self,
        caption: FilterExpression | None,
        options: dict[str, FilterExpression],
        caption_nodes: NodeList | None,
        body: NodeList,
    ) -> None:
        self.caption = caption
        self.options = options
        self.caption_nodes = caption_nodes
        self.body = body

    def render(self, context: Context) -> str:
        options = {name: value.resolve(context) for name, value in self.options.items()}
        caption: Any
        if self.caption_nodes is not None:
            caption = mark_safe(self.caption_nodes.render(context).strip())  # noqa: S308
        else:
            caption = self.caption.resolve(context) if self.caption else ""
        return render_to_string(
            "components/govuk_table.html",
            {
                "caption": caption,
                "label": options.get("label") or caption,
                "size": options.get("size") or "m",
                "wrapper_class": options.get("wrapper_class", ""),
                "headers": table_headers(options.get("headers", "")),
                "body": mark_safe(self.body.render(context)),  # noqa: S308
            },
        )


@register.tag
def govuk_table(parser: Parser, token: Token) -> GovukTableNode:
    """{% govuk_table ["caption"] headers="A|B:numeric" [label=…] [size="s"]
    [wrapper_class="…"] %}"""
    bits = token.split_contents()[1:]
    caption = None
    options: dict[str, FilterExpression] = {}
    for bit in bits:
        name, equals, value = bit.partition("=")
        if equals:
            options[name] = parser.compile_filter(value)
        elif caption is None:
            caption = parser.compile_filter(bit)
        else:
            raise template.TemplateSyntaxError("govuk_table takes one caption")
    if "headers" not in options:
        raise template.TemplateSyntaxError("govuk_table needs headers=")
    nodes = parser.parse(("govuk_table_body", "endgovuk_table"))
    caption_nodes = None
    if parser.next_token().contents == "govuk_table_body":
        caption_nodes = nodes
        nodes = parser.parse(("endgovuk_table",))
        parser.delete_first_token()
    return GovukTableNode(caption, options, caption_nodes, nodes)


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*pairs: Any) -> dict[str, Any]:
    """{% breadcrumbs "Committees" committees_url meeting.committee.name committee_url %}:
    label and address in turn, the trail from the top."""
    if len(pairs) % 2:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes a label and an address in turn"
        )
    return {"crumbs": [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]}
