"""Materials of a programme's final case open through the programme's view: for coordinators
always, for the programme's members once the case is shown; never by a /media/ address."""

from django.core.files.uploadedfile import SimpleUploadedFile

from metodset.programs.models import Program

from ..conftest import client_for

PDF_BYTES = b"%PDF-1.4 recommendations"


def test_case_file_for_coordinators_then_members_and_never_outsiders(
    world, internship, tmp_path, settings, client
):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_SERVING = "django"
    program = internship.program
    coordinator = client_for(world.coordinator)
    coordinator.post(
        f"/programs/{program.pk}/case/",
        {"title": "Рекомендации", "kind": "recommendations", "url": "",
         "file": SimpleUploadedFile("rec.pdf", PDF_BYTES)},
    )  # fmt: skip
    material = Program.objects.get(pk=program.pk).final_case.materials.get()
    url = f"/programs/{program.pk}/case/{material.pk}/file/"
    page = coordinator.get(f"/programs/{program.pk}/case/").text
    assert f'href="{url}"' in page and "/media/" not in page
    assert b"".join(coordinator.get(url).streaming_content) == PDF_BYTES
    intern = client_for(internship.interns[0])
    assert intern.get(url).status_code == 404  # not shown to interns yet
    coordinator.post(f"/programs/{program.pk}/case/shown/", {"published": "1"})
    assert f'href="{url}"' in intern.get(f"/programs/{program.pk}/").text
    response = intern.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert client_for(world.outsider).get(url).status_code == 404
    assert client.get(url)["Location"].startswith("/login/")
    assert intern.get(f"/programs/{program.pk}/case/{material.pk + 1}/file/").status_code == 404
