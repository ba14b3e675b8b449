from django.contrib import admin

from .models import MethodologySection
from .services import methodology_section_save, methodology_sections_delete


@admin.register(MethodologySection)
class MethodologySectionAdmin(admin.ModelAdmin):
    list_display = ["title", "anchor", "position", "updated_at"]
    list_editable = ["position"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"anchor": ["title"]}
    ordering = ["position", "pk"]

    def save_model(self, request, obj, form, change):
        methodology_section_save(section=obj)

    def delete_model(self, request, obj):
        methodology_sections_delete(
            queryset=MethodologySection.objects.filter(pk=obj.pk)
        )

    def delete_queryset(self, request, queryset):
        methodology_sections_delete(queryset=queryset)
