import pytest

from matching.services import forget_candidate_indexes


@pytest.fixture(autouse=True)
def fresh_index_registry():
    """Each test starts with no cached index: test databases reuse primary keys after rollback."""
    forget_candidate_indexes()
    yield
    forget_candidate_indexes()
