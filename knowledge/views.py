import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from networks.models import Organisation
from planportal import roles

from . import selectors, services
from .forms import (
    DocumentEditForm,
    DocumentForm,
    LayerEditForm,
    LayerForm,
    NewsItemForm,
    RequestForm,
    RequestStatusForm,
    ReviewedForm,
    SubscriptionForm,
    VersionForm,
)
from .models import Document, DocumentRequest, NewsItem, Theme
from .querysets import is_editor

PAGE_SIZE = 20


def apply_errors(form, exc: ValidationError):
    """A service's field-keyed ValidationError onto the form (unknown keys to the summary)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class EditorRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_editor(request.user):
            raise PermissionDenied(_("Bara redaktörer får göra detta."))
        return super().dispatch(request, *args, **kwargs)


class LibraryIndexView(TemplateView):
    template_name = "knowledge/index.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.library_front(user=self.request.user))
        ctx["is_editor"] = is_editor(self.request.user)
        return ctx


FACET_LABELS = {
    "theme": gettext_lazy("Tema"),
    "year": gettext_lazy("År"),
    "kind": gettext_lazy("Typ"),
    "municipality": gettext_lazy("Kommun"),
    "publisher": gettext_lazy("Utgivare"),
}


class CountedPaginator(Paginator):
    """A paginator told its count: the facet statement has already counted the hits, and at
    200,000 documents a common term costs a second scan to count them again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


class SearchView(TemplateView):
    template_name = "knowledge/search.html"
    filter_keys = ("q", "theme", "year", "kind", "municipality", "publisher", "bbox", "sort")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "").strip() for k in self.filter_keys}
        ctx["params"] = params
        ctx["errors"] = {}
        try:
            qs = selectors.document_search(user=self.request.user, filters=params)
            facets = selectors.document_facets(user=self.request.user, filters=params)
            results = selectors.with_headline(selectors.with_list_data(qs), params["q"])
            paginator = CountedPaginator(results, PAGE_SIZE, count=facets["total"])
            page = paginator.get_page(self.request.GET.get("page"))
        except ValidationError as exc:
            ctx["errors"] = exc.message_dict
            facets, page, paginator = {}, None, None
        ctx["page_obj"] = page
        ctx["paginator"] = paginator
        ctx["is_paginated"] = bool(paginator and paginator.num_pages > 1)
        ctx["documents"] = list(page) if page else []
        ctx["facets"] = [
            {"key": key, "label": label, "options": facets.get(key, []), "selected": params[key]}
            for key, label in FACET_LABELS.items()
        ]
        ctx["active_filters"] = [
            {"key": k, "label": FACET_LABELS[k], "value": params[k], "remove_url": self._url_without(k)}
            for k in FACET_LABELS
            if params[k]
        ]
        if params["bbox"]:
            ctx["active_filters"].append(
                {
                    "key": "bbox",
                    "label": _("Kartutsnitt"),
                    "value": params["bbox"],
                    "remove_url": self._url_without("bbox"),
                }
            )
        ctx["sorts"] = [("relevance", _("Relevans")), ("year", _("År, nyast först")), ("title", _("Titel"))]
        ctx["map_layers_json"] = json.dumps(
            [
                {
                    "key": "documents",
                    "name": _("Dokumentens täckning"),
                    "geojson": json.loads(selectors.coverage_feature_collection(ctx["documents"])),
                    "color": "#6a3d9a",
                    "popup": "title",
                    "link": "url",
                }
            ]
        )
        return ctx

    def _url_without(self, key):
        query = self.request.GET.copy()
        query.pop(key, None)
        query.pop("page", None)
        return f"{reverse('knowledge:search')}?{query.urlencode()}"


class DocumentDetailView(TemplateView):
    template_name = "knowledge/document_detail.html"

    def get_document(self):
        try:
            return selectors.document_detail(user=self.request.user, slug=self.kwargs["slug"])
        except Document.DoesNotExist:
            raise Http404(_("Dokumentet finns inte eller är inte tillgängligt för dig."))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document = self.get_document()
        services.document_record_view(document=document)
        versions = list(selectors.document_versions(document=document))
        ctx["document"] = document
        ctx["versions"] = versions
        ctx["version"] = next((v for v in versions if v.is_current), versions[0] if versions else None)
        ctx["related"] = selectors.related_documents(user=self.request.user, document=document)
        ctx["goals"] = selectors.related_goals(user=self.request.user, document=document)
        ctx["layers"] = selectors.layer_list(user=self.request.user).filter(document=document)
        ctx["is_editor"] = is_editor(self.request.user)
        ctx["reviewed_form"] = ReviewedForm()
        geojson = selectors.coverage_feature_collection([document])
        ctx["has_coverage"] = bool(json.loads(geojson)["features"])
        layers = [
            {
                "key": "coverage",
                "name": _("Dokumentets täckning"),
                "geojson": json.loads(geojson),
                "color": "#6a3d9a",
                "fit": True,
            }
        ]
        for layer in ctx["layers"]:
            layers.append(
                {
                    "key": f"layer-{layer.pk}",
                    "name": layer.name,
                    "url": reverse("layer-features", args=[layer.pk]),
                    "color": "#1d6b35",
                }
            )
        ctx["map_layers_json"] = json.dumps(layers)
        ctx["show_map"] = ctx["has_coverage"] or bool(ctx["layers"])
        return ctx


