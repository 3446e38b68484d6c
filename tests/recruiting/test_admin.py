"""Django admin: every model has a working list and form, and staff see only their organization."""

import pytest
from django.contrib import admin
from django.test import Client

from recruiting.models import Candidate, User
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@platform.test", password="root-password-1")


def _admin_urls():
    for model in admin.site._registry:
        opts = model._meta
        yield f"/admin/{opts.app_label}/{opts.model_name}/"


def test_every_registered_model_has_a_changelist_search_and_add_page(superuser, org_a, admin_a):
    job = JobFactory(organization=org_a)
    ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a))
    client = Client()
    client.force_login(superuser)
    for url in _admin_urls():
        assert client.get(url).status_code == 200, url
        assert client.get(url, {"q": "a"}).status_code == 200, url
        add = client.get(url + "add/")
        assert add.status_code in (200, 403), url


def test_candidate_change_page_shows_inlines(superuser, org_a):
    candidate = CandidateFactory(organization=org_a)
    ApplicationFactory(job=JobFactory(organization=org_a), candidate=candidate)
    client = Client()
    client.force_login(superuser)
    page = client.get(f"/admin/recruiting/candidate/{candidate.pk}/change/").content.decode()
    assert "Applications" in page and "Notes" in page


def test_org_staff_see_only_their_organization(org_a, org_b, admin_a):
    admin_a.is_staff = True
    admin_a.is_superuser = True  # all model permissions, but still not a platform superuser below
    admin_a.save()
    ours = CandidateFactory(organization=org_a, first_name="Ours")
    theirs = CandidateFactory(organization=org_b, first_name="Theirs")
    User.objects.filter(pk=admin_a.pk).update(is_superuser=False)
    admin_a.refresh_from_db()
    from django.contrib.auth.models import Permission

    admin_a.user_permissions.set(Permission.objects.filter(content_type__app_label="recruiting"))
    client = Client()
    client.force_login(admin_a)
    listing = client.get("/admin/recruiting/candidate/").content.decode()
    assert "Ours" in listing and "Theirs" not in listing
    assert client.get(f"/admin/recruiting/candidate/{theirs.pk}/change/").status_code == 404
    assert client.get(f"/admin/recruiting/candidate/{ours.pk}/change/").status_code == 200
    assert Candidate.objects.get(pk=theirs.pk).first_name == "Theirs"
