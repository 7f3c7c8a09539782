"""Importing earlier cases from CSV (/remisser/import/): the upload form with the columns
documented and an example file, the job's progress page and the small JSON status it polls."""

from django import forms
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planportal.forms import PortalForm, apply_service
from planportal.roles import ADMINISTRATOR, has_role
from planportal.uploads import size_text

from ..models import ImportJob
from ..services import imports as services
from .cases import officers_only

# What each column holds, shown in the page's table (key -> description).
DESCRIPTIONS = {
    "diary_number": gettext_lazy("Regionens diarienummer, t.ex. RÖ 2023-0412. Tomt: nästa lediga nummer det året."),
    "sender": gettext_lazy("Kommunens namn (Örebro kommun, Örebro) eller SCB-kod (1880), eller en annan organisation."),
    "sender_reference": gettext_lazy("Kommunens diarienummer eller planens id."),
    "plan_name": gettext_lazy("Planens namn."),
    "plan_type": gettext_lazy("ÖP, FÖP, detaljplan, områdesbestämmelser, planprogram eller annan."),
    "phase": gettext_lazy("samråd, granskning, underrättelse eller annat."),
    "received": gettext_lazy("Datum då remissen kom in, ÅÅÅÅ-MM-DD."),
    "deadline": gettext_lazy("Sista svarsdag, ÅÅÅÅ-MM-DD, inte före inkommen."),
    "status": gettext_lazy("registrerad, under handläggning, besvarad eller avstått. Tomt: besvarad om skickat finns."),
    "sent_on": gettext_lazy("Datum då yttrandet skickades (krävs för besvarad och avstått)."),
    "contact_name": gettext_lazy("Kontaktperson hos avsändaren."),
    "contact_email": gettext_lazy("Kontaktpersonens e-postadress."),
    "reply_text": gettext_lazy("Yttrandets text (visas i diariet för besvarade remisser)."),
}


class ImportForm(PortalForm):
    file = forms.FileField(
        label=gettext_lazy("CSV-fil med remisser"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Semikolon- eller kommaseparerad, UTF-8 (med eller utan BOM), rubrikrad först. Högst %(max)s."
        ) % {"max": size_text(int(services.max_mb() * 1024 * 1024))}


def _jobs(user):
    jobs = ImportJob.objects.all()
    return jobs if has_role(user, ADMINISTRATOR) else jobs.filter(created_by=user)


def _job(user, pk):
    job = _jobs(user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Ingen sådan import."))
    return job


@officers_only
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = apply_service(form, services.import_start, upload=form.cleaned_data["file"], actor=request.user)
        if job is not None:
            return redirect("referrals:import_job", pk=job.pk)
    columns = [
        {"header": services.column_header(key), "required": required, "description": DESCRIPTIONS[key]}
        for key, _label, _others, required in services.COLUMNS
    ]
    recent = _jobs(request.user).select_related("created_by")[:10]
    return render(request, "referrals/imports/start.html", {"form": form, "columns": columns, "recent": recent})


def _status(job) -> dict:
    return {
        "status": job.status,
        "status_text": job.get_status_display(),
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "created_count": job.created_count,
        "percent": job.percent,
        "error_count": len(job.errors),
        "finished": job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
    }


def _progress_text(job) -> str:
    if job.status == ImportJob.Status.DONE:
        return _("Klar: %(count)s remisser importerade.") % {"count": job.created_count}
    if job.status == ImportJob.Status.FAILED:
        return _("Importen misslyckades: %(count)s fel. Ingenting sparades.") % {"count": len(job.errors)}
    if job.status == ImportJob.Status.PENDING:
        return _("Väntar på att starta …")
    return _("Kontrollerar rad %(done)s av %(total)s …") % {"done": job.processed_rows, "total": job.total_rows}


@officers_only
def import_job(request, pk):
    job = _job(request.user, pk)
    errors = [{"row": e.get("row"), "text": services.error_text(e)} for e in job.errors]
    return render(
        request,
        "referrals/imports/job.html",
        {
            "job": job,
            "errors": errors,
            "progress_text": _progress_text(job),
            "finished": job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
            "status_url": reverse("referrals:import_status", kwargs={"pk": job.pk}),
        },
    )


@officers_only
def import_status(request, pk):
    job = _job(request.user, pk)
    data = _status(job)
    data["text"] = _progress_text(job)
    return JsonResponse(data)


@officers_only
def import_example(request):
    response = HttpResponse(services.example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="remisser-exempel.csv"'
    return response


urlpatterns = [
    path("remisser/import/", import_start, name="import"),
    path("remisser/import/exempel.csv", import_example, name="import_example"),
    path("remisser/import/<int:pk>/", import_job, name="import_job"),
    path("remisser/import/<int:pk>/status/", import_status, name="import_status"),
]
