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
for one read out but not shown (a column of buttons). `table_id=` gives the
table an id; `labelledby=` names the region by a heading's id instead of label.

A summary list's row, its value written between the tags:

    {% summary_row "Source" %}{{ indicator.source }}{% endsummary_row %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.html import format_html_join
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
                "table_id": options.get("table_id", ""),
                "labelledby": options.get("labelledby", ""),
                "headers": table_headers(options.get("headers", "")),
                "body": mark_safe(self.body.render(context)),  # noqa: S308
            },
        )


@register.tag
def govuk_table(parser: Parser, token: Token) -> GovukTableNode:
    """{% govuk_table ["caption"] headers="A|B:numeric" [label=…] [size="s"]
    [wrapper_class="…"] [table_id="…"] [labelledby="…"] %}"""
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
def breadcrumbs(*pairs: Any, classes: str = "") -> dict[str, Any]:
    """{% breadcrumbs "Committees" committees_url meeting.committee.name committee_url %}:
    label and address in turn, the trail from the top. A last label without an
    address is the page itself, shown unlinked. `classes="…"` adds to the nav's."""
    crumbs: list[tuple[Any, Any]] = [
        (pairs[i], pairs[i + 1]) for i in range(0, len(pairs) - 1, 2)
    ]
    if len(pairs) % 2:
        crumbs.append((pairs[-1], None))
    return {"crumbs": crumbs, "classes": classes}


class SummaryRowNode(template.Node):
    def __init__(self, key: FilterExpression, value: NodeList) -> None:
        self.key = key
        self.value = value

    def render(self, context: Context) -> str:
        return render_to_string(
            "components/summary_row.html",
            {
                "key": self.key.resolve(context),
                "value": mark_safe(self.value.render(context).strip()),  # noqa: S308
            },
        )


@register.tag
def summary_row(parser: Parser, token: Token) -> SummaryRowNode:
    """{% summary_row "Key" %}value{% endsummary_row %}"""
    bits = token.split_contents()[1:]
    if len(bits) != 1:
        raise template.TemplateSyntaxError("summary_row takes one key")
    value = parser.parse(("endsummary_row",))
    parser.delete_first_token()
    return SummaryRowNode(parser.compile_filter(bits[0]), value)


def cell_attrs(attrs: Any) -> str:
    """A table cell's attributes as HTML, GOV.UK's cell class first among its
    classes: `class="govuk-table__cell scrutineer-numeric"`, where writing a
    column's own `class` after the template's gave the cell two `class`
    attributes, and browsers keep only the first (figures were not aligned)."""
    merged = dict(attrs)
    merged["class"] = " ".join(
        ["govuk-table__cell", *str(merged.get("class", "")).split()]
    )
    return format_html_join(" ", '{}="{}"', merged.items())


register.filter("cell_attrs", cell_attrs)
