from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from lixing.api.urls import api
from lixing.common.views import healthz, media
from lixing.orgs.views import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("lixing.accounts.urls")),
    path("orgs/", include("lixing.orgs.urls")),
    path("figures/", include("lixing.figures.urls")),
    path("imports/", include("lixing.imports.urls")),
    path("campaigns/", include("lixing.campaigns.urls")),
    path("study/", include("lixing.study.urls")),
    path("quizzes/", include("lixing.quizzes.urls")),
    path("deeds/", include("lixing.deeds.urls")),
    path("indicators/", include("lixing.indicators.urls")),
    path("projects/", include("lixing.projects.urls")),
    path("publicity/", include("lixing.publicity.urls")),
    path("contests/", include("lixing.contests.urls")),
    path("reports/", include("lixing.reports.urls")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    re_path(r"^media/(?P<path>.*)$", media, name="media"),
]
