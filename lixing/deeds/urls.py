from django.urls import path

from . import views

app_name = "deeds"
urlpatterns = [
    path("", views.index, name="index"),
    # Tickets (staff)
    path("tickets/", views.tickets, name="tickets"),
    path("tickets/figures/", views.ticket_figures, name="ticket_figures"),
    path("tickets/new/", views.ticket_new, name="ticket_new"),
    path("tickets/<int:ticket_id>/", views.ticket, name="ticket"),
    path("tickets/<int:ticket_id>/assign/", views.ticket_assign, name="ticket_assign"),
    path("tickets/<int:ticket_id>/assign/pick/<slug:field>/", views.pick_assign, name="pick_assign"),
    path("tickets/<int:ticket_id>/start/", views.ticket_start, name="ticket_start"),
    path("tickets/<int:ticket_id>/answer/", views.ticket_answer, name="ticket_answer"),
    path("tickets/<int:ticket_id>/confirm/", views.ticket_confirm, name="ticket_confirm"),
    path("tickets/<int:ticket_id>/note/", views.ticket_note, name="ticket_note"),
    path("categories/", views.categories, name="categories"),
    # Public: no account
    path("report/", views.public_report, name="report"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_code, name="track_code"),
    path("track/<str:code>/confirm/", views.track_confirm, name="track_confirm"),
    path("public/projects/", views.public_projects, name="public_projects"),
    path("public/projects/propose/", views.public_propose, name="public_propose"),
    path("public/projects/<int:project_id>/", views.public_project, name="public_project"),
    path("public/projects/<int:project_id>/code/", views.public_send_code, name="public_send_code"),
    path("public/projects/<int:project_id>/verify/", views.public_verify, name="public_verify"),
    path("public/projects/<int:project_id>/vote/", views.public_vote, name="public_vote"),
    path("public/wishes/", views.public_wishes, name="public_wishes"),
    path("public/communities/", views.pick_community, name="pick_community"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    # Visits
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/", views.visit, name="visit"),
    # Projects (staff)
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:project_id>/", views.project, name="project"),
    path("projects/<int:project_id>/<str:action>/", views.project_action, name="project_action"),
    # Wishes
    path("wishes/", views.wishes, name="wishes"),
    path("wishes/new/", views.wish_new, name="wish_new"),
    path("wishes/<int:wish_id>/", views.wish, name="wish"),
    path("wishes/<int:wish_id>/<str:action>/", views.wish_action, name="wish_action"),
    # Registration, activities, volunteering, teams
    path("volunteering/", views.volunteering, name="volunteering"),
    path("volunteering/register/", views.register_me, name="register_me"),
    path("registrations/", views.registrations, name="registrations"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:activity_id>/", views.activity, name="activity"),
    path("activities/<int:activity_id>/sign-up/", views.activity_sign_up, name="activity_sign_up"),
    path("records/<int:record_id>/<str:action>/", views.record_action, name="record_action"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team, name="team"),
]
