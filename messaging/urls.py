"""Messaging pages under /messages/."""

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("start/<str:kind>/<int:pk>/", views.thread_start, name="start"),
    path("mute/<str:token>/", views.mute_by_link, name="mute"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/new/", views.thread_poll, name="poll"),
    path("<int:pk>/send/", views.message_send, name="send"),
    path("<int:pk>/mute/", views.thread_mute, name="mute_toggle"),
    path(
        "<int:pk>/attachments/<int:message_pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
