"""An editor fixes an entry in the admin, readers see it, and the history can take it back."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-0"
ORIGINAL = (
    "A principled and determined ballerina from Paris, whose transfer to New York begins the "
    "storyline."
)
FIXED = "A ballerina from Paris who transfers to New York, where her partner rejoins the troupe."
PUBLIC = "/shows/etoile/characters/cheyenne-toussaint/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("margot", "margot@example.org", PASSWORD)


def log_in(page, username):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Site administration")


def open_cheyenne_in_admin(page):
    page.get_by_role("link", name="Characters", exact=True).first.click()
    page.locator("#searchbar").fill("Cheyenne")
    page.locator("#searchbar").press("Enter")
    page.locator("#result_list").get_by_role("link", name="Cheyenne Toussaint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change character")
    expect(page.get_by_role("heading", name="Cheyenne Toussaint", level=2)).to_be_visible()


def test_an_editor_fixes_a_description_sees_it_and_reverts_it(page, etoile, editor):
    """The fix shows on the page and in its history; reverting it there brings the old text back."""
    log_in(page, "margot")
    open_cheyenne_in_admin(page)
    description = page.locator("#id_description")
    expect(description).to_have_value(re.compile(f"^{re.escape(ORIGINAL)}"))
    description.fill(FIXED)
    # The one in "Saving", which the save reads. (The character admin also lists
    # the edit fields in its main fieldset, and of two fields of one name the
    # last one wins.)
    saving = page.get_by_role("group", name="Saving")
    saving.locator("input[name=edit_summary]").fill("Say where she moves")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(PUBLIC)
    prose = page.locator("article .prose")
    expect(prose).to_contain_text(FIXED)
    expect(prose).not_to_contain_text(ORIGINAL)

    page.get_by_role("navigation", name="Page tools").get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of Cheyenne Toussaint")
    newest = page.locator(".changes--history > li").first
    expect(newest).to_contain_text("Say where she moves")
    expect(newest).to_contain_text("margot")

    # Revert in the admin: its History lists the versions, the oldest being the fixture's.
    page.goto("/admin/")
    open_cheyenne_in_admin(page)
    page.locator(".object-tools").get_by_role("link", name="History").click()
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Say where she moves")
    rows.last.get_by_role("link").click()
    expect(page.locator("#id_description")).to_have_value(re.compile(f"^{re.escape(ORIGINAL)}"))
    page.get_by_role("button", name="Save", exact=True).click()
    # A revert says so, and to which version (issue 17), not "changed successfully".
    expect(page.locator(".messagelist")).to_contain_text(
        "Reverted “Cheyenne Toussaint” to the version of"
    )

    page.goto(PUBLIC)
    prose = page.locator("article .prose")
    expect(prose).to_contain_text(ORIGINAL)
    expect(prose).not_to_contain_text(FIXED)
    page.get_by_role("navigation", name="Page tools").get_by_role("link", name="History").click()
    # Her own three versions; her casting's, loaded with her, is a line of its own (issue 17).
    versions = page.locator(".changes--history > li:not(.change--row)")
    expect(versions).to_have_count(3)
    expect(page.locator(".changes--history > li.change--row")).to_have_count(1)
    expect(versions.first).to_contain_text("Reverted to the version of")
