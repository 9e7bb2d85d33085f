"""Where the keyboard focus is, and whether a reader can see it (WCAG 2.4.7 and 1.4.11)."""

from .contrast import contrast

# The focused element (null on the page itself): its name, the landmark it is
# in, and its focus ring with the colour the ring is drawn on. The ring lies
# outside the element (outline-offset), so that colour is the first opaque
# background among its ancestors, not the element's own.
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body || element === document.documentElement) {
        return null;
    }
    const transparent = (colour) => colour === "transparent" || /^rgba\\(.*, 0\\)$/.test(colour);
    let behind = element.parentElement;
    while (behind && transparent(getComputedStyle(behind).backgroundColor)) {
        behind = behind.parentElement;
    }
    const landmark = element.closest("header, nav, [role=search], main, footer");
    const roles = {HEADER: "banner", MAIN: "main", FOOTER: "contentinfo", FORM: "search"};
    const style = getComputedStyle(element);
    return {
        name: element.getAttribute("aria-label") || element.textContent.trim() || element.name,
        landmark: landmark ? landmark.getAttribute("aria-label") || roles[landmark.tagName] : null,
        visible: element.matches(":focus-visible"),
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        colour: style.outlineColor,
        background: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)",
    };
}"""


def ring_contrast(focused):
    return contrast(focused["colour"], focused["background"])


def unseen_focus(focused):
    """Why a reader would not see where the focus is, or None when they would."""
    if not focused["visible"]:
        return "not :focus-visible"
    if focused["style"] == "none" or focused["width"] < 2:
        return f"no ring of 2 px or more ({focused['style']}, {focused['width']} px)"
    if ring_contrast(focused) < 3:
        return f"a ring of contrast {ring_contrast(focused):.1f} (below 3:1)"
    return None
