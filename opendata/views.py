from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView


class RobotsView(TemplateView):
    """robots.txt: crawl the public pages, not the admin or the downloads; where the sitemap is."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return {
            "admin_url": "/" + settings.ADMIN_URL,
            "sitemap_url": self.request.build_absolute_uri(reverse("sitemap")),
        }
