"""A real SMTP server for the mail tests: aiosmtpd delivering accepted messages into a Maildir. Run with Debian's
/usr/bin/python3 (package python3-aiosmtpd):

    /usr/bin/python3 smtp_server.py --port 2525 --maildir DIR                     plain SMTP, no TLS, no AUTH
    /usr/bin/python3 smtp_server.py --port 2525 --maildir DIR --cert cert.pem --key key.pem --user U --password P
                                                                                  STARTTLS required, then AUTH LOGIN/PLAIN required
    /usr/bin/python3 smtp_server.py ... --cert cert.pem --key key.pem --implicit-tls --user U --password P
                                                                                  TLS from the first byte (port 465 style), then AUTH required

Options for the tests of the client's connection handling:
    --limit-per-connection N --limit-mode close    after the N-th message of a connection, close it (no reply, like an idle timeout)
    --limit-per-connection N --limit-mode 421      answer the next MAIL FROM with 421 and close (a limit on messages per connection)
    --refuse-recipient TEXT                        answer RCPT TO with 550 when the address contains TEXT
    --refuse-sender TEXT                           answer MAIL FROM with 553 when the address contains TEXT
    --refuse-message TEXT                          answer the end of DATA with 554 when a recipient contains TEXT (nothing delivered)
    --drop-message TEXT                            close the connection without a reply at the end of DATA when a recipient
                                                   contains TEXT (a connection lost mid-send; nothing delivered)

Prints "ready" once it accepts connections, and "session" for every connection that says EHLO or HELO (so a test can count
the connections a client opened), and runs until it is killed.
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


class TestSMTP(SMTP):
    limit = 0
    limit_mode = "close"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._greeted = False
        self._messages = 0

    async def smtp_AUTH(self, arg):
        """Some clients (System.Net.Mail) send "AUTH login ..." in lower case; aiosmtpd 1.4 matches mechanism names
        case-sensitively and answers 504. Real servers (Postfix, Exchange) accept any case."""
        if arg:
            mechanism, _, rest = arg.partition(" ")
            arg = mechanism.upper() + (" " + rest if rest else "")
        return await super().smtp_AUTH(arg)

    async def smtp_EHLO(self, hostname):
        self._count_session()
        return await super().smtp_EHLO(hostname)

    async def smtp_HELO(self, hostname):
        self._count_session()
        return await super().smtp_HELO(hostname)

    async def smtp_MAIL(self, arg):
        if self.limit and self.limit_mode == "421" and self._messages >= self.limit:
            await self.push("421 4.7.0 Too many messages on this connection, closing")
            self.transport.close()
            return
        return await super().smtp_MAIL(arg)

    async def smtp_DATA(self, arg):
        await super().smtp_DATA(arg)
        self._messages += 1
        if self.limit and self.limit_mode == "close" and self._messages >= self.limit:
            self.transport.close()  # after the 250 has been written: the client finds the connection closed next time

    def _count_session(self):
        if not self._greeted:  # the EHLO after STARTTLS is the same connection
            self._greeted = True
            print("session", flush=True)


class RefusingMailbox(Mailbox):
    def __init__(self, maildir, refuse, refuse_message="", drop_message="", refuse_sender=""):
        super().__init__(maildir)
        self._refuse = refuse
        self._refuse_sender = refuse_sender
        self._refuse_message = refuse_message
        self._drop_message = drop_message

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self._refuse_sender and self._refuse_sender in address:
            return "553 5.7.1 <%s>: Sender address rejected: not owned by user" % address
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self._refuse and self._refuse in address:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._refuse_message and any(self._refuse_message in r for r in envelope.rcpt_tos):
            return "554 5.7.1 Message rejected: content policy"
        if self._drop_message and any(self._drop_message in r for r in envelope.rcpt_tos):
            server.transport.abort()  # no reply at all: the client cannot know whether the message arrived
            return "421 4.4.2 dropped"  # written to a closed transport, i.e. never seen
        return await super().handle_DATA(server, session, envelope)


class TestController(Controller):
    def factory(self):
        return TestSMTP(self.handler, **self.SMTP_kwargs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--limit-per-connection", type=int, default=0)
    parser.add_argument("--limit-mode", choices=["close", "421"], default="close")
    parser.add_argument("--refuse-recipient", default="")
    parser.add_argument("--refuse-message", default="")
    parser.add_argument("--refuse-sender", default="")
    parser.add_argument("--drop-message", default="")
    parser.add_argument("--implicit-tls", action="store_true")
    args = parser.parse_args()
    if os.environ.get("SMTP_TEST_LOG"):
        logging.basicConfig(filename=os.environ["SMTP_TEST_LOG"], level=logging.DEBUG)

    TestSMTP.limit = args.limit_per_connection
    TestSMTP.limit_mode = args.limit_mode
    handler = RefusingMailbox(args.maildir, args.refuse_recipient, args.refuse_message, args.drop_message, args.refuse_sender)
    kwargs = {}
    if args.cert:
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

        if args.implicit_tls:
            # The whole connection is TLS (the controller wraps the server socket); aiosmtpd only counts STARTTLS as TLS,
            # so AUTH must not wait for one.
            kwargs = dict(
                ssl_context=context,
                authenticator=authenticator,
                auth_required=True,
                auth_require_tls=False,
            )
        else:
            kwargs = dict(
                tls_context=context,
                require_starttls=True,
                authenticator=authenticator,
                auth_required=True,
                auth_require_tls=True,
            )

    controller = TestController(handler, hostname=args.host, port=args.port, **kwargs)
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
