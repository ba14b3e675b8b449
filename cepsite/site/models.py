"""What the assembly stores itself: the methodology page's sections."""

from django.db import models
from django.urls import reverse

from cepsite.richtext import RichTextField


class MethodologySection(models.Model):
    """One section of ``/methodology/``, written by editors in the admin."""

    title = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The section's address on the page, as in "
        "/methodology/#dates; links elsewhere on the site may use it.",
    )
    body = RichTextField(blank=True)
    position = models.PositiveIntegerField(
        default=0, help_text="Sections are shown from the lowest number up."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "methodology section"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('methodology')}#{self.anchor}"
