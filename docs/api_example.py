"""A reference client of the Portal PKS web service, readable in a minute (needs only httpx).

    PORTAL_URL=https://portal.example.go.id CLIENT_ID=pks_... CLIENT_SECRET=... \
        python docs/api_example.py 199001012015031001 198805152012122002

1. A token by OAuth2 client credentials (HTTP Basic), valid for one hour.
2. `GET /api/v1/me`: the agreement, the direction, the fields allowed, the quota left.
3. `POST /api/v1/records/query`: the NIPs go in the body, never in the URL.
4. `POST /api/v1/records/verify`: padan / tidak padan per field, never the value.
5. `GET /api/v1/records`: the whole data set, page by page with the cursor.
Every call states its purpose (a letter of the agreement's scope, Pasal 2). Errors are problem details
(RFC 9457); on 429 the client waits as long as `Retry-After` says.
"""

from __future__ import annotations

import os
import sys
import time

import httpx

PURPOSE = os.getenv("PURPOSE", "a")


def connect(base_url: str, client_id: str, secret: str) -> httpx.Client:
    """An httpx client that carries a fresh bearer token and the purpose on every call."""
    response = httpx.post(
        f"{base_url}/api/v1/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
    )
    check(response)
    token = response.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": PURPOSE, "Accept-Language": "en"}
    return httpx.Client(base_url=base_url, headers=headers, timeout=30)


def check(response: httpx.Response) -> None:
    if response.status_code >= 400:
        problem = response.json()
        raise SystemExit(f"{problem['status']} {problem['code']}: {problem['detail']}")


def call(api: httpx.Client, method: str, path: str, **kwargs) -> dict:
    while True:
        response = api.request(method, path, **kwargs)
        if response.status_code == 429 and int(response.headers.get("Retry-After", "0")) < 120:
            time.sleep(int(response.headers["Retry-After"]))  # the quota reopens at midnight WIB
            continue
        check(response)
        return response.json()


def main(nips: list[str]) -> None:
    api = connect(os.environ["PORTAL_URL"].rstrip("/"), os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"])
    me = call(api, "GET", "/api/v1/me")
    print("Agreement:", me["agreement"]["title"], [n["number"] for n in me["agreement"]["numbers"]])
    print("Fields:", [f["code"] for f in me["fields"]], "quota left:", me["quota"]["left_today"])

    for result in call(api, "POST", "/api/v1/records/query", json={"nips": nips})["results"]:
        print(result["nip"], result["data"] if result["found"] else "not found")

    held = [{"nip": nip, "values": {"nama": "Nama Yang Kami Pegang"}} for nip in nips]
    for result in call(api, "POST", "/api/v1/records/verify", json={"persons": held})["results"]:
        print(result["nip"], result["fields"])

    count, params = 0, {"page_size": 1000}
    while True:
        page = call(api, "GET", "/api/v1/records", params=params)
        count += len(page["results"])
        if not page["next_cursor"]:
            break
        params = {"cursor": page["next_cursor"], "page_size": 1000}
    print(f"Pulled {count} records of version {page['version']['number']}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["199001012015031001"])
