from django.urls import path

from cordee.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("profile/my-data.json", views.data_export, name="data_export"),
    path("profile/erase/", views.account_erase, name="erase"),
    path("people/<uuid:public_id>/", views.person_detail, name="person"),
    path("people/<uuid:public_id>/photo", views.person_photo, name="photo"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
