"""The quarterly performance report: one per committee and period, made of
numbered paragraphs drafted from published figures and edited by officers.

Committees: a report of a committee in the committees app links to it by the
`committee` foreign key; that link is what joins the two apps (the committee's
page from the report, the report from a meeting's agenda, one report per
committee and period). Every report also keeps `committee_slug` and
`committee_name`: its address (`/reports/<committee_slug>/<period>/`) and the
name it prints, set when it is first drafted (from the committee, when
linked). A report whose committee is not in the committees app (named by
typing, or whose slug matched no committee when the link was added by
migration 0003) has no link and goes on working by those two fields alone;
drafting it again once the committee exists links it (`report_draft`). No
committee is ever created for a report. Deleting a committee unlinks its
reports and leaves them readable. The report keeps its own remit (themes)
as it was when drafted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from indicators.models import Indicator, Period, Theme
from indicators.rating import needs_commentary


def period_slug(label: str) -> str:
    """The period as it appears in a report's URL: '2019/20 Q3' -> '2019-20-q3',
    '2025' -> '2025', '2019-12' -> '2019-12'."""
    return "-".join(label.lower().replace("/", " ").split())


# The standing sections, in the order a committee report has them, with
# their headings: purpose and background open the report, the rest close it.
STANDING_SECTIONS = [
    ("purpose", "Purpose of the report"),
    ("background", "Background"),
    ("conclusion", "Conclusion"),
    ("equality_implications", "Equality and human rights implications"),
    ("background_papers", "Background papers"),
    ("officers_to_contact", "Officers to contact"),
]
OPENING_SECTIONS = 2  # purpose and background come before the figures


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    committee = models.ForeignKey(
        "committees.Committee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    # The report's address and the name it prints (see the module's note).
    committee_slug = models.SlugField(max_length=100)
    committee_name = models.CharField(max_length=200)
    # The committee's remit when the report was drafted: the themes whose
    # indicators the report covers.
    themes = models.ManyToManyField(Theme, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=5, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drafted_at = models.DateTimeField(null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The standing sections of a committee report, written by officers and
    # carried from the committee's previous report (STANDING_SECTIONS).
    purpose = models.TextField(blank=True)
    background = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    equality_implications = models.TextField(
        "Equality and human rights implications", blank=True
    )
    background_papers = models.TextField(blank=True)
    officers_to_contact = models.TextField(blank=True)
    # The comparator group of the report's overall position: a slug that
    # `indicators.selectors.comparator_group` resolves (blank: DfE's
    # statistical neighbours; a slug no longer known resolves to them too).
    comparator_group = models.SlugField(
        "Compare with", max_length=100, blank=True, default=""
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee_name", "-period__end"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "period"], name="report_per_committee_period"
            ),
            # One report per address: the URL names it.
            models.UniqueConstraint(
                fields=["committee_slug", "period"], name="report_per_address_period"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False),
                name="report_final_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee_name}: {self.period_id}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def standing_sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) of each standing section, in the report's
        order, written or not."""
        return [
            (name, heading, getattr(self, name)) for name, heading in STANDING_SECTIONS
        ]

    def url_kwargs(self) -> dict[str, str]:
        """Reads self.period (select_related it)."""
        return {
            "committee": self.committee_slug,
            "period": period_slug(self.period.label),
        }


class Paragraph(models.Model):
    """One numbered paragraph. `drafted_text` is always the latest generated
    wording; `text` is what the report shows: the draft, or an officer's edit.
    `facts_hash` identifies the facts the draft was made from; an edit records
    the hash it was made against, so a later regeneration can tell whether
    the facts have changed under it."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="paragraphs"
    )
    # Stable across regenerations: 'overview:direction', 'indicator:<code>'.
    key = models.CharField(max_length=100)
    position = models.PositiveIntegerField()
    section = models.CharField(max_length=200, help_text="the heading it sits under")
    # The heading under `section`: the council plan outcome (or the theme, for
    # a theme under no outcome); blank for the summary.
    subsection = models.CharField(max_length=200, blank=True)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    drafted_text = models.TextField()
    facts = models.JSONField(default=dict)
    facts_hash = models.CharField(max_length=64)
    series = models.JSONField(default=list, blank=True)
    # False when the latest regeneration no longer produced this paragraph; it
    # is kept only because an officer had edited it.
    in_draft = models.BooleanField(default=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_facts_hash = models.CharField(max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="paragraph_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(edited_at__isnull=True) | ~Q(edited_facts_hash=""),
                name="paragraph_edit_has_facts",
            ),
        ]

    def __str__(self) -> str:
        return f"paragraph {self.position} of report {self.report_id}"

    @property
    def edited(self) -> bool:
        return self.edited_at is not None

    @property
    def facts_changed(self) -> bool:
        """An edited paragraph whose facts differ from those it was edited
        against (or that the data no longer supports): it needs a look."""
        return self.edited and (
            not self.in_draft or self.facts_hash != self.edited_facts_hash
        )

    @property
    def is_red(self) -> bool:
        return self.facts.get("rag") == "red"

    @property
    def is_gap(self) -> bool:
        """A red without the service's commentary: the report requires one.
        Commentary on the figure closes the gap; so does an officer's edit of
        this paragraph made against the current facts."""
        if not needs_commentary(
            rag=self.facts.get("rag"), commentary=self.facts.get("commentary")
        ):
            return False
        return not (self.edited and not self.facts_changed)


class GlossaryTerm(models.Model):
    """A term the committee asks about ("SDQ score", "quartile"), defined
    once and printed at the end of every report. Kept in the admin."""

    term = models.CharField(max_length=200, unique=True)
    definition = models.TextField()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
