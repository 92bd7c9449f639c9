"""An SMTP server on 127.0.0.1 (aiosmtpd, in its own thread) that keeps what it receives,
so tests read the e-mails as a mail client would: subject, text part, HTML part, links."""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        raise AssertionError(f"no {content_type} part in “{self.subject}”")

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")

    def link(self) -> str:
        """The first http(s) link of the text part."""
        found = re.search(r"https?://\S+", self.text)
        assert found, f"no link in “{self.subject}”"
        return found.group(0)


class LoopbackInbox:
    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self._controller = None
        self.port = 0

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd
                message = message_from_bytes(envelope.original_content or envelope.content,
                                             policy=policy.default)
                with inbox._lock:
                    inbox.messages.append(ReceivedMail(envelope.mail_from,
                                                       list(envelope.rcpt_tos), message))
                return "250 Message accepted for delivery"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[ReceivedMail]:
        with self._lock:
            return [m for m in self.messages if address in m.recipients]

    def wait(self, address: str, count: int = 1, timeout: float = 10.0) -> ReceivedMail:
        """The ``count``-th message for ``address`` (waits for the server to receive it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found[count - 1]
            time.sleep(0.05)
        raise AssertionError(f"no e-mail #{count} for {address} within {timeout} s")
