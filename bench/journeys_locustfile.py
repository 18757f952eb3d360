"""Locust users for the mixed-journey benchmark (bench/bench_journeys.py starts locust with this file).

Four kinds of people, each waiting 0.5 to 2 s between steps as a person would:
- visitors browse (home, catalogue, a module) and verify certificate codes;
- learners, signed in, open their lesson and their H5P activity sends xAPI statements;
- teachers, signed in, open the booking form of a session and book a class;
- partnership staff, signed in with their second factor, load the dashboard.
Every request goes through the simulated TLS proxy (Host, X-Forwarded-Proto, one X-Forwarded-For address per
person) and must answer exactly what a browser expects (no redirect to sign-in counts as success). Request names
are `journey/step`, so bench_journeys.py reports each journey and the whole.

Accounts, their signed-in cookies and the data paths come from the JSON file in BENCH_JOURNEYS_DATA.
"""
import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, task

from bench.bench_xapi import _statement

DATA = json.loads(open(os.environ["BENCH_JOURNEYS_DATA"]).read())
HOST = DATA["host"]
_addresses = itertools.count(1)
_accounts = {kind: itertools.cycle(accounts) for kind, accounts in DATA["accounts"].items()}


def problem(text: str) -> str:
    """The error a page or JSON answer gives, in a few words, for the failure report."""
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', text, re.S)
    if summary:
        return " ".join(re.sub(r"<[^>]+>", " ", summary.group(1)).split())[:200]
    return text[:200] if text.startswith("{") else ""


class Person(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    kind = ""

    def on_start(self):
        n = next(_addresses)
        self.headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.9.{n // 250}.{n % 250 + 1}",
                        "User-Agent": "bench-journeys"}
        self.account = next(_accounts[self.kind]) if self.kind else None
        # Cookies are kept here and sent as a header: the client's own jar files them under 127.0.0.1 while the
        # server answers as learn.vrp.example, which lost the session after a request or two.
        self.cookies = dict(self.account["cookies"]) if self.account else {}

    @property
    def csrf(self) -> str:
        return self.cookies["__Host-csrftoken"]

    def expect(self, method: str, path: str, name: str, status: int | tuple, contains: str = "", **kwargs):
        statuses = status if isinstance(status, tuple) else (status,)
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.client.cookiejar.clear()
        with self.client.request(method, path, name=name, headers=headers, allow_redirects=False,
                                 catch_response=True, **kwargs) as response:
            if response.status_code not in statuses:
                response.failure(f"{response.status_code} (wanted {status}) {response.headers.get('Location', '')}"
                                 f"{problem(response.text or '')}")
            elif "/account/login" in response.headers.get("Location", ""):
                response.failure("sent to sign in")
            elif contains and contains not in (response.text or ""):
                response.failure(f"the page does not say {contains!r}")
            else:
                response.success()
        for cookie in self.client.cookiejar:  # what the server set (or renewed) in this response
            self.cookies[cookie.name] = cookie.value
        return response

    def post_headers(self, content_type: str) -> dict:
        return {"Content-Type": content_type, "Origin": f"https://{HOST}", "Referer": f"https://{HOST}/"}


class Visitor(Person):
    fixed_count = DATA["users"]["visitor"]

    @task(3)
    def home(self):
        self.expect("GET", "/", "browse/home", 200)

    @task(2)
    def catalogue(self):
        self.expect("GET", "/modules/", "browse/catalogue", 200)

    @task(2)
    def module(self):
        self.expect("GET", random.choice(DATA["modules"]), "browse/module", 200)

    @task(2)
    def verify(self):
        self.expect("GET", f"/certificates/verify/{random.choice(DATA['certificates'])}/", "verify/code", 200,
                    contains=" certificate")


class Learner(Person):
    fixed_count = DATA["users"]["learner"]
    kind = "learner"

    @task(1)
    def lesson(self):
        self.expect("GET", DATA["lesson"], "lesson/page", 200, contains="data-xapi-url")

    @task(4)
    def xapi(self):
        # What an H5P activity sends while a learner works: mostly tracking, now and then a scored answer.
        verb, raw = random.choice([("attempted", None), ("interacted", None), ("interacted", None),
                                   ("answered", random.randint(0, 1))])
        headers = {**self.post_headers("application/json"), "X-CSRFToken": self.csrf}
        self.expect("POST", DATA["xapi"], "xapi/statement", (200, 201), data=_statement(verb, raw), headers=headers)


class Teacher(Person):
    fixed_count = DATA["users"]["teacher"]
    kind = "teacher"

    def on_start(self):
        super().on_start()
        # Each booking is a new (slot, school) pair, so none is refused as a repeat.
        self.pairs = iter([(slot, school) for school in self.account["schools"] for slot in DATA["slots"]])

    @task
    def book(self):
        slot, school = next(self.pairs)
        path = f"/schools/bookings/availability/{slot}/book/"
        self.expect("GET", path, "book/form", 200, contains="csrfmiddlewaretoken")
        body = (f"csrfmiddlewaretoken={self.csrf}&school={school}&year_group=9&pupils=5&room=Hall&access_needs="
                "&contact_name=Bench+Teacher&contact_phone=01632+960+001")
        self.expect("POST", path, "book/submit", 302, data=body,
                    headers=self.post_headers("application/x-www-form-urlencoded"))


class Staff(Person):
    fixed_count = DATA["users"]["staff"]
    kind = "staff"

    @task
    def dashboard(self):
        self.expect("GET", "/dashboard/", "dashboard/page", 200, contains="Learners")
