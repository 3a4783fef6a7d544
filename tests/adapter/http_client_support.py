"""Real network parts for the `http_client=` tests: a forward/CONNECT proxy that records what
passed through it, a test CA with server and client certificates (made per test with
`cryptography`), and a TLS front (mutual TLS) that relays to a plain server such as the
sandbox. All on 127.0.0.1, each in threads of the test's process."""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te"}


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy bytes one way until either side closes, then close both ways."""
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, target):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


def _relay(a: socket.socket, b: socket.socket) -> None:
    """Both directions between `a` and `b`, until the connection ends."""
    back = threading.Thread(target=_pipe, args=(b, a), daemon=True)
    back.start()
    _pipe(a, b)
    back.join(30)


@dataclass
class RunningProxy:
    url: str
    seen: list[str] = field(default_factory=list)  # "CONNECT host:port", "POST http://..."


@contextmanager
def forward_proxy() -> Iterator[RunningProxy]:
    """An HTTP proxy on 127.0.0.1: absolute-URI requests forwarded, CONNECT tunnelled."""
    running: RunningProxy

    class Handler(BaseHTTPRequestHandler):
        def do_CONNECT(self) -> None:
            running.seen.append(f"CONNECT {self.path}")
            host, _, port = self.path.rpartition(":")
            upstream = socket.create_connection((host, int(port)), timeout=30)
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            _relay(self.connection, upstream)
            upstream.close()
            self.close_connection = True

        def _forward(self) -> None:
            running.seen.append(f"{self.command} {self.path}")
            target = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            path = target.path + (f"?{target.query}" if target.query else "")
            upstream.request(self.command, path, body=body or None, headers=headers)
            reply = upstream.getresponse()
            content = reply.read()
            self.send_response(reply.status, reply.reason)
            for name, value in reply.getheaders():
                if name.lower() not in _HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            upstream.close()

        do_GET = do_POST = _forward

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    running = RunningProxy(f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield running
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass(frozen=True)
class Pki:
    """A test CA and what it signed, as PEM files under a test's tmp_path."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path

    def client_context(self, *, trust: bool = True, present_cert: bool = True) -> ssl.SSLContext:
        """What a user passes as `verify=`: our CA trusted (or not), our client cert."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifying; trusting nothing yet
        if trust:
            context.load_verify_locations(cafile=str(self.ca))
        if present_cert:
            context.load_cert_chain(self.client_cert, self.client_key)
        return context


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def make_pki(directory: Path) -> Pki:
    """A CA, a server certificate for 127.0.0.1 and a client certificate, signed by the CA."""
    now = dt.datetime.now(dt.UTC)
    ca_key = _key()
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smsmobile test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )

    def issue(name: str, usage: x509.ObjectIdentifier) -> tuple[bytes, ec.EllipticCurvePrivateKey]:
        key = _key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
            )
        )
        if usage == ExtendedKeyUsageOID.SERVER_AUTH:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
        cert = builder.sign(ca_key, hashes.SHA256())
        return cert.public_bytes(serialization.Encoding.PEM), key

    server_pem, server_key = issue("127.0.0.1", ExtendedKeyUsageOID.SERVER_AUTH)
    client_pem, client_key = issue("smsmobile test client", ExtendedKeyUsageOID.CLIENT_AUTH)
    pki = Pki(
        ca=directory / "ca.pem",
        server_cert=directory / "server.pem",
        server_key=directory / "server.key",
        client_cert=directory / "client.pem",
        client_key=directory / "client.key",
    )
    pki.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.server_cert.write_bytes(server_pem)
    _write_key(pki.server_key, server_key)
    pki.client_cert.write_bytes(client_pem)
    _write_key(pki.client_key, client_key)
    return pki


@dataclass
class RunningTlsFront:
    url: str
    handshakes: list[str] = field(default_factory=list)  # the client certificate's CN, or "failed"


@contextmanager
def tls_front(pki: Pki, target_port: int) -> Iterator[RunningTlsFront]:
    """https://127.0.0.1:<port>, certified by the test CA, that requires a client certificate
    from the same CA and relays each connection to 127.0.0.1:`target_port` in plain HTTP."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.server_cert, pki.server_key)
    context.load_verify_locations(cafile=str(pki.ca))
    context.verify_mode = ssl.CERT_REQUIRED
    listener = socket.create_server(("127.0.0.1", 0))
    running = RunningTlsFront(f"https://127.0.0.1:{listener.getsockname()[1]}")
    stop = threading.Event()

    def serve_one(connection: socket.socket) -> None:
        try:
            connection.settimeout(30)
            secured = context.wrap_socket(connection, server_side=True)
        except (OSError, ssl.SSLError):
            running.handshakes.append("failed")
            connection.close()
            return
        peer = secured.getpeercert() or {}
        subject = dict(item[0] for item in peer.get("subject", ()))
        running.handshakes.append(str(subject.get("commonName", "")))
        upstream = socket.create_connection(("127.0.0.1", target_port), timeout=30)
        _relay(secured, upstream)
        secured.close()
        upstream.close()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve_one, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        stop.set()
        thread.join(5)
        listener.close()
