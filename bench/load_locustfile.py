"""The mixed population that bench/load.py drives through nginx (locust, headless).

* members (phones): answer the competition paper question by question and hand it in; sign in
  to the open study session with its QR code;
* secretaries: record a study session and a problem (ticket) through the pages' forms;
* the office: open the dashboard, the wall screen, figure tiles and the briefing archive;
* residents (no account): file a problem on the public form.

Every write the server acknowledges (a redirect to the record it made, or ``{"ok": true}``) is
appended to the acknowledgement log (``LOAD_ACKS``) with what identifies it, so bench/load.py
can check afterwards that each is in the database exactly once. Forms are filled from the
page's own HTML (hidden fields such as the CSRF and idempotency tokens included), so the
bench speaks to the pages as a browser does.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import re
import threading
from html.parser import HTMLParser
from typing import Any

import urllib3
from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter

urllib3.disable_warnings()

FIXTURES: dict[str, Any] = json.loads(open(os.environ["LOAD_FIXTURES"]).read())  # noqa: SIM115
RUN = FIXTURES["run"]
_acks_lock = threading.Lock()
_acks = open(os.environ["LOAD_ACKS"], "a", buffering=1)  # noqa: SIM115 - open for the whole run
_seq = itertools.count(1)


def ack(**fields: Any) -> None:
    with _acks_lock:
        _acks.write(json.dumps(fields) + "\n")


class FormParser(HTMLParser):
    """The fields of every POST form on a page, with the values a browser would send by default."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get").lower(),
                          "fields": {}, "options": {}, "required": set()}  # fmt: skip
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name", "")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                self._form["options"].setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self._form["fields"][name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self._form["fields"][name] = attrs.get("value", "")
            if "required" in attrs:
                self._form["required"].add(name)
        elif tag == "select" and name:
            self._select = name
            self._form["options"][name] = []
            if "required" in attrs:
                self._form["required"].add(name)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if value:
                self._form["options"][self._select].append(value)
            if "selected" in attrs and value:
                self._form["fields"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"][name] = ""
            if "required" in attrs:
                self._form["required"].add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def fill(html: str, must_have: str, values: dict[str, str]) -> dict[str, Any]:
    """The POST form on the page that has a field ``must_have``, filled: defaults as the page
    sets them, the first real choice for every required select and radio without one, and
    ``values`` over all."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] != "post" or not ({must_have} & (set(form["fields"]) | set(form["options"]))):
            continue
        data: dict[str, Any] = dict(form["fields"])
        for name, options in form["options"].items():
            if name not in data and options and (name in form["required"] or name not in values):
                data[name] = options[0]
        for name in form["required"]:
            if not data.get(name) and name not in values:
                data[name] = f"压力测试 {RUN}"
        data.update(values)
        return data
    raise LookupError(f"no POST form with a field {must_have!r}")


class FromAddress(HTTPAdapter):
    """Connections from one loopback address (127.x.y.z): each resident is a different client to
    nginx, as on the intranet, so the public forms' per-address limits count them apart."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Browser(HttpUser):
    abstract = True
    host = FIXTURES["host"]

    def on_start(self) -> None:
        self.client.verify = False  # the deployment's self-signed certificate
        self.client.headers["Referer"] = self.host + "/"

    def csrf(self) -> dict[str, str]:
        """The header a page's script sends with a POST (the cookie's token)."""
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host + "/"}

    def sign_in_as(self, session_key: str) -> None:
        self.client.cookies.set("sessionid", session_key)

    def post_form(self, path: str, must_have: str, values: dict[str, str], name: str) -> Any:
        page = self.client.get(path, name=f"{name} (form)")
        if page.status_code != 200:
            return None
        data = fill(page.text, must_have, values)
        with self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True,
                              headers={"Referer": self.host + path}) as response:  # fmt: skip
            if response.status_code in (301, 302, 303):
                response.success()
            else:
                response.failure(f"{response.status_code}: not accepted")
            return response


