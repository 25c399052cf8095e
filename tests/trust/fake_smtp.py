"""A mail server on loopback for tests: it speaks enough SMTP for Django's
SMTP backend (smtplib), keeps every message it accepts, and refuses the
recipients it is told to with 550, as a real server refuses an unknown
mailbox. No new package: aiosmtpd is not installed and Python 3.12 removed
smtpd, and the protocol needed is a handful of commands."""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data)

    @property
    def body(self) -> str:
        payload = self.message.get_payload(decode=True)
        return payload.decode() if isinstance(payload, bytes) else str(payload)


@dataclass
class FakeSMTPServer:
    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0

    def __enter__(self) -> FakeSMTPServer:
        fake = self

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server((self.host, 0), _Handler)
        self._server.fake = fake  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def mailer(self) -> dict[str, Any]:
        """A MAILERS entry that sends here."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": self.host, "port": self.port, "timeout": 5},
        }

    def to(self) -> list[str]:
        """Every accepted recipient, in order."""
        return [r for message in self.received for r in message.recipients]


def _address(argument: str) -> str:
    start, end = argument.find("<"), argument.find(">")
    return argument[start + 1 : end].strip().lower()


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        fake: FakeSMTPServer = self.server.fake  # type: ignore[attr-defined]
        self.reply("220 fake.example.org ESMTP")
        sender, recipients = "", []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-fake.example.org")
                self.reply("250 HELP")
            elif verb == "HELO":
                self.reply("250 fake.example.org")
            elif verb == "MAIL":
                sender, recipients = _address(command), []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = _address(command)
                if address in fake.refuse:
                    fake.refused.append(address)
                    self.reply(
                        f"550 5.1.1 <{address}>: Recipient address rejected: "
                        "User unknown in local recipient table"
                    )
                else:
                    recipients.append(address)
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 5.5.1 Error: no valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                fake.received.append(Received(sender, recipients, b"".join(data)))
                self.reply("250 2.0.0 Ok: queued")
            elif verb == "RSET":
                sender, recipients = "", []
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Error: command not recognized")
