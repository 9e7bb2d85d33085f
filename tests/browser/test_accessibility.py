"""
axe-core (Deque's accessibility engine, from npm: package.json) finds nothing
serious or critical on any type of page, against WCAG 2.2 AA and Deque's best
practices, in the light and the dark colour scheme.

axe is loaded with `add_init_script`, which the browser runs in every new
document through its DevTools protocol, outside the page's Content Security
Policy: `add_script_tag` would add an inline <script>, which the site's strict
CSP rightly refuses, and `bypass_csp` would check a page with its CSP off, not
the page readers get.
"""

import textwrap
from pathlib import Path

import pytest

from tests.validity.page_types import prepare

from .conftest import in_ci

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
IMPACTS = ["serious", "critical"]
# The French interface on a representative set: its longer words and its own
# strings in every kind of layout (an article, lists, search, history, errors).
IN_FRENCH = {
    "home",
    "show",
    "character",
    "person-list-page-2",
    "news-list",
    "search-results",
    "diff",
    "not-found",
}

RUN_AXE = """async ([tags, impacts]) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    const serious = results.violations
        .filter((violation) => impacts.includes(violation.impact))
        .map((violation) => ({
            id: violation.id,
            impact: violation.impact,
            help: violation.help,
            url: violation.helpUrl,
            nodes: violation.nodes.map((node) => ({
                target: node.target.join(" "),
                html: node.html.slice(0, 160),
                why: node.failureSummary,
            })),
        }));
    return {serious: serious, passed: results.passes.length};
}"""


@pytest.fixture
def axe():
    """The path of axe.min.js, or a skip that says how to get it (a failure under CI=true)."""
    if not AXE.is_file():
        reason = "no node_modules/axe-core: `make test` installs it (npm ci)"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return AXE


def describe(page_name, violation):
    nodes = "\n".join(
        f"  {node['target']}: {node['html']}\n{textwrap.indent(node['why'], '    ')}"
        for node in violation["nodes"]
    )
    return (
        f"{page_name}: {violation['id']} ({violation['impact']}) {violation['help']}\n"
        f"  {violation['url']}\n{nodes}"
    )


# Each scheme at one width, so that both layouts are checked without a third run:
# the desktop, and 320 px (WCAG's reflow width), where targets are most crowded.
@pytest.mark.parametrize(
    ("scheme", "viewport"),
    [("light", {"width": 1280, "height": 800}), ("dark", {"width": 320, "height": 800})],
)
def test_no_page_has_a_serious_accessibility_problem(
    new_context, traffic, etoile, django_user_model, axe, scheme, viewport
):
    page_types = prepare(django_user_model)
    page_types += [p.in_french() for p in page_types if p.name in IN_FRENCH]
    context = new_context(color_scheme=scheme, viewport=viewport)
    context.add_init_script(path=axe)
    page = context.new_page()

    found = []
    for page_type in page_types:
        response = page.goto(page_type.path)
        assert response.status == page_type.status, page_type
        assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") == (
            scheme == "dark"
        )
        results = page.evaluate(RUN_AXE, [RULE_TAGS, IMPACTS])
        # A run that checked nothing (no rule for these tags, axe not loaded) would find nothing.
        assert results["passed"] > 10, page_type
        found += [describe(page_type.name, violation) for violation in results["serious"]]

    assert found == [], f"{len(found)} serious or critical problems:\n" + "\n".join(found)
    # The not-found pages log their 404 status; nothing else may complain.
    not_found = [p.path for p in page_types if p.status == 404]
    assert traffic.foreign() == []
    assert [e for e in traffic.errors if not any(f"{path})" in e for path in not_found)] == []
