"""What a saved web page says about itself besides its article text.

trafilatura keeps the article's text and reads the page's metadata (title, author, date via
htmldate, site name, URL); the page elements that name the headline, the byline and the
outlet are often outside the text it keeps. :func:`html_facts` reads them from the markup:
the first ``<h1>``, the byline element (a class, id, ``itemprop`` or ``rel`` saying "byline"
or "author", or a link to an author page), the site's logo (its text, ``alt`` or ``title``)
and the copyright line of the footer. The normalise stage weighs them with the rest.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")

_BYLINE_XPATH = (
    "//body//*[contains(@class,'byline') or contains(@id,'byline')]",
    "//body//*[@rel='author' or @itemprop='author' or contains(@class,'author')]"
    "[not(contains(@class,'bio')) and not(self::meta)]",
    "//body//a[contains(@href,'/author/') or contains(@href,'/authors/')"
    " or contains(@href,'/profile/') or contains(@href,'/journalists/')]",
)
_LOGO_XPATH = "//*[contains(@class,'logo') or contains(@id,'logo') or contains(@id,'masthead')]"
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)", re.IGNORECASE)


def _text(element) -> str:
    return _SPACE.sub(" ", element.text_content()).strip()


def _first_heading(tree) -> str:
    for h1 in tree.iterfind(".//h1"):
        text = _text(h1)
        if len(text.split()) >= 2:
            return text
    return ""


def _byline(tree) -> str:
    for xpath in _BYLINE_XPATH:
        for element in tree.xpath(xpath):
            text = _text(element)
            if 3 <= len(text) <= 160:
                return text
    return ""


def _logo(tree) -> str:
    for element in tree.xpath(_LOGO_XPATH):
        candidates = [_text(element), element.get("alt", ""), element.get("title", "")]
        candidates += [img.get("alt", "") for img in element.iterfind(".//img")]
        for text in candidates:
            text = _SPACE.sub(" ", text).strip()
            if 2 <= len(text) <= 60 and not text.lower().endswith((" logo", " home")):
                return text
    return ""


def _copyright(tree) -> str:
    for footer in tree.xpath("//footer | //*[contains(@class,'footer') or @id='footer']"):
        for element in footer.iter():
            own = _SPACE.sub(" ", element.text or "").strip()
            if own and _COPYRIGHT.search(own) and len(own) <= 200:
                return own
    return ""


def html_facts(html: str) -> dict[str, str]:
    """The page's headline (``h1``), byline, logo and copyright texts (empty ones left out)."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    facts = {
        "h1": _first_heading(tree),
        "byline": _byline(tree),
        "logo": _logo(tree),
        "copyright": _copyright(tree),
    }
    return {k: v for k, v in facts.items() if v}
