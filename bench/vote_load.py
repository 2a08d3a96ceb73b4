"""Cast many ballots at once against a running server (a script, not a test).

    ./cordee demo                                   # in one terminal: gunicorn, 3 workers, SQLite
    CORDEE_ENV=demo .venv/bin/python bench/vote_load.py http://127.0.0.1:8000/ \
        [--voters 300] [--workers 12] [--keep]

It starts no server: it targets the one at URL, which must be on this machine
(loopback only), and writes to the same database (the demo's, from the same
settings and environment: CORDEE_ENV, CORDEE_DATA_DIR or DATABASE_URL).

1. In that database, a territory of its own with one member company and
   ``--voters`` people, and an open vote by majority judgment whose electorate
   is those people (one vote per person).
2. Logs each voter in by creating their session in the database, as
   Django's ``force_login`` does: the log-in form allows 30 log-ins a minute
   from one address (allauth's rate limit), which would measure that limit.
3. ``--workers`` threads each take voters in turn: open the vote page (as
   the browser does: it sets the CSRF cookie), post a random ballot, and
   read the receipt in the answer.
4. Checks that every request succeeded, that there are as many ballots and
   participations as voters, that every receipt matches a stored ballot,
   and prints the time taken and the latency of the casting requests.

The data it created is deleted at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import ipaddress
import os
import random
import re
import socket
import statistics
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cordee.settings")
os.environ.setdefault("CORDEE_ENV", "demo")

TOKEN = re.compile(r'id="receipt-token">([^<]+)<')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ELECTOR = re.compile(r'name="elector" value="([^"]+)"')
GRADE_FIELD = re.compile(r'name="(grade_\d+)"')


@dataclass
class Outcome:
    ok: bool
    seconds: float = 0.0
    token: str = ""
    error: str = ""


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)


def loopback_only(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        sys.exit(f"Cannot resolve {host!r}.")
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        sys.exit(f"{url} is not on this machine: this script only targets a loopback address.")


def prepare(voters: int, run_id: str) -> tuple:
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cordee.accounts.models import User
    from cordee.network.identifiers import make_siret
    from cordee.network.models import (
        Affiliation,
        Commune,
        Membership,
        MembershipTier,
        Organisation,
        Territory,
    )
    from cordee.voting.models import Vote
    from cordee.voting.services import vote_open, vote_save

    territory = Territory.objects.create(
        name=f"Banc d'essai {run_id}", slug=f"bench-{run_id}", kind=Territory.Kind.BRANCH
    )
    commune = Commune.objects.create(
        insee=f"9{random.randrange(10_000):04d}",
        name=f"Essai {run_id}",
        postcode="99999",
        territory=territory,
    )
    siret = make_siret(90_000_000 + random.randrange(9_999_999))
    company = Organisation.objects.create(
        slug=f"bench-{run_id}",
        legal_name=f"Banc d'essai {run_id}",
        siren=siret[:9],
        siret=siret,
        size_band="medium",
        commune=commune,
    )
    tier = MembershipTier.objects.order_by("amount").first() or MembershipTier.objects.create(
        name=f"Essai {run_id}", amount=0
    )
    year = date.today().year
    Membership.objects.create(
        organisation=company,
        year=year,
        tier=tier,
        amount=0,
        status="paid",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    password = make_password(None)  # unusable: they never log in with a password
    users = User.objects.bulk_create(
        User(email=f"voter{i}-{run_id}@bench.invalid", password=password, first_name=f"V{i}")
        for i in range(voters)
    )
    users = list(User.objects.filter(email__endswith=f"-{run_id}@bench.invalid").order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    Affiliation.objects.bulk_create(Affiliation(person=u, organisation=company) for u in users)
    organiser = User.objects.filter(is_superuser=True).first() or users[0]
    now = timezone.now()
    vote = vote_save(
        vote=Vote(
            title=f"Banc d'essai {run_id}",
            method="judgment",
            electorate="people",
            territory=territory,
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(hours=1),
        ),
        options=[f"Option {n}" for n in range(1, 6)],
        by=organiser,
    )
    vote_open(vote=vote, by=organiser, announce=False)
    return vote, users, territory, company


def session_cookie(user: object) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def cast_one(base: str, vote_path: str, session_key: str) -> Outcome:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    host = urllib.parse.urlsplit(base).hostname
    jar.set_cookie(
        http.cookiejar.Cookie(
            0,
            "sessionid",
            session_key,
            None,
            False,
            host,
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )
    try:
        page = opener.open(base + vote_path.lstrip("/"), timeout=60).read().decode()
        elector = ELECTOR.search(page)
        csrf = CSRF.search(page)
        if not elector or not csrf:
            return Outcome(False, error="the vote page has no ballot form")
        data = {"csrfmiddlewaretoken": csrf.group(1), "elector": elector.group(1)}
        for name in GRADE_FIELD.findall(page):
            data[name] = str(random.randrange(7))
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(  # noqa: S310 (http(s) only: checked in main)
            base + vote_path.lstrip("/") + "cast/", data=body, headers={"Referer": base}
        )
        started = time.perf_counter()
        answer = opener.open(request, timeout=60)
        text = answer.read().decode()
        seconds = time.perf_counter() - started
        token = TOKEN.search(text)
        if answer.status != 200 or not token:
            return Outcome(False, seconds, error=f"status {answer.status}, no receipt")
        return Outcome(True, seconds, token=html.unescape(token.group(1)))
    except Exception as error:  # every failure is counted and shown
        return Outcome(False, error=f"{type(error).__name__}: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the running server, e.g. http://127.0.0.1:8000/")
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the voters and the vote")
    args = parser.parse_args()
    base = args.url if args.url.endswith("/") else args.url + "/"
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        sys.exit(f"{args.url} is not an http(s) address.")
    loopback_only(base)
    run_id = f"{int(time.time())}{random.randrange(1000):03d}"

    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():  # all or nothing: a failed preparation leaves no trace
        vote, users, territory, company = prepare(args.voters, run_id)
    print(f"Prepared {len(users)} voters and the vote {vote.public_id}.")
    sessions = [session_cookie(user) for user in users]
    vote_path = vote.get_absolute_url()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        outcomes = list(pool.map(lambda key: cast_one(base, vote_path, key), sessions))
    elapsed = time.perf_counter() - started

    from cordee.voting.models import Ballot, Participation

    ballots = Ballot.objects.filter(vote=vote).count()
    participations = Participation.objects.filter(elector__vote=vote).count()
    failures = [o for o in outcomes if not o.ok]
    hashes = set(Ballot.objects.filter(vote=vote).values_list("receipt_hash", flat=True))
    unmatched = sum(1 for o in outcomes if o.ok and vote.receipt_hash(o.token) not in hashes)
    latencies = sorted(o.seconds for o in outcomes if o.ok)

    print(
        f"{len(outcomes)} voters, {args.workers} workers: {elapsed:.1f} s in all "
        f"({len(outcomes) / elapsed:.1f} ballots a second, page and cast)."
    )
    if latencies:
        p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
        print(
            f"Casting request: median {statistics.median(latencies) * 1000:.0f} ms, "
            f"95th percentile {p95 * 1000:.0f} ms, slowest {latencies[-1] * 1000:.0f} ms."
        )
    print(
        f"Stored: {ballots} ballots, {participations} participations; "
        f"{len(failures)} failed requests; {unmatched} receipts without their ballot."
    )
    for failure in failures[:10]:
        print(f"  failed: {failure.error}")
    lost = ballots != len(users) or participations != len(users) or unmatched
    verdict = "OK" if not failures and not lost and elapsed < 60 else "FAILED"
    print(
        f"{verdict}: "
        + ("no ballot lost, no error, within a minute." if verdict == "OK" else "see above.")
    )

    if not args.keep:
        from django.contrib.sessions.models import Session

        from cordee.accounts.models import User

        Session.objects.filter(session_key__in=sessions).delete()
        vote.delete()
        User.objects.filter(email__endswith=f"-{run_id}@bench.invalid").delete()
        company.delete()
        territory.communes.all().delete()
        territory.delete()
    sys.exit(0 if verdict == "OK" else 1)


if __name__ == "__main__":
    main()
