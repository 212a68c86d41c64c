"""Every number the demo shows reads the Indonesian way: no page or form writes one as "9E+1"."""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from pendampingan.models import CommunityGroup
from tests.conftest import login

pytestmark = pytest.mark.django_db

# A number in exponent form, standing alone (not a piece of a code or a key such as "3f8e1a").
EXPONENT = re.compile(r"(?<![\w.,-])\d+(?:[.,]\d+)?[eE][+-]?\d+(?![\w-])")
# Attributes a reader sees; an input's value is what its field starts from.
SHOWN_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "data-label"}
KEY_INPUTS = {"hidden", "checkbox", "radio", "submit", "button"}
# Not pages: files, the language switch, logging out, Django's admin, the officer switch.
SKIPPED = re.compile(r"\.(pdf|csv|xlsx)$|^/(logout|i18n|admin|static|media|acting-as)/|/evidence/")
# Pages of one kind (the edit form of each activity, …) visited at most this many times each.
PER_KIND = 8
# Each role of the demo's first institution, and the second institution's coordinator, whose weaving
# agreement has an approved plan cycle waiting for its next plan.
ACCOUNTS = ["koordinator", "pendamping", "kelompok", "koordinator2"]


class ShownText(HTMLParser):
    """The text of a page as shown, and the values its forms start from; links to follow."""

    def __init__(self):
        super().__init__()
        self.shown, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        found = dict(attrs)
        if tag == "input" and found.get("type") not in KEY_INPUTS and found.get("value"):
            self.shown.append(found["value"])
        self.shown += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.shown.append(data)


def kind_of(path):
    return re.sub(r"[0-9a-f-]{36}|\d+", "#", path.split("?")[0])


def crawl(client):
    """Pages reachable by following links from the dashboard: ``{path: shown text}``."""
    seen, queue, pages, kinds = {"/"}, ["/"], {}, Counter()
    while queue:
        path = queue.pop(0)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = ShownText()
        parser.feed(response.content.decode())
        pages[path] = " ".join(parser.shown)
        for link in parser.links:
            target = urldefrag(link).url
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
                continue
            if target not in seen and kinds[kind_of(target)] < PER_KIND:
                seen.add(target)
                kinds[kind_of(target)] += 1
                queue.append(target)
    return pages


def logged_in(username):
    client = Client()
    user = get_user_model().objects.get(username=username)
    group = CommunityGroup.objects.filter(account=user).first()
    return login(client, user, group.members.get(position="chair") if group else None)


def test_it_writes_no_number_in_exponent_form_on_any_page_or_form(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    pages = {username: crawl(logged_in(username)) for username in ACCOUNTS}
    assert all(len(found) > 30 for found in pages.values())
    # The next plan's form, with the weaving plan's targets of 90 % and 30 pieces, is among them.
    forms = [text for found in pages.values() for path, text in found.items() if path.endswith("/next-plan/")]
    assert forms and any("90" in text for text in forms)
    found = {
        (username, path): EXPONENT.findall(text)
        for username, texts in pages.items()
        for path, text in texts.items()
    }
    assert {where: hits for where, hits in found.items() if hits} == {}
