"""Walk a running board through a posting's whole life, as a client would.

    uv run jobboard serve &                      # in one shell
    KEY=$(uv run jobboard admin create-key)
    uv run python scripts/walkthrough.py --admin-key "$KEY"

Registers a company, verifies it (admin), drafts, revises with If-Match,
publishes, waits until the posting is public, closes it and waits until it
is gone. Prints each step with its status code and time; exits non-zero at the
first surprise.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from typing import Any

import httpx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--admin-key", required=True)
    args = parser.parse_args()
    client = httpx.Client(base_url=args.base, timeout=10)
    admin = {"Authorization": f"Bearer {args.admin_key}"}

    def step(name: str, response: httpx.Response, expected: int) -> Any:
        elapsed = response.elapsed.total_seconds() * 1000
        print(f"{name:<38} {response.status_code}  {elapsed:6.1f} ms")
        if response.status_code != expected:
            print(response.text, file=sys.stderr)
            raise SystemExit(1)
        return response.json() if response.content else None

    def wait_until(name: str, condition: Any) -> None:
        started = time.perf_counter()
        while not condition():
            if time.perf_counter() - started > 10:
                print(f"{name}: not within 10 s", file=sys.stderr)
                raise SystemExit(1)
            time.sleep(0.01)
        print(f"{name:<38}      {1000 * (time.perf_counter() - started):6.1f} ms")

    name = f"Walkthrough {uuid.uuid4().hex[:6]}"
    signup = step(
        "register company",
        client.post("/v1/companies", json={"name": name, "country": "GB"}),
        201,
    )
    employer = {"Authorization": f"Bearer {signup['api_key']}"}
    company_id = signup["company"]["id"]
    step(
        "verify company (admin)",
        client.post(f"/v1/admin/companies/{company_id}/verify", headers=admin),
        200,
    )
    body = {
        "title": "Backend Engineer",
        "description": "Build the APIs behind the board.",
        "language": "en",
        "locations": [{"country": "GB", "city": "London"}],
        "workplace": "hybrid",
        "employment_type": "full_time",
        "requirements": [{"name": "Python", "importance": "must", "min_years": 3}],
        "application_method": {"kind": "board"},
    }
    draft = client.post("/v1/employer/postings", json=body, headers=employer)
    posting_id = step("draft posting", draft, 201)["id"]
    step(
        "revise with a stale If-Match",
        client.patch(
            f"/v1/employer/postings/{posting_id}",
            json={"title": "Senior Backend Engineer"},
            headers={**employer, "If-Match": '"0"'},
        ),
        412,
    )
    step(
        "revise with If-Match",
        client.patch(
            f"/v1/employer/postings/{posting_id}",
            json={"title": "Senior Backend Engineer"},
            headers={**employer, "If-Match": draft.headers["ETag"]},
        ),
        200,
    )
    step(
        "publish", client.post(f"/v1/employer/postings/{posting_id}/publish", headers=employer), 200
    )

    def public_ids() -> list[str]:
        return [p["id"] for p in client.get("/v1/postings", params={"limit": 100}).json()["items"]]

    wait_until("visible in GET /v1/postings", lambda: posting_id in public_ids())
    step("close", client.post(f"/v1/employer/postings/{posting_id}/close", headers=employer), 200)
    wait_until("gone from GET /v1/postings", lambda: posting_id not in public_ids())
    print("walkthrough complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
