from django.urls import path

from .views import issuing, manage, public

app_name = "certificates"

urlpatterns = [
    # public: the page a QR code opens (also mounted at /verify/<code>/)
    path("verify/<str:code>/", public.verify, name="verify"),
    # the person's own — views/public.py
    path("certificates/mine/", public.mine, name="mine"),
    path("certificates/<int:certificate_id>/pdf/", public.download, name="download"),
    # issuer's details, templates and registry — views/manage.py
    path("certificates/", manage.registry, name="registry"),
    path("certificates/<int:certificate_id>/", manage.detail, name="detail"),
    path("certificates/<int:certificate_id>/revoke/", manage.revoke, name="revoke"),
    path("certificates/<int:certificate_id>/reissue/", manage.reissue, name="reissue"),
    path("certificates/issuer/<int:organization_id>/", manage.issuer_edit, name="issuer"),
    path("certificates/issuer/<int:organization_id>/logo/", manage.issuer_logo, name="logo"),
    path(
        "certificates/issuer/<int:organization_id>/signatories/",
        manage.signatory_add,
        name="signatories",
    ),
    path(
        "certificates/issuer/<int:organization_id>/signatories/<int:signatory_id>/delete/",
        manage.signatory_delete,
        name="signatory_delete",
    ),
    path(
        "certificates/issuer/<int:organization_id>/signatories/<int:signatory_id>/facsimile/",
        manage.signatory_facsimile,
        name="facsimile",
    ),
    path("certificates/templates/<int:template_id>/", manage.template_edit, name="template"),
    path(
        "certificates/templates/<int:template_id>/preview/",
        manage.template_preview,
        name="template_preview",
    ),
    # issuing in batches — views/issuing.py
    path("programs/<int:program_id>/certificates/", issuing.for_program, name="program"),
    path("events/<int:event_id>/certificates/", issuing.for_event, name="event"),
    path("certificates/batches/<int:batch_id>/", issuing.batch, name="batch"),
    path("certificates/batches/<int:batch_id>/progress/", issuing.batch_progress, name="progress"),
]
