"""One role vocabulary on the User model: pages, the API and templates ask it, never compare role strings."""

import pytest

from recruiting.models import Candidate, User


@pytest.mark.parametrize(
    ("actor", "can_write", "can_interview", "is_org_admin"),
    [
        ("admin_a", True, True, True),
        ("recruiter_a", True, True, False),
        ("manager_a", False, True, False),
        ("viewer_a", False, False, False),
    ],
)
def test_each_role_answers_what_it_may_do(request, actor, can_write, can_interview, is_org_admin):
    user = request.getfixturevalue(actor)
    assert (user.can_write, user.can_interview, user.is_org_admin) == (can_write, can_interview, is_org_admin)


def test_the_role_sets_nest_from_admin_to_hiring(db):
    assert User.ADMIN_ROLES < User.WRITER_ROLES < User.HIRING_ROLES
    assert User.Role.VIEWER not in User.HIRING_ROLES


@pytest.mark.parametrize(
    ("field", "limit"),
    [("first_name", 100), ("last_name", 100), ("email", 254), ("phone", 25), ("location", 200), ("resume_url", 500)],
)
def test_candidate_text_limits_are_read_off_the_model(field, limit):
    assert Candidate.text_limit(field) == limit
