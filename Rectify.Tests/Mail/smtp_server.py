"""A real SMTP server for the mail tests: aiosmtpd with STARTTLS (required) and AUTH LOGIN/PLAIN (required, only after
STARTTLS), delivering accepted messages into a Maildir. Run with Debian's /usr/bin/python3 (package python3-aiosmtpd):

    /usr/bin/python3 smtp_server.py --port 2525 --maildir DIR --cert cert.pem --key key.pem --user U --password P

Prints "ready" once it accepts connections and runs until it is killed.
"""
import argparse
import logging
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class CaseInsensitiveAuthSMTP(SMTP):
    """System.Net.Mail sends "AUTH login ..." in lower case; aiosmtpd 1.4 matches mechanism names case-sensitively and
    answers 504, after which SmtpClient silently goes on unauthenticated. Real servers (Postfix, Exchange) accept any case."""

    async def smtp_AUTH(self, arg):
        if arg:
            mechanism, _, rest = arg.partition(" ")
            arg = mechanism.upper() + (" " + rest if rest else "")
        return await super().smtp_AUTH(arg)


class SecureController(Controller):
    def factory(self):
        return CaseInsensitiveAuthSMTP(self.handler, **self.SMTP_kwargs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    if os.environ.get("SMTP_TEST_LOG"):
        logging.basicConfig(filename=os.environ["SMTP_TEST_LOG"], level=logging.DEBUG)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode("utf-8") == args.user
            and auth_data.password.decode("utf-8") == args.password
        )
        # handled=False: let aiosmtpd answer "535 ... credentials invalid" (its default, True, answers nothing).
        return AuthResult(success=ok, handled=False)

    controller = SecureController(
        Mailbox(args.maildir),
        hostname=args.host,
        port=args.port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    print("ready", flush=True)

    def stop(*_):
        controller.stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
