"""Score response headers the way Mozilla's HTTP Observatory does (its published methodology, 2024).

Every site starts at 100 and gains or loses points per test; bonuses count only when the score
without them is at least 90. 100 or more is an A+.
"""

import re
from dataclasses import dataclass, field

SIX_MONTHS = 15_768_000
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "no-referrer-when-downgrade", "unsafe-url"}


@dataclass
class Score:
    modifiers: dict = field(default_factory=dict)

    @property
    def total(self):
        penalties = sum(value for value in self.modifiers.values() if value < 0)
        bonuses = sum(value for value in self.modifiers.values() if value > 0)
        base = 100 + penalties
        return max(base + (bonuses if base >= 90 else 0), 0)

    @property
    def grade(self):
        return "A+" if self.total >= 100 else "A" if self.total >= 90 else "below A"


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def csp_modifier(header):
    if not header:
        return "csp-not-implemented", -25
    policy = parse_csp(header)
    default = policy.get("default-src", [])
    scripts = policy.get("script-src", default)
    styles = policy.get("style-src", default)
    if "'unsafe-inline'" in scripts:
        return "csp-implemented-with-unsafe-inline", -20
    if any(source.startswith("http:") or source == "*" for source in scripts):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in scripts:
        return "csp-implemented-with-unsafe-eval", -10
    if "'unsafe-inline'" in styles:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def cookies_modifier(cookies, session_cookie_names):
    if not cookies:
        return "cookies-not-found", 0
    for name, morsel in cookies.items():
        if not morsel["secure"]:
            return (
                ("cookies-session-without-secure-flag", -40)
                if name in session_cookie_names
                else (
                    "cookies-without-secure-flag",
                    -20,
                )
            )
        if name in session_cookie_names and not morsel["httponly"]:
            return "cookies-session-without-httponly-flag", -30
    if all(morsel["samesite"].lower() in {"lax", "strict"} for morsel in cookies.values()):
        return "cookies-secure-with-httponly-sessions-and-samesite", 5
    return "cookies-secure-with-httponly-sessions", 0


def hsts_modifier(header):
    match = re.search(r"max-age=(\d+)", header or "")
    if not match:
        return "hsts-not-implemented", -20
    if int(match.group(1)) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def referrer_modifier(header):
    policies = {value.strip().lower() for value in (header or "").split(",") if value.strip()}
    if not policies:
        return "referrer-policy-not-implemented", 0
    if policies & UNSAFE_REFERRER_POLICIES:
        return "referrer-policy-unsafe", -5
    if policies <= PRIVATE_REFERRER_POLICIES:
        return "referrer-policy-private", 5
    return "referrer-policy-header-invalid", -5


def frame_modifier(csp_header, xfo_header):
    if "frame-ancestors" in parse_csp(csp_header or ""):
        return "x-frame-options-implemented-via-csp", 5
    if (xfo_header or "").upper() in {"DENY", "SAMEORIGIN"}:
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-not-implemented", -20


def sri_modifier(content_type, html):
    if "html" not in content_type:
        return "sri-not-implemented-response-not-html", 0
    scripts = re.findall(r"<script\b[^>]*\bsrc=[\"']([^\"']+)", html, flags=re.IGNORECASE)
    external = [source for source in scripts if re.match(r"^(https?:)?//", source)]
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if any(source.startswith(("http:", "//")) for source in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def score(response, *, http_redirect, session_cookie_names=("sessionid", "csrftoken")):
    """`response` is an HTTPS response; `http_redirect` the answer to the same URL over plain HTTP."""
    csp = response.get("Content-Security-Policy", "")
    results = [
        csp_modifier(csp),
        cookies_modifier(response.cookies, session_cookie_names),
        ("cross-origin-resource-sharing-implemented-with-universal-access", -50)
        if response.get("Access-Control-Allow-Origin") == "*"
        else ("cross-origin-resource-sharing-not-implemented", 0),
        ("redirection-to-https", 0)
        if http_redirect.status_code in {301, 302, 307, 308}
        and http_redirect["Location"].startswith("https://")
        else ("redirection-missing", -20),
        referrer_modifier(response.get("Referrer-Policy")),
        hsts_modifier(response.get("Strict-Transport-Security")),
        sri_modifier(response.get("Content-Type", ""), response.content.decode(errors="replace")),
        ("x-content-type-options-nosniff", 0)
        if response.get("X-Content-Type-Options", "").lower() == "nosniff"
        else ("x-content-type-options-not-implemented", -5),
        frame_modifier(csp, response.get("X-Frame-Options")),
    ]
    return Score(dict(results))
