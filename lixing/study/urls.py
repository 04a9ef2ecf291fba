from django.urls import path

from . import views

app_name = "study"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("me/checkin/", views.checkin, name="checkin"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/count/", views.session_count, name="session_count"),
    path("sessions/<int:session_id>/qr/", views.session_qr, name="session_qr"),
    path("sessions/<int:session_id>/qr/code/", views.session_qr_code, name="session_qr_code"),
    path("sessions/<int:session_id>/signin/", views.sign_in, name="sign_in"),
    path("sessions/<int:session_id>/tick/", views.session_tick, name="session_tick"),
    path("sessions/<int:session_id>/untick/<int:member_id>/", views.session_untick, name="session_untick"),
    path("sessions/<int:session_id>/absence/", views.absence_reason, name="absence_reason"),
    path("sessions/<int:session_id>/makeup/", views.make_up, name="make_up"),
    path("sessions/<int:session_id>/upload/", views.session_upload, name="session_upload"),
    path("configure/", views.configure, name="configure"),
    path("readings/", views.readings, name="readings"),
    path("readings/<int:reading_id>/", views.reading_detail, name="reading"),
]