class VersionDetailView(DocumentDetailView):
    template_name = "knowledge/version_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        version = next((v for v in ctx["versions"] if v.number == self.kwargs["number"]), None)
        if version is None:
            raise Http404(_("Versionen finns inte."))
        ctx["shown_version"] = version
        return ctx


class DocumentCreateView(EditorRequiredMixin, FormView):
    template_name = "knowledge/document_form.html"
    form_class = DocumentForm

    def get_initial(self):
        from planportal.roles import user_organisation

        org = user_organisation(self.request.user)
        return {"publisher": org.slug if org else None, "is_public": True}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        files = data.pop("files")
        data["municipalities"] = list(data["municipalities"])
        data["themes"] = list(data["themes"])
        data["goals"] = list(data["goals"])
        try:
            document = services.document_create(data=data, files=files, actor=self.request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dokumentet är publicerat."))
        return redirect(document)


class DocumentObjectMixin:
    def get_document(self):
        return get_object_or_404(Document.objects.visible_to(self.request.user), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["document"] = self.get_document()
        return ctx


class DocumentEditView(EditorRequiredMixin, DocumentObjectMixin, FormView):
    template_name = "knowledge/document_edit.html"
    form_class = DocumentEditForm

    def get_initial(self):
        d = self.get_document()
        return {
            "title": d.title,
            "summary": d.summary,
            "year": d.year,
            "kind": d.kind,
            "publisher": d.publisher.slug,
            "themes": list(d.themes.all()),
            "municipalities": list(d.municipalities.all()),
            "url": d.url,
            "is_public": d.is_public,
            "review_by": d.review_by,
            "status": d.status,
            "goals": list(d.goals.all()),
        }

    def form_valid(self, form):
        document = self.get_document()
        data = dict(form.cleaned_data)
        data["municipalities"] = list(data["municipalities"])
        data["themes"] = list(data["themes"])
        data["goals"] = list(data["goals"])
        try:
            services.document_update(document=document, data=data, actor=self.request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ändringarna är sparade."))
        return redirect(document)


class VersionCreateView(EditorRequiredMixin, DocumentObjectMixin, FormView):
    template_name = "knowledge/version_form.html"
    form_class = VersionForm

    def form_valid(self, form):
        document = self.get_document()
        try:
            services.document_add_version(
                document=document,
                files=form.cleaned_data["files"],
                label=form.cleaned_data["label"],
                note=form.cleaned_data["note"],
                actor=self.request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Den nya versionen är publicerad och ersätter den förra."))
        return redirect(document)


class DocumentReviewedView(EditorRequiredMixin, DocumentObjectMixin, FormView):
    template_name = "knowledge/reviewed_form.html"
    form_class = ReviewedForm

    def form_valid(self, form):
        document = self.get_document()
        try:
            services.document_mark_reviewed(
                document=document, next_review_by=form.cleaned_data["review_by"], actor=self.request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dokumentet är markerat som granskat."))
        return redirect(document)


class ReviewListView(LoginRequiredMixin, TemplateView):
    template_name = "knowledge/review_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["documents"] = selectors.documents_due_for_review(user=self.request.user)
        return ctx


class RequestListView(LoginRequiredMixin, TemplateView):
    template_name = "knowledge/request_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "") for k in ("status", "municipality")}
        ctx["params"] = params
        try:
            requests = selectors.request_list(user=self.request.user, filters=params)
            ctx["errors"] = {}
        except ValidationError as exc:
            requests = selectors.request_list(user=self.request.user)
            ctx["errors"] = exc.message_dict
        paginator = Paginator(requests, 50)
        ctx["page_obj"] = page = paginator.get_page(self.request.GET.get("page"))
        ctx["paginator"] = paginator
        ctx["is_paginated"] = paginator.num_pages > 1
        ctx["requests"] = list(page)
        ctx["statuses"] = DocumentRequest.Status.choices
        ctx["municipalities"] = Organisation.objects.municipalities().order_by("name")
        ctx["can_propose"] = roles.has_role(self.request.user, roles.PLANNER, roles.EDITOR, roles.ADMINISTRATOR)
        return ctx


class RequestCreateView(LoginRequiredMixin, FormView):
    template_name = "knowledge/request_form.html"
    form_class = RequestForm

    def get_initial(self):
        org = roles.user_organisation(self.request.user)
        return {"municipalities": [org] if org and org.is_municipality else []}

    def form_valid(self, form):
        try:
            request = services.request_propose(
                topic=form.cleaned_data["topic"],
                reason=form.cleaned_data["reason"],
                municipalities=list(form.cleaned_data["municipalities"]),
                themes=list(form.cleaned_data["themes"]),
                actor=self.request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Tack! Önskemålet är registrerat."))
        return redirect(request)


class RequestDetailView(LoginRequiredMixin, TemplateView):
    template_name = "knowledge/request_detail.html"

    def get_request_object(self):
        qs = selectors.request_list(user=self.request.user)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.get_request_object()
        ctx["item"] = obj
        org = roles.user_organisation(self.request.user)
        supporters = [s.organisation for s in obj.supports.all()]
        ctx["supporters"] = supporters
        ctx["can_support"] = (
            roles.has_role(self.request.user, roles.PLANNER, roles.EDITOR, roles.ADMINISTRATOR)
            and org is not None
            and org not in supporters
            and obj.status not in (DocumentRequest.Status.PUBLISHED, DocumentRequest.Status.DECLINED)
        )
        ctx["is_editor"] = is_editor(self.request.user)
        ctx.setdefault(
            "status_form",
            RequestStatusForm(
                initial={
                    "status": obj.status,
                    "status_reason": obj.status_reason,
                    "document": obj.document.slug if obj.document else None,
                }
            ),
        )
        ctx["status_form"].fields["document"].queryset = Document.objects.visible_to(self.request.user).order_by(
            "title"
        )
        return ctx

    def post(self, request, *args, **kwargs):
        obj = self.get_request_object()
        action = request.POST.get("action")
        if action == "support":
            try:
                services.request_support(request=obj, actor=request.user)
                messages.success(request, _("Din organisation stöttar nu önskemålet."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(obj)
        if action == "status":
            form = RequestStatusForm(request.POST)
            form.fields["document"].queryset = Document.objects.visible_to(request.user)
            if form.is_valid():
                try:
                    services.request_set_status(
                        request=obj,
                        status=form.cleaned_data["status"],
                        reason=form.cleaned_data["status_reason"],
                        document=form.cleaned_data["document"],
                        actor=request.user,
                    )
                    messages.success(request, _("Statusen är ändrad."))
                    return redirect(obj)
                except ValidationError as exc:
                    apply_errors(form, exc)
            return self.render_to_response(self.get_context_data(status_form=form))
        return redirect(obj)


class LayerListView(TemplateView):
    template_name = "knowledge/layer_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["layers"] = selectors.layer_list(user=self.request.user)
        ctx["is_editor"] = is_editor(self.request.user)
        return ctx


class LayerUploadView(EditorRequiredMixin, FormView):
    template_name = "knowledge/layer_form.html"
    form_class = LayerForm

    def form_valid(self, form):
        try:
            layer = services.layer_upload(
                upload=form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                document=form.cleaned_data["document"],
                is_public=form.cleaned_data["is_public"],
                actor=self.request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Kartlagret är sparat."))
        return redirect(layer)


class LayerDetailView(TemplateView):
    template_name = "knowledge/layer_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        layer = get_object_or_404(selectors.layer_list(user=self.request.user), pk=self.kwargs["pk"])
        ctx["layer"] = layer
        ctx["is_editor"] = is_editor(self.request.user)
        ctx["features"] = layer.features.order_by("number")[:200]
        ctx["map_layers_json"] = json.dumps(
            [
                {
                    "key": "layer",
                    "name": layer.name,
                    "url": reverse("layer-features", args=[layer.pk]),
                    "color": "#1d6b35",
                    "fit": True,
                    "popup": "name",
                }
            ]
        )
        return ctx


class EditorObjectMixin(EditorRequiredMixin):
    """An editor's page about one object; `object_context` names it in the template."""

    object_context = "object"

    def get_queryset(self):
        raise NotImplementedError

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx[self.object_context] = self.get_object()
        return ctx


class EditorObjectFormView(FormView):
    """The object's form filled in with its current values (many-to-many fields as lists)."""

    def get_initial(self):
        obj = self.get_object()
        initial = {}
        for name in self.get_form_class().base_fields:
            value = getattr(obj, name, None)
            initial[name] = list(value.all()) if hasattr(value, "all") else value
        return initial


class DeleteConfirmView(EditorObjectMixin, TemplateView):
    """GET asks to confirm; POST deletes through the service and goes back to the list."""

    success_url = None
    success_message = ""

    def perform_delete(self, obj):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        self.perform_delete(obj)
        messages.success(request, self.success_message % {"name": obj})
        return redirect(self.success_url)


class LayerMixin(EditorObjectMixin):
    object_context = "layer"

    def get_queryset(self):
        return selectors.layer_list(user=self.request.user)


class LayerEditView(LayerMixin, EditorObjectFormView):
    template_name = "knowledge/layer_edit.html"
    form_class = LayerEditForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("file") or None
        try:
            layer = services.layer_update(layer=self.get_object(), data=data, upload=upload, actor=self.request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        if upload is not None:
            messages.success(
                self.request,
                _("Kartlagret är sparat. Objekten är ersatta med de %(n)s i %(file)s.")
                % {"n": intcomma(layer.feature_count), "file": layer.source_name},
            )
        else:
            messages.success(self.request, _("Kartlagret är sparat."))
        return redirect(layer)


class LayerDeleteView(LayerMixin, DeleteConfirmView):
    template_name = "knowledge/layer_delete.html"
    success_url = "knowledge:layer_list"
    success_message = gettext_lazy("Kartlagret ”%(name)s” är borttaget.")

    def perform_delete(self, obj):
        services.layer_delete(layer=obj, actor=self.request.user)


class SubscriptionView(LoginRequiredMixin, FormView):
    template_name = "knowledge/subscriptions.html"
    form_class = SubscriptionForm

    def get_initial(self):
        subs = self.request.user.subscriptions.select_related("theme", "municipality")
        return {
            "themes": [s.theme for s in subs if s.theme_id],
            "municipalities": [s.municipality for s in subs if s.municipality_id],
        }

    def form_valid(self, form):
        try:
            services.subscriptions_set(
                user=self.request.user,
                themes=list(form.cleaned_data["themes"]),
                municipalities=list(form.cleaned_data["municipalities"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dina bevakningar är sparade. Sammanställningen kommer varje måndag."))
        return redirect("knowledge:subscriptions")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["themes"] = Theme.objects.order_by("order", "name")
        return ctx


class NewsCreateView(EditorRequiredMixin, FormView):
    template_name = "knowledge/news_form.html"
    form_class = NewsItemForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["themes"] = list(data["themes"])
        try:
            services.news_create(data=data, actor=self.request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Nyheten är publicerad."))
        return redirect("knowledge:index")


class NewsListView(TemplateView):
    template_name = "knowledge/news_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = {k: self.request.GET.get(k, "").strip() for k in ("theme", "scope")}
        ctx["params"], ctx["errors"] = params, {}
        try:
            news = selectors.news_list(user=self.request.user, **params)
        except ValidationError as exc:
            news, ctx["errors"] = selectors.news_list(user=self.request.user), exc.message_dict
        ctx["themes"] = Theme.objects.order_by("order", "name")
        ctx["scopes"] = NewsItem.Scope.choices
        paginator = Paginator(news, 50)
        ctx["page_obj"] = page = paginator.get_page(self.request.GET.get("page"))
        ctx["paginator"] = paginator
        ctx["is_paginated"] = paginator.num_pages > 1
        ctx["news"] = list(page)
        ctx["is_editor"] = is_editor(self.request.user)
        return ctx


class NewsMixin(EditorObjectMixin):
    object_context = "item"

    def get_queryset(self):
        return NewsItem.objects.visible_to(self.request.user)


class NewsEditView(NewsMixin, EditorObjectFormView):
    template_name = "knowledge/news_edit.html"
    form_class = NewsItemForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["themes"] = list(data["themes"])
        try:
            services.news_update(item=self.get_object(), data=data, actor=self.request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ändringarna i nyheten är sparade."))
        return redirect("knowledge:news_list")


class NewsDeleteView(NewsMixin, DeleteConfirmView):
    template_name = "knowledge/news_delete.html"
    success_url = "knowledge:news_list"
    success_message = gettext_lazy("Nyheten ”%(name)s” är borttagen.")

    def perform_delete(self, obj):
        services.news_delete(item=obj, actor=self.request.user)


class ThemeFeed(Feed):
    """Atom feed of a theme's public documents (feeds are read anonymously)."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return f"Planportalen – dokument om {theme.name.lower()}"

    def subtitle(self, theme):
        return f"Nya och uppdaterade planeringsunderlag om {theme.name.lower()} från Region Örebro län."

    def link(self, theme):
        return theme.get_absolute_url()

    def items(self, theme):
        return selectors.feed_documents(theme=theme)

    def item_title(self, item):
        return f"{item.title}{' (Exempeldata)' if item.is_example else ''}"

    def item_description(self, item):
        return item.summary

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.publisher.name

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_link(self, item):
        return item.get_absolute_url()
