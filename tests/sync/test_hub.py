"""The hub on loopback: `sovang serve` as its own process, two communes uploading at once and
receiving what the province decided; strangers and altered requests refused; retries with backoff."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.services.movements import MovementPlan, movements, save_movement
from desktop.sync import hub
from desktop.sync.bundle import BundleRejected
from desktop.sync.hub_client import HubClient, HubUnreachable, exchange_with_hub, hub_answers
from desktop.sync.hub_link import HubLink, checked, wait_after
from tests.conftest import ADMIN_PASSWORD, db_argument
from tests.sync.conftest import Site, link
from tests.sync.test_exchange import add_person, person_names


@pytest.fixture
def hub_process(sites):
    """The province's hub, running as `sovang serve` does, until the test ends: its address and
    its process."""
    province = sites["province"]
    for name in ("commune_a", "commune_b"):
        link(sites[name], province)
    port = hub.loopback_port()
    env = {**os.environ, "SOVANG_ADMIN_PASSWORD": ADMIN_PASSWORD}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "serve", "--db", db_argument(province.db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/v1/site", timeout=2) as answer:
                assert json.loads(answer.read())["site_id"] == str(province.card.site_id)
                break
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the hub did not start: {process.communicate()}") from None
            time.sleep(0.2)
    yield url, process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def serving(hub_process):
    """The province's hub's address."""
    return hub_process[0]


def client_for(site: Site, url: str, **options) -> HubClient:
    return HubClient(url, site.card.site_id, site.secrets, **options)


def test_two_communes_upload_at_once_and_receive_what_the_province_launched(sites, serving, tmp_path):
    a, b, province = sites["commune_a"], sites["commune_b"], sites["province"]
    add_person(a, "Nông Văn Dền")
    add_person(b, "Lục Thị Hoa")
    results, failures = {}, []

    def run(name: str, site: Site) -> None:
        try:
            results[name] = exchange_with_hub(
                site.db, "admin", site.secrets, client_for(site, serving), tmp_path / name
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(name, sites[name])) for name in ("commune_a", "commune_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert {name: result.sent for name, result in results.items()} == {"commune_a": 1, "commune_b": 1}
    assert person_names(province) == {"Nông Văn Dền", "Lục Thị Hoa"}

    save_movement(
        province.db, "admin", MovementPlan(name="Thi đua chuyển đổi số", start_date=dt.date(2026, 1, 1))
    )
    for site in (a, b):
        again = exchange_with_hub(
            site.db, "admin", site.secrets, client_for(site, serving), tmp_path / "again"
        )
        assert again.sent == 0  # the hub's receipt acknowledged everything sent before
        assert [outcome.result.counts["applied"] for outcome in again.received] == [1]
        assert [row.name for row in movements(site.db)] == ["Thi đua chuyển đổi số"]
        assert len(person_names(site)) == 1  # the other commune's person stays at the province


def test_the_hub_hears_only_enrolled_sites_with_their_own_signature(sites, serving, tmp_path):
    stranger, a = sites["commune_a2"], sites["commune_a"]
    with pytest.raises(BundleRejected, match="chưa được đăng ký"):
        client_for(stranger, serving).request("GET", "/bundles/mine")
    forged = client_for(a, serving)
    forged.secrets = stranger.secrets  # a's name, another key
    with pytest.raises(BundleRejected, match="Chữ ký của yêu cầu không khớp"):
        forged.request("GET", "/bundles/mine")
    headers = hub.sign_request(a.secrets.signing, a.card.site_id, "POST", "/v1/bundles", b"one body")
    request = urllib.request.Request(
        f"{serving}/v1/bundles", data=b"another body", method="POST", headers=headers
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400  # signed for another body


def raw_request(
    url: str, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, float]:
    """Send the headers (and `body`, perhaps far less than they declare) and read the answer:
    its status and how long it took."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    started = time.monotonic()
    try:
        connection.putrequest(method, path)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        answer = connection.getresponse()
        answer.read()
        return answer.status, time.monotonic() - started
    finally:
        connection.close()


def test_a_bogus_request_declaring_200_mb_is_refused_before_its_body_is_read(sites, serving, tmp_path):
    a, stranger = sites["commune_a"], sites["commune_a2"]
    declared = 200 * 1024**2
    headers = hub.sign_request(stranger.secrets.signing, a.card.site_id, "POST", "/v1/bundles", b"")
    headers.update({hub.LENGTH_HEADER: str(declared), "Content-Length": str(declared)})
    status, took = raw_request(serving, "POST", "/v1/bundles", headers, b"x" * 1024)
    assert status == 401 and took < 5
    inbox = Path(sites["province"].db.path).parent / "hub" / "inbox" if sites["province"].db.path else None
    if inbox is not None:
        assert not any(inbox.glob("upload-*"))


