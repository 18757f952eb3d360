from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    # Anyone, without signing in.
    path("verify/", views.verify, name="verify"),
    path("verify/credential/", views.credential_check, name="credential_check"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path("issuer/", views.issuer_profile, name="issuer_profile"),
    path("issuer/jwks.json", views.issuer_jwks, name="issuer_jwks"),
    path("issuer/revocations.json", views.revocation_list, name="revocation_list"),
    # The holder (or partnership staff).
    path("download/<str:code>.pdf", views.certificate_pdf, name="pdf"),
    path("download/<str:code>.jwt", views.certificate_badge, name="badge"),
    path("download/<str:code>.json", views.certificate_badge_json, name="badge_json"),
    # Partnership staff.
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/exports/", views.export_list, name="export_list"),
    path("manage/exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("manage/exports/<int:pk>/status.json", views.export_status, name="export_status"),
    path("manage/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("manage/<str:code>/", views.manage_detail, name="manage_detail"),
    path("manage/<str:code>/revoke/", views.manage_revoke, name="manage_revoke"),
    path("manage/<str:code>/reissue/", views.manage_reissue, name="manage_reissue"),
]
