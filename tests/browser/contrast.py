"""WCAG contrast between two CSS colours as getComputedStyle gives them ("rgb(r, g, b)")."""

import re


def _luminance(css_colour):
    red, green, blue = (int(c) for c in re.findall(r"\d+", css_colour)[:3])

    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first, second):
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
