"""Boolean settings read from the environment accept only the usual words; anything else stops the start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "Yes", "on", " On "])
def test_env_bool_reads_the_usual_words_for_true(monkeypatch, word):
    monkeypatch.setenv("SECURE_COOKIES", word)
    assert env_bool("SECURE_COOKIES", False) is True


@pytest.mark.parametrize("word", ["0", "false", "False", "NO", "off"])
def test_env_bool_reads_the_usual_words_for_false(monkeypatch, word):
    monkeypatch.setenv("SECURE_COOKIES", word)
    assert env_bool("SECURE_COOKIES", True) is False


@pytest.mark.parametrize("word", ["", "   "])
def test_env_bool_falls_back_to_the_default_when_empty(monkeypatch, word):
    monkeypatch.setenv("SECURE_COOKIES", word)
    assert env_bool("SECURE_COOKIES", True) is True


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    assert env_bool("SECURE_COOKIES", True) is True


@pytest.mark.parametrize("word", ["ture", "enabled", "2", "nope"])
def test_env_bool_refuses_an_unknown_value_instead_of_reading_it_as_false(monkeypatch, word):
    monkeypatch.setenv("SECURE_COOKIES", word)
    with pytest.raises(ImproperlyConfigured, match="SECURE_COOKIES"):
        env_bool("SECURE_COOKIES", True)
