#!/usr/bin/env python3
"""A real SMTP server for the mail tests, on aiosmtpd (Debian's python3-aiosmtpd).

Each message it accepts becomes DIR/NNNN.eml: two lines naming the envelope (X-Envelope-From,
X-Envelope-To), then the message exactly as received. Python's own MIME parser then reads it
into DIR/NNNN.txt: the decoded Subject and To, an empty line, the plain-text part, and after
a line "--html--" the HTML part, so tests read what a mail client would show. A recipient whose local part is
"refuse" gets 550, as a relay answers for a mailbox that does not exist. With --user and
--password, AUTH (PLAIN or LOGIN) is required and only that pair is accepted. Listens on
127.0.0.1:PORT and writes DIR/ready once it answers.
"""
import argparse
import email
import email.policy
import os
import signal
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0] == "refuse":
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%04d.eml" % self.count)
        with open(path + ".tmp", "wb") as out:
            out.write(("X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n"
                       % (envelope.mail_from, ",".join(envelope.rcpt_tos))).encode())
            out.write(envelope.original_content)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        # Both files appear whole (written aside, then renamed): a reader polling the folder
        # never sees one half written.
        text = path[:-4] + ".txt"
        with open(text + ".tmp", "w", encoding="utf-8") as out:
            out.write("Subject: %s\nTo: %s\n\n" % (message["subject"], message["to"]))
            out.write(plain.get_content() if plain else "")
            out.write("\n--html--\n")
            out.write(html.get_content() if html else "")
        os.rename(text + ".tmp", text)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    options = {}
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login == args.user.encode()
                  and auth_data.password == args.password.encode())
            return AuthResult(success=ok, handled=False)

        options = {"authenticator": authenticate, "auth_required": True,
                   "auth_require_tls": False}
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    open(os.path.join(args.dir, "ready"), "w").close()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