def test_a_replayed_or_stale_request_is_refused(sites, serving):
    a = sites["commune_a"]
    headers = hub.sign_request(a.secrets.signing, a.card.site_id, "GET", "/v1/bundles/mine", b"")
    assert raw_request(serving, "GET", "/v1/bundles/mine", headers)[0] == 200
    assert raw_request(serving, "GET", "/v1/bundles/mine", headers)[0] == 401  # the same, again
    stale = hub.sign_request(
        a.secrets.signing, a.card.site_id, "GET", "/v1/bundles/mine", b"", at=int(time.time()) - 600
    )
    assert raw_request(serving, "GET", "/v1/bundles/mine", stale)[0] == 401


def test_a_site_signing_as_older_versions_did_is_told_to_update(sites, serving):
    a = sites["commune_a"]
    old = {
        hub.SITE_HEADER: str(a.card.site_id),
        hub.SIGNATURE_HEADER: hub.sign_request(
            a.secrets.signing, a.card.site_id, "GET", "/v1/bundles/mine", b""
        )[hub.SIGNATURE_HEADER],
    }
    assert raw_request(serving, "GET", "/v1/bundles/mine", old)[0] == 426


def test_a_body_that_is_not_the_one_signed_is_refused_and_not_kept(sites, serving):
    a = sites["commune_a"]
    body = b"a bundle's worth of bytes"
    headers = hub.sign_request(a.secrets.signing, a.card.site_id, "POST", "/v1/bundles", body)
    headers["Content-Length"] = str(len(body))
    assert raw_request(serving, "POST", "/v1/bundles", headers, body.upper())[0] == 400


def test_a_hub_that_does_not_answer_is_retried_with_growing_waits_then_reported(sites):
    waits = []
    client = HubClient(
        f"http://127.0.0.1:{hub.loopback_port()}",
        sites["commune_a"].card.site_id,
        sites["commune_a"].secrets,
        attempts=4,
        first_wait=0.5,
        sleep=waits.append,
    )
    with pytest.raises(HubUnreachable, match="không trả lời"):
        client.request("GET", "/site")
    assert waits == [0.5, 1.0, 2.0]


def test_a_server_that_is_not_an_office_above_is_refused_before_anything_is_sent(sites, serving, tmp_path):
    unconnected = sites["commune_a2"]  # the province is not among its offices
    add_person(unconnected, "Nông Văn Dền")
    with pytest.raises(BundleRejected, match="không phải là đơn vị cấp trên"):
        exchange_with_hub(
            unconnected.db, "admin", unconnected.secrets, client_for(unconnected, serving), tmp_path
        )
    assert person_names(sites["province"]) == set()


def test_the_app_asks_the_hub_cheaply_and_waits_longer_after_each_failed_try(serving, tmp_path):
    assert hub_answers(serving)
    assert not hub_answers(f"http://127.0.0.1:{hub.loopback_port()}", timeout=2)
    assert [wait_after(n) / dt.timedelta(minutes=1) for n in range(8)] == [15, 1, 2, 4, 8, 16, 30, 30]
    assert checked(HubLink(" http://127.0.0.1:8765/ ", "", True)) == HubLink(
        "http://127.0.0.1:8765", "", True
    )
    for wrong, message in (
        (HubLink("tdkt.caobang.gov.vn"), "Hãy ghi địa chỉ máy chủ như cấp trên đã cho"),
        (HubLink("https://tdkt.caobang.gov.vn:99999"), "Cổng sau dấu hai chấm phải là một số"),
        (HubLink("", automatic=True), "Hãy ghi địa chỉ máy chủ trước"),
        (HubLink("https://tdkt.caobang.gov.vn", str(tmp_path / "ca.pem")), "Không có tệp"),
    ):
        with pytest.raises(ValidationError, match=message):
            checked(wrong)


def test_a_site_that_goes_away_during_its_upload_leaves_no_traceback_in_the_log(sites, hub_process):
    url, process = hub_process
    a = sites["commune_a"]
    body = b"x" * (1024**2)
    headers = hub.sign_request(a.secrets.signing, a.card.site_id, "POST", "/v1/bundles", body)
    headers["Content-Length"] = str(len(body))
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("POST", "/v1/bundles")
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders(body[:4096])
    connection.close()  # gone, mid-body
    time.sleep(1)
    assert raw_request(url, "GET", "/health", {})[0] == 200  # still serving
    process.terminate()
    _out, errors = process.communicate(timeout=30)
    assert "Traceback" not in errors, errors[-2000:]
