from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms
from .views import directory, imports, people, tokens

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=forms.PasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html",
            success_url=reverse_lazy("accounts:password_set_done"),
            post_reset_login=True,
            # the lockout backend signs nobody in; a new password from the letter does
            post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
        ),
        name="password_set",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_set_done.html"
        ),
        name="password_set_done",
    ),
    # people (profile, personal data, deletion requests, invitations, audit) — views/people.py
    path("profile/", people.profile, name="profile"),
    path(
        "profile/invitations/<int:invitation_id>/accept/",
        people.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "profile/invitations/<int:invitation_id>/decline/",
        people.invitation_decline,
        name="invitation_decline",
    ),
    path("profile/data/", people.my_data, name="my_data"),
    path("profile/consent/", people.consent_give, name="consent_give"),
    path("profile/data/download/", people.my_data_download, name="my_data_download"),
    path("profile/data/delete/", people.deletion_request, name="deletion_request"),
    path("deletion-requests/", people.deletion_requests, name="deletion_requests"),
    path(
        "deletion-requests/<int:person_id>/complete/",
        people.deletion_complete,
        name="deletion_complete",
    ),
    path("organizations/<int:organization_id>/invite/", people.person_invite, name="person_invite"),
    path("audit/", people.audit_log, name="audit_log"),
    # directory (networks, organisations, members) — views/directory.py
    path("networks/", directory.network_list, name="network_list"),
    path("networks/<int:network_id>/", directory.network_detail, name="network_detail"),
    path(
        "organizations/<int:organization_id>/",
        directory.organization_detail,
        name="organization_detail",
    ),
    path("profile/tokens/", tokens.token_list, name="api_tokens"),
    path(
        "profile/tokens/<int:token_id>/revoke/",
        tokens.token_revoke_view,
        name="api_token_revoke",
    ),
    # import of people and organisations — views/imports.py
    path("import/", imports.import_start, name="import_start"),
    path("import/<int:batch_id>/", imports.import_batch, name="import_batch"),
    path("import/<int:batch_id>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<int:batch_id>/cancel/", imports.import_cancel, name="import_cancel"),
    path("import/examples/<str:name>", imports.import_example, name="import_example"),
]