class Member(Browser):
    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        super().on_start()
        self.me = FIXTURES["members"].pop() if FIXTURES["members"] else random.choice(FIXTURES["spare_members"])
        self.sign_in_as(self.me["session"])
        self.position = 1
        self.token: str | None = None
        self.signed_in = False

    @task(8)
    def answer(self) -> None:
        if self.token is None:
            self.client.get(f"/quizzes/papers/{FIXTURES['paper']}/", name="quiz paper")
            r = self.client.post(
                f"/quizzes/papers/{FIXTURES['paper']}/start/", name="quiz start", allow_redirects=False,
                headers=self.csrf(),
            )  # fmt: skip
            m = re.search(r"/quizzes/a/([^/]+)/", r.headers.get("Location", ""))
            if not m:
                return
            self.token = m.group(1)
            self.client.get(f"/quizzes/a/{self.token}/", name="quiz take")
        if self.position > FIXTURES["questions"]:
            with self.client.post(f"/quizzes/a/{self.token}/submit/", name="quiz hand in", allow_redirects=False,
                                  catch_response=True, headers=self.csrf()) as r:  # fmt: skip
                if r.status_code in (302, 303):
                    r.success()
                    ack(kind="hand_in", member=self.me["member"], paper=FIXTURES["paper"])
            self.token, self.position = None, 1
            return
        value = str(random.randint(0, 3))
        with self.client.post(f"/quizzes/a/{self.token}/answer/", data={"pos": self.position, "value": value},
                              name="quiz answer", catch_response=True, headers=self.csrf()) as r:  # fmt: skip
            if r.status_code == 200 and r.json().get("ok"):
                ack(kind="answer", token=self.token, pos=self.position, value=int(value))
            elif r.status_code == 409:
                r.success()  # the attempt closed (handed in by a duplicate request): nothing to count
        self.position += 1

    @task(1)
    def sign_in_by_qr(self) -> None:
        if self.signed_in:
            self.client.get("/study/me/", name="my study")
            return
        path = f"/study/sessions/{FIXTURES['session']}/signin/?code={FIXTURES['code']}"
        page = self.client.get(path, name="QR sign-in (page)")
        data = fill(page.text, "code", {"code": FIXTURES["code"]})
        with self.client.post(path, data=data, name="QR sign-in", catch_response=True,
                              headers={"Referer": self.host + path}) as r:  # fmt: skip
            if r.status_code == 200:
                self.signed_in = True
                ack(kind="sign_in", session=FIXTURES["session"], member=self.me["member"])


class Secretary(Browser):
    weight = 2
    wait_time = between(2, 5)

    def on_start(self) -> None:
        super().on_start()
        self.me = random.choice(FIXTURES["secretaries"])
        self.sign_in_as(self.me["session"])

    @task(1)
    def record_session(self) -> None:
        topic = f"压力测试 {RUN} 学习 {next(_seq)}"
        r = self.post_form("/study/sessions/new/", "topic", {"topic": topic, "place": "党员活动室", "date": datetime.date.today().isoformat()},
                           "record a study session")  # fmt: skip
        if r is not None and re.search(r"/study/sessions/\d+/", r.headers.get("Location", "")):
            ack(kind="study_session", topic=topic)

    @task(1)
    def record_ticket(self) -> None:
        title = f"压力测试 {RUN} 问题 {next(_seq)}"
        r = self.post_form("/deeds/tickets/new/", "title",
                           {"title": title, "description": "路灯不亮，影响夜间出行。", "received_on": datetime.date.today().isoformat()},
                           "record a ticket")  # fmt: skip
        if r is not None and re.search(r"/deeds/tickets/\d+/", r.headers.get("Location", "")):
            ack(kind="ticket", title=title)

    @task(2)
    def look_at_tickets(self) -> None:
        self.client.get("/deeds/tickets/", name="tickets list")


class Office(Browser):
    weight = 1
    wait_time = between(3, 8)

    def on_start(self) -> None:
        super().on_start()
        self.sign_in_as(FIXTURES["office"]["session"])

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/reports/", name="dashboard")

    @task(1)
    def wall(self) -> None:
        self.client.get("/reports/wall/", name="wall screen")

    @task(1)
    def briefings(self) -> None:
        self.client.get("/reports/briefings/", name="briefing archive")


class Resident(Browser):
    weight = 2
    wait_time = between(3, 8)

    def on_start(self) -> None:
        super().on_start()
        address = f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"
        self.client.mount("https://", FromAddress(address))
        self.code: str | None = None

    @task
    def file_a_problem_then_track_it(self) -> None:
        if self.code:
            self.client.get(f"/deeds/track/{self.code}/", name="track a problem")
            return
        title = f"压力测试 {RUN} 群众反映 {next(_seq)}"
        r = self.post_form("/deeds/report/", "title", {
            "title": title, "description": "小区门口积水，老人出行不便。", "submitter_phone": "13800138000",
            "submitter_name": "居民", "location": "测试路1号",
        }, "file a public problem")  # fmt: skip
        if r is not None:
            m = re.search(r"/deeds/track/([^/]+)/", r.headers.get("Location", ""))
            if m:
                self.code = m.group(1)
                ack(kind="public_ticket", code=m.group(1), title=title)
