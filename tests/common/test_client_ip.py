"""Client identity: the peer address unless trusted proxies vouch for another; one answer for
rate limits, the login lockout and the logs."""

import logging

import pytest
from django.test import RequestFactory

from common.client_ip import ClientIpLogFilter, ClientIpMiddleware, client_ip, client_key
from tests.moeitewaard.test_settings import run_manage


def request_from(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says(settings):
    settings.TRUSTED_PROXY_HOPS = 0

    assert client_ip(request_from("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_behind_one_proxy_the_right_most_forwarded_address_is_the_client(settings):
    settings.TRUSTED_PROXY_HOPS = 1

    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_HOPS = 2

    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.1")

    assert client_ip(request) == "203.0.113.5"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_missing_short_or_garbled_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_HOPS = 1 if forwarded != "" else 2

    assert client_ip(request_from("10.0.0.1", forwarded)) == "10.0.0.1"


def test_rate_limits_count_an_ipv6_client_by_its_64_network(settings):
    settings.TRUSTED_PROXY_HOPS = 0

    first = client_key(request_from("2001:db8:1:2::1"))
    second = client_key(request_from("2001:db8:1:2:ffff::9"))

    assert first == second == "2001:db8:1:2::/64"
    assert client_key(request_from("203.0.113.5")) == "203.0.113.5"


def test_log_lines_name_the_client_of_the_request(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    seen = []

    def view(request):
        record = logging.LogRecord("test", logging.WARNING, __file__, 1, "hello", None, None)
        ClientIpLogFilter().filter(record)
        seen.append(record.client_ip)

    ClientIpMiddleware(view)(request_from("10.0.0.1", "1.2.3.4, 203.0.113.5"))
    outside = logging.LogRecord("test", logging.WARNING, __file__, 1, "hello", None, None)
    ClientIpLogFilter().filter(outside)

    assert seen == ["203.0.113.5"]
    assert outside.client_ip == "-"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TRUSTED_PROXY_HOPS", "-1"),
        ("TRUSTED_PROXY_HOPS", "one"),
        ("ADVICE_FORM_RATE_LIMIT", "lots"),
        ("EMAIL_ADDRESS_RATE_LIMIT", "0/day"),
        ("WIDGET_VISITOR_RATE_LIMIT", "30/fortnight"),
        ("SUGGESTION_LLM_CALLS_PER_HOUR", "501"),
    ],
)
def test_an_invalid_limit_stops_start_up_naming_the_variable(variable, value):
    result = run_manage("check", **{variable: value})

    assert result.returncode != 0
    assert variable in result.stderr
