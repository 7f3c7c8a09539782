"""Referral lists as files (exports app): the public register (and the map's selection, with
bbox) and the officers' work list, with the same visibility rules and filters as their pages.
Only the register's columns are written (selectors_public.PUBLIC_FIELDS); the work list adds
who handles the case and the days left."""

from django.core.exceptions import ValidationError
from django.db.models import Case, CharField, DateField, F, Func, IntegerField, Value, When
from django.db.models.functions import Coalesce, Concat, Trim
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from exports.registry import Column, portal_url, register_export

from . import selectors_public as public
from . import selectors_workflow
from .models import Phase, PlanType, Referral, Reply
from .querysets import is_case_officer

REGISTER_COLUMNS = [
    Column("diary_number", _("Diarienummer")),
    Column("received", _("Inkommen")),
    Column("sender", _("Avsändare"), source="sender__name"),
    Column("sender_reference", _("Avsändarens beteckning")),
    Column("plan_name", _("Planens namn")),
    Column("plan_type", _("Plantyp"), choices=PlanType.choices),
    Column("phase", _("Skede"), choices=Phase.choices),
    Column("deadline", _("Sista svarsdag")),
    Column("status", _("Status"), choices=Referral.Status.choices),
    # The date a reply was sent; an approved but unsent reply is not public.
    Column(
        "reply_sent_on",
        _("Yttrande skickat"),
        source=lambda user: Case(
            When(reply__status=Reply.Status.SENT, then=F("reply__sent_on")), default=None, output_field=DateField()
        ),
    ),
    Column("url", _("Länk"), source=public.case_url_expr, kind="url"),
]


def _days_left(user):
    # Counted from today in Stockholm, as the work list does (not the database's UTC date).
    today = timezone.localdate()
    return Func(
        F("deadline"), Value(today), arg_joiner=" - ", template="(%(expressions)s)", output_field=IntegerField()
    )


OFFICER_COLUMNS = [
    Column(
        "assignee",
        _("Handläggare"),
        source=lambda user: Trim(
            Concat(
                Coalesce(F("assignee__first_name"), Value("")),
                Value(" "),
                Coalesce(F("assignee__last_name"), Value("")),
                output_field=CharField(),
            )
        ),
    ),
    Column("days_left", _("Dagar kvar"), source=_days_left),
]


def register(user, filters):
    return public.public_referrals(user=user, filters=public.parse_filters(filters, with_bbox=True))


def work_list(user, filters):
    from .forms import WorkListFilterForm
    from .selectors import referral_work_list

    form = WorkListFilterForm(filters or None, user=user)
    if form.is_bound and not form.is_valid():
        raise ValidationError(
            {name: [ValidationError(str(message)) for message in errors] for name, errors in form.errors.items()}
        )
    return referral_work_list(user=user, filters=form.cleaned_data if form.is_bound else {})


register_export(
    "referrals.register",
    label=_("Remisser"),
    selector=register,
    filter_keys=("q", "year", "municipality", "plan_type", "phase", "status", "sort", "bbox"),
    columns=REGISTER_COLUMNS,
    geometry="area",
    filename="remisser",
)

register_export(
    "referrals.worklist",
    label=_("Arbetslista för remisser"),
    selector=work_list,
    filter_keys=("status", "assignee", "municipality", "plan_type", "overdue", "sort"),
    columns=REGISTER_COLUMNS + OFFICER_COLUMNS,
    geometry="area",
    filename="arbetslista",
    refusal=lambda user: (
        None if is_case_officer(user) else gettext_now("Bara handläggare av remisser kan ladda ned arbetslistan.")
    ),
)

register_export(
    "referrals.consultations",
    label=_("Mina samrådsförfrågningar"),
    selector=lambda user, filters: selectors_workflow.my_consultations(user),
    login_required=True,
    columns=[
        Column("diary_number", _("Diarienummer"), source="referral__diary_number"),
        Column("plan_name", _("Plan"), source="referral__plan_name"),
        Column("sender", _("Avsändare"), source="referral__sender__name"),
        Column("unit", _("Enhet"), source="unit__name"),
        Column("question", _("Fråga")),
        Column("due", _("Svar senast")),
        Column("answered_at", _("Besvarad")),
        Column("url", _("Länk"), source=lambda user: portal_url("referrals:consultation_answer", pk="pk"), kind="url"),
    ],
    geometry="referral__area",
    filename="samrad",
)
