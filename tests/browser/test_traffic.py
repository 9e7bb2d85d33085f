"""The tests' own watch on requests and errors can fail."""

import pytest

from .traffic import Traffic

pytestmark = pytest.mark.browser


def test_a_request_to_another_host_is_recorded_refused_and_logged(chromium):
    traffic = Traffic("http://localhost:8000")
    context = chromium.new_context()
    traffic.watch(context)
    page = context.new_page()
    with page.expect_console_message(lambda message: message.type == "error"):
        page.set_content('<img src="http://fonts.example.invalid/x.png" alt="">')
    context.close()

    assert traffic.foreign() == ["http://fonts.example.invalid/x.png"]
    assert "ERR_BLOCKED_BY_CLIENT" in traffic.errors[0]
