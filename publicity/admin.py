"""Admin of publicity, for the administrator's repairs. An article's state and review fields are
read-only here: states change only through publicity.services, which checks the four-eyes rule."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    PublishedResult,
    Video,
)
from publicity.services import SUMMARY_HAS_PHONE, looks_like_phone


@admin.register(Column)
class ColumnAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "is_special", "is_active", "sort_order"]
    list_filter = ["is_special", "is_active"]
    search_fields = ["name", "slug"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "column", "state", "published_at", "created_by", "reviewed_by"]
    list_filter = ["state", "column"]
    search_fields = ["title", "author"]
    date_hierarchy = "published_at"
    list_select_related = ["column", "created_by", "reviewed_by"]
    readonly_fields = ["state", "published_at", "submitted_at", "reviewed_by", "review_note", "created_by"]
    raw_id_fields = ["column"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(PeriodicalIssue)
class PeriodicalIssueAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "number", "published_on", "is_public"]
    list_filter = ["year", "is_public"]
    readonly_fields = ["pdf_size"]


@admin.register(Video)
class VideoAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "made_on", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title"]


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0


@admin.register(Correspondent)
class CorrespondentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "township", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    list_select_related = ["unit", "township"]
    inlines = [HonourInline]


@admin.register(ExternalPublication)
class ExternalPublicationAdmin(SimpleHistoryAdmin):
    list_display = ["date", "outlet", "title"]
    list_filter = ["outlet"]
    search_fields = ["title", "outlet"]
    date_hierarchy = "date"
    filter_horizontal = ["correspondents"]
    raw_id_fields = ["article"]


class PublishedResultAdminForm(forms.ModelForm):
    class Meta:
        model = PublishedResult
        fields = ["summary", "is_withdrawn"]

    def clean_summary(self):
        summary = self.cleaned_data["summary"]
        if looks_like_phone(summary):
            raise forms.ValidationError(SUMMARY_HAS_PHONE, code="phone")
        return summary


@admin.register(PublishedResult)
class PublishedResultAdmin(SimpleHistoryAdmin):
    form = PublishedResultAdminForm
    list_display = ["suggestion", "published_at", "is_withdrawn"]
    list_filter = ["is_withdrawn"]
    readonly_fields = ["suggestion", "published_at", "published_by"]
    list_select_related = ["suggestion"]
