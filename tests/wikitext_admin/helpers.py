"""Shared by the wiki text admin tests: admin URLs, and a check for inline code."""

import re

from django.urls import reverse


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def assert_no_inline_code(content: str) -> None:
    """The site's CSP allows no inline script or style: the page must need none."""
    assert "<style" not in content
    assert not re.search(r"\sstyle=", content), "an inline style attribute"
    assert not re.search(r"\son[a-z]+=", content), "an inline event handler"
    for tag in re.findall(r"<script\b[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag, tag
