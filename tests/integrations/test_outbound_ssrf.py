"""The one outbound client refuses private destinations in every spelling, at connect time."""

from __future__ import annotations

import pytest

from integrations import outbound
from tests.integrations.conftest import Receiver, Reply


@pytest.fixture
def canary():
    """A loopback server that must never be reached while private networks are refused."""
    server = Receiver()
    yield server
    server.stop()


# {port} is the canary's port: were the guard to let a loopback spelling through, the canary would hear it.
PRIVATE_URLS = [
    "http://127.0.0.1:{port}/",
    "http://localhost:{port}/",
    "http://10.0.0.5/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:{port}/",
    "http://[::1]:{port}/",
    "http://[fc00::1]/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    # Every IPv6 transition form is judged by the IPv4 address it embeds.
    "http://[::127.0.0.1]:{port}/",
    "http://[::10.0.0.5]/",
    "http://[::ffff:0:10.0.0.5]/",
    "http://[::ffff:0:127.0.0.1]:{port}/",
    "http://[2002:0a00:0005::1]/",
    "http://[2002:7f00:0001::1]:{port}/",
    "http://[64:ff9b::10.0.0.5]/",
    "http://[64:ff9b::192.168.1.1]/",
    "http://[64:ff9b:1::a00:5]/",
    "http://[2001:0:4136:e378:8000:63bf:f5ff:fffa]/",
    "http://[fec0::1]/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_stats",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_destinations_are_refused_and_reach_nothing(settings, canary, url):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(outbound.DestinationRefusedError):
        outbound.send_request("GET", url.format(port=canary.port), timeout=1)
    assert canary.requests == []


@pytest.mark.parametrize("address", ["::8.8.8.8", "2002:0808:0808::1", "64:ff9b::8.8.8.8"])
def test_transition_forms_of_a_public_ipv4_address_are_allowed(settings, address):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    assert outbound.address_refusal(outbound.ipaddress.ip_address(address)) is None


def test_cloud_metadata_stays_refused_even_when_private_networks_are_allowed(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    with pytest.raises(outbound.DestinationRefusedError, match="metadata"):
        outbound.send_request("GET", "http://169.254.169.254/latest/meta-data/", timeout=1)


def test_loopback_receivers_work_when_private_networks_are_allowed(allow_loopback, canary):
    response = outbound.send_request("POST", canary.url(), body=b"{}", timeout=2)
    assert response.status == 200
    assert len(canary.requests) == 1


def test_a_public_address_redirecting_to_loopback_is_refused_at_the_redirect(settings, canary):
    # Simulated: no public DNS here, so a second loopback address (127.0.0.2) stands in for a
    # public host by being the one network the operator allows. The guard treats it as allowed
    # and must still refuse the redirect hop to 127.0.0.1.
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    public = Receiver(host="127.0.0.2")
    public.respond = lambda request: Reply(status=302, headers={"Location": canary.url("/internal")}, body=b"")
    try:
        with pytest.raises(outbound.DestinationRefusedError, match="loopback"):
            outbound.send_request("GET", public.url("/start"), timeout=2, follow_redirects=True)
        assert len(public.requests) == 1
        assert canary.requests == []
    finally:
        public.stop()


def test_at_most_three_redirects_are_followed(allow_loopback, canary):
    canary.respond = lambda request: Reply(status=302, headers={"Location": canary.url("/again")}, body=b"")
    with pytest.raises(outbound.OutboundError, match="redirects"):
        outbound.send_request("GET", canary.url("/start"), timeout=2, follow_redirects=True)
    assert len(canary.requests) == 4


def test_a_hanging_server_times_out_with_a_retryable_error(allow_loopback, canary):
    canary.hang()
    with pytest.raises(outbound.OutboundError, match="Timed out") as error:
        outbound.send_request("POST", canary.url(), body=b"{}", timeout=0.3)
    assert error.value.retryable


def test_a_refused_connection_is_a_retryable_error(allow_loopback):
    closed = Receiver()
    url = closed.url()
    closed.stop()
    with pytest.raises(outbound.OutboundError, match="refused") as error:
        outbound.send_request("POST", url, body=b"{}", timeout=1)
    assert error.value.retryable


def test_every_request_needs_a_timeout(allow_loopback, canary):
    with pytest.raises(ValueError):
        outbound.send_request("GET", canary.url(), timeout=0)


@pytest.fixture
def tls_receiver(tmp_path):
    """An HTTPS receiver on 127.0.0.1 with a certificate for `localhost` from a throwaway CA."""
    import datetime
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(common_name):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Test CA"))
        .issuer_name(name("Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.pem").write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem")
    server = Receiver(tls=context)
    server.ca_bundle = str(tmp_path / "ca.pem")
    yield server
    server.stop()


def test_https_is_verified_against_the_name_while_connecting_to_the_checked_address(allow_loopback, tls_receiver):
    allow_loopback.OUTBOUND_HTTP_CA_BUNDLE = tls_receiver.ca_bundle
    response = outbound.send_request("POST", tls_receiver.url(host="localhost"), body=b"{}", timeout=5)
    assert response.status == 200
    assert tls_receiver.requests[0].headers["Host"] == f"localhost:{tls_receiver.port}"


def test_an_untrusted_certificate_is_a_retryable_tls_error(allow_loopback, tls_receiver):
    with pytest.raises(outbound.OutboundError, match="TLS|certificate") as error:
        outbound.send_request("POST", tls_receiver.url(host="localhost"), body=b"{}", timeout=5)
    assert error.value.retryable


def test_a_path_typed_with_accents_is_sent_percent_encoded(allow_loopback, canary):
    # A partner's health URL as typed into a form: "/santé/état?région=Île-de-France" (already escaped parts kept).
    url = canary.url("/santé/%C3%A9tat?région=Île-de-France&ok=1")

    response = outbound.send_request("GET", url, timeout=2)

    assert response.status == 200
    assert canary.requests[0].path == "/sant%C3%A9/%C3%A9tat?r%C3%A9gion=%C3%8Ele-de-France&ok=1"


def test_a_url_that_is_not_text_is_refused():
    with pytest.raises(outbound.DestinationRefusedError):
        outbound.check_url(5)
