"""Committees, meetings, agenda items, resolutions, actions and their updates,
and the record of reminders sent. Invariants are database constraints; the
rules live in `committees/rules.py`, the writes in `committees/services.py`.
Every model keeps its history (who, when, what changed) with
django-simple-history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Length
from django.utils import timezone
from simple_history.models import HistoricalRecords

from committees import rules
from indicators.mail import Delivery


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=10,
        unique=True,
        help_text="Capital letters and digits, used in action references (e.g. CFS)",
    )
    slug = models.SlugField(max_length=200, unique=True)
    remit = models.ManyToManyField(
        "indicators.Theme", blank=True, related_name="committees"
    )
    # The indicators the committee follows, chosen from the catalogue: its
    # dashboard and its reports cover these (committees.selectors.follows).
    follows = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="followed_by"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="committees"
    )
    # The committee's clerk receives the digest before each meeting (when
    # none is named, every active member of the Clerks group does).
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clerked_committees",
    )
    # Its own comparator group, a slug (blank: none): committees.services.follows.
    comparator_group = models.SlugField("Compare with", max_length=100, blank=True)

    history = HistoricalRecords(m2m_fields=[remit, follows, members])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z][A-Z0-9]{0,9}$"),
                name="committee_code_capitals",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.SCHEDULED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "held", "cancelled"]),
                name="meeting_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["committee", "date"], name="meeting_by_date")]

    def __str__(self) -> str:
        """Reads committee: select_related it on lists."""
        return f"{self.committee.name}, {self.date:%-d %B %Y}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    period = models.ForeignKey(
        "indicators.Period",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The performance period the item reports on, if any",
    )
    document_url = models.URLField("Documents (link)", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="agenda_item_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="agenda_item_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Resolution(models.Model):
    class Kind(models.TextChoices):
        NOTED = "noted", "Noted"
        REQUEST = "request", "Request for information"
        RECOMMENDATION = "recommendation", "Recommendation"
        DECISION = "decision", "Decision"

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="resolutions"
    )
    letter = models.CharField(max_length=2)
    text = models.TextField()
    kind = models.CharField(max_length=14, choices=Kind.choices)
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="resolutions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        # (z) before (aa): by the letter's length first.
        ordering = ["item", Length("letter").asc(), "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "letter"], name="resolution_letter_unique"
            ),
            models.CheckConstraint(
                condition=Q(letter__regex=r"^[a-z]{1,2}$"),
                name="resolution_letter_lowercase",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["noted", "request", "recommendation", "decision"]
                ),
                name="resolution_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"({self.letter}) {self.text[:60]}"


class ActionQuerySet(models.QuerySet["Action"]):
    def outstanding(self) -> ActionQuerySet:
        """Still owed: open or in progress."""
        return self.filter(status__in=rules.OUTSTANDING)

    def overdue(self, today: object = None) -> ActionQuerySet:
        """Outstanding and due before the council's today (the same rule as
        `rules.is_overdue`, as a filter)."""
        return self.outstanding().filter(due_date__lt=today or timezone.localdate())

    def not_overdue(self, today: object = None) -> ActionQuerySet:
        return self.exclude(
            status__in=rules.OUTSTANDING, due_date__lt=today or timezone.localdate()
        )

    def with_overdue(self, today: object = None) -> ActionQuerySet:
        """Annotate `is_overdue` (for ordering overdue first, in SQL)."""
        return self.annotate(
            is_overdue=Case(
                When(
                    Q(status__in=rules.OUTSTANDING)
                    & Q(due_date__lt=today or timezone.localdate()),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


class Action(models.Model):
    """A follow-up a resolution asked for, with a reference in the council's
    style. Overdue is derived (see `rules.is_overdue`), never stored."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    # The committee is the resolution's, copied so that the database itself
    # can keep references unique per committee and municipal year.
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="actions"
    )
    municipal_year = models.PositiveSmallIntegerField(
        help_text="The year the municipal year starts (May)"
    )
    sequence = models.PositiveIntegerField()
    # Stored once issued: a reference in the minutes never changes, even if
    # the committee's code later does.
    reference = models.CharField(max_length=40, unique=True)
    resolution = models.ForeignKey(
        Resolution, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField()
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_actions",
    )
    lead_name = models.CharField(max_length=200, blank=True)
    lead_email = models.EmailField(blank=True)
    due_date = models.DateField()
    due_meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_due",
        help_text="The meeting it is due to (which sets the due date)",
    )
    status = models.CharField(
        max_length=11, choices=Status.choices, default=Status.OPEN
    )
    closed_reason = models.TextField(blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="actions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[indicators])

    objects = ActionQuerySet.as_manager()

    # Set on the tracker's rows by ActionQuerySet.with_overdue (an
    # annotation worked out in SQL, not a column).
    is_overdue: bool

    class Meta:
        ordering = ["due_date", "municipal_year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "municipal_year", "sequence"],
                name="action_sequence_unique",
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1), name="action_sequence_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "answered", "closed"]),
                name="action_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(lead_officer__isnull=False) | ~Q(lead_name=""),
                name="action_has_lead",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closed_reason=""),
                name="action_closed_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_by_status_due")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def overdue(self) -> bool:
        return rules.is_overdue(self.due_date, self.status, timezone.localdate())

    @property
    def outstanding(self) -> bool:
        return self.status in rules.OUTSTANDING

    @property
    def lead_display(self) -> str:
        """Reads lead_officer: select_related it on lists."""
        if self.lead_officer is not None:
            return self.lead_officer.get_full_name() or self.lead_officer.username
        return self.lead_name

    @property
    def lead_address(self) -> str:
        """Where reminders go. Reads lead_officer."""
        if self.lead_officer is not None:
            return self.lead_officer.email or self.lead_email
        return self.lead_email


class ActionUpdate(models.Model):
    """A dated entry in an action's log: progress, or the answer."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The status this update moved the action to, if it changed it.
    status = models.CharField(max_length=11, choices=Action.Status.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-date", "-created_at"]

    def __str__(self) -> str:
        return f"update to action {self.action_id} on {self.date}"


class ActionReminder(Delivery):
    """One reminder of each kind per action and due date: inserting this row
    is how a reminder job claims the right to send it, so that a second run,
    or a second beat process, cannot send it again. A new due date may be
    reminded afresh. Its delivery fields (indicators.mail.Delivery) record a
    refused address, for a later run to retry and the clerk to see."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due in a week"
        OVERDUE = "overdue", "Overdue"

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_date = models.DateField()
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_date"], name="action_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for action {self.action_id} ({self.due_date})"


class MeetingDigest(Delivery):
    """The clerk's digest before a meeting, once per meeting and date (a
    rescheduled meeting gets a fresh one), with how its sending went."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="digests"
    )
    meeting_date = models.DateField()
    recipients = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "meeting_date"], name="meeting_digest_once"
            )
        ]

    def __str__(self) -> str:
        return f"digest for meeting {self.meeting_id} ({self.meeting_date})"
