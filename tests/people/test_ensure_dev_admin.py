"""`make run`'s admin account: random password, printed once, development only."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("ensure_dev_admin", stdout=out)
    return out.getvalue()


def test_it_makes_an_admin_with_a_random_password_shown_once(settings):
    settings.DEBUG = True
    output = run()
    password = output.split("password ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password(password)
    assert len(password) >= 16
    again = run()
    assert password not in again
    assert "exists already" in again


def test_two_machines_get_different_passwords(settings):
    settings.DEBUG = True
    first = run().split("password ")[1].split()[0]
    get_user_model().objects.all().delete()
    assert run().split("password ")[1].split()[0] != first


def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        run()
    assert not get_user_model().objects.exists()
