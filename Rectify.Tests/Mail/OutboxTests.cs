using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Hosting;
using Rectify.Web.Mail;

namespace Rectify.Tests.Mail;

/// <summary>
/// The outbox end to end: enqueue in the caller's transaction, dispatch through a real SMTP server, retries driven by a
/// manual clock, restarts as a new app on the same database (a SQLite file, or one PostgreSQL database per test).
/// </summary>
public abstract class OutboxTests(DatabaseProvider provider) : IAsyncLifetime
{
    private string? _postgres;

    public sealed class OnSqlite() : OutboxTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : OutboxTests(DatabaseProvider.Postgres);

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            _postgres = await PostgresServer.CreateDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await PostgresServer.DropDatabaseAsync(_postgres);
        }
    }

    /// <summary>An app on this test's database: every start in one test (a restart) finds the same data.</summary>
    private Task<TestApp> StartAsync(string folder, TimeProvider clock, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        TestApp.StartAsync(folder, clock, TestApp.OnDatabase(settings, _postgres), services: services);

    private static async Task EnqueueAsync(TestApp app, params OutboxMessage[] messages)
    {
        await using var db = app.NewDb();
        foreach (var message in messages)
        {
            await app.Get<Outbox>().EnqueueAsync(db, message);
        }

        await db.SaveChangesAsync();
    }

    private static async Task<OutboxMessage> SingleAsync(TestApp app)
    {
        await using var db = app.NewDb();
        return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync();
    }

    [Fact]
    public async Task Enqueued_message_is_sent_once_with_a_message_id_from_its_key()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        await EnqueueAsync(app, MailTestKit.Message("OwnerDeadlines:user-1:2026-11-23", clock.GetUtcNow()));

        var result = await app.Get<OutboxDispatcher>().DispatchDueAsync();

        result.Sent.ShouldBe(1);
        var mail = (await server.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        mail.Subject.ShouldBe(MailTestKit.ChineseSubject);
        var stored = await SingleAsync(app);
        stored.State.ShouldBe(OutboxState.Sent);
        stored.SentAt.ShouldBe(clock.GetUtcNow());
        stored.NextAttemptAt.ShouldBeNull();
        mail.Id().ShouldBe(stored.MessageId("rectify@example.org"));
        mail.Id().ShouldStartWith("<rectify.");
        mail.Id().ShouldEndWith("@example.org>");
    }

    [Fact]
    public async Task Dispatcher_run_twice_delivers_once()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        await EnqueueAsync(app, MailTestKit.Message("k-1", clock.GetUtcNow()), MailTestKit.Message("k-2", clock.GetUtcNow(), "li@example.org"));

        var dispatcher = app.Get<OutboxDispatcher>();
        var together = await Task.WhenAll(dispatcher.DispatchDueAsync(), dispatcher.DispatchDueAsync());
        together.Sum(r => r.Sent).ShouldBe(2, "two runs at once claim each message once");
        clock.Advance(TimeSpan.FromHours(2));
        (await dispatcher.DispatchDueAsync()).Sent.ShouldBe(0);

        await server.WaitForMessagesAsync(2);
        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastSmtpDelivery, () => server.Messages().Count, 2, "each message once");
    }

    [Fact]
    public async Task One_run_sends_every_due_message_in_claimed_groups_over_one_connection()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        var settings = new Dictionary<string, string?>(MailTestKit.Smtp(server)) { ["Mail:ClaimBatchSize"] = "7" };
        await using var app = await StartAsync(folder.Path, clock, settings);
        await EnqueueAsync(app, Enumerable.Range(0, 45).Select(i => MailTestKit.Message($"many-{i}", clock.GetUtcNow(), $"user{i}@example.org")).ToArray());

        var result = await app.Get<OutboxDispatcher>().DispatchDueAsync();

        result.ShouldBe(new DispatchResult(45, 0, 0, 0, false));
        (await app.Get<Outbox>().CountByStateAsync())[OutboxState.Sent].ShouldBe(45);
        (await server.WaitForMessagesAsync(45)).Count.ShouldBe(45);
        server.Sessions.ShouldBe(1, "seven claimed groups, one SMTP connection");
    }

    [Fact]
    public async Task A_refused_recipient_fails_only_that_message_and_the_run_goes_on()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, refuseRecipient: "nobody");
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        await EnqueueAsync(app,
            MailTestKit.Message("a", clock.GetUtcNow()),
            MailTestKit.Message("refused", clock.GetUtcNow(), "nobody@example.org"),
            MailTestKit.Message("c", clock.GetUtcNow(), "li@example.org"));

        var result = await app.Get<OutboxDispatcher>().DispatchDueAsync();

        result.ShouldBe(new DispatchResult(2, 1, 0, 0, false));
        await using var db = app.NewDb();
        var refused = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.IdempotencyKey == "refused");
        refused.State.ShouldBe(OutboxState.Pending);
        refused.Attempts.ShouldBe(1);
        refused.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddMinutes(1));
        refused.LastError.ShouldNotBeNull().ShouldContain("550 5.1.1");
        (await server.WaitForMessagesAsync(2)).Count.ShouldBe(2);
        server.Sessions.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_message_and_a_lost_connection_fail_only_their_message_and_the_run_goes_on()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, refuseMessage: "spam", dropMessage: "drop");
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        await EnqueueAsync(app,
            MailTestKit.Message("a", clock.GetUtcNow()),
            MailTestKit.Message("refused", clock.GetUtcNow(), "spam@example.org"),
            MailTestKit.Message("lost", clock.GetUtcNow(), "drop@example.org"),
            MailTestKit.Message("d", clock.GetUtcNow(), "li@example.org"));

        var result = await app.Get<OutboxDispatcher>().DispatchDueAsync();

        result.ShouldBe(new DispatchResult(2, 2, 0, 0, false));
        await using var db = app.NewDb();
        var failed = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.State != OutboxState.Sent).OrderBy(m => m.Id).ToListAsync();
        failed.Select(m => (m.IdempotencyKey, m.State, m.Attempts)).ShouldBe([("refused", OutboxState.Pending, 1), ("lost", OutboxState.Pending, 1)]);
        failed[0].LastError.ShouldNotBeNull().ShouldContain("554 5.7.1");
        failed[1].LastError.ShouldNotBeNull().ShouldContain("was lost while sending");
        (await server.WaitForMessagesAsync(2)).Select(m => m.To.Mailboxes.Single().Address).Order().ShouldBe(["li@example.org", "zhang@example.org"]);
        server.Sessions.ShouldBe(2, "a new connection after the lost one");
    }

    [Fact]
    public async Task A_refused_sender_ends_the_run_without_counting_an_attempt_against_every_waiting_message()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, refuseSender: "rectify@");
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        await EnqueueAsync(app, MailTestKit.Message("a", clock.GetUtcNow()), MailTestKit.Message("b", clock.GetUtcNow(), "li@example.org"));

        var result = await app.Get<OutboxDispatcher>().DispatchDueAsync();

        result.ShouldBe(new DispatchResult(0, 1, 0, 0, true));
        await using var db = app.NewDb();
        var waiting = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        waiting.Select(m => m.Attempts).ShouldBe([1, 0]);
        waiting[0].LastError.ShouldNotBeNull().ShouldContain("refused the sender <rectify@example.org>: 553");
        server.Messages().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_the_server_accepted_is_not_sent_again_when_the_database_refuses_to_record_it_as_sent()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        await EnqueueAsync(app, MailTestKit.Message("accepted", clock.GetUtcNow()), MailTestKit.Message("next", clock.GetUtcNow(), "li@example.org"));
        var dispatcher = app.Get<OutboxDispatcher>();
        var acceptedAt = clock.GetUtcNow();

        // The database refuses every "Sent" update (a full disk, a lock that does not go away), and only that.
        await RefuseSentUpdatesAsync(app, refuse: true);
        var broken = await dispatcher.DispatchDueAsync();

        broken.Sent.ShouldBe(1, "the server accepted it");
        broken.StoppedEarly.ShouldBeTrue("nothing more is sent while sends cannot be recorded");
        (await server.WaitForMessagesAsync(1)).Count.ShouldBe(1);

        // Later, past the claim's lease (when an interrupted send would be taken for orphaned), the database works again.
        await RefuseSentUpdatesAsync(app, refuse: false);
        clock.Advance(TimeSpan.FromMinutes(11));
        var healed = await dispatcher.DispatchDueAsync();

        healed.Recovered.ShouldBe(0);
        healed.Sent.ShouldBe(1, "only the other message");
        await using var db = app.NewDb();
        var accepted = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.IdempotencyKey == "accepted");
        accepted.State.ShouldBe(OutboxState.Sent);
        accepted.SentAt.ShouldBe(acceptedAt);
        accepted.Attempts.ShouldBe(0);
        (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.IdempotencyKey == "next")).State.ShouldBe(OutboxState.Sent);
        await server.WaitForMessagesAsync(2);
        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastSmtpDelivery, () => server.Messages().Count, 2, "each message once");
        server.Messages().Select(m => m.To.Mailboxes.Single().Address).Order().ShouldBe(["li@example.org", "zhang@example.org"]);
    }

    /// <summary>A trigger that makes the database refuse to set any outbox message to Sent, like a failing disk would.</summary>
    private async Task RefuseSentUpdatesAsync(TestApp app, bool refuse)
    {
        await using var db = app.NewDb();
        if (provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync(refuse
                ? "CREATE TRIGGER refuse_sent BEFORE UPDATE ON \"OutboxMessages\" WHEN NEW.\"State\" = 'Sent' BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END;"
                : "DROP TRIGGER refuse_sent;");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(refuse
                ? "CREATE FUNCTION refuse_sent() RETURNS trigger AS $$ BEGIN IF NEW.\"State\" = 'Sent' THEN RAISE EXCEPTION 'disk I/O error (test)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
                  + "CREATE TRIGGER refuse_sent BEFORE UPDATE ON \"OutboxMessages\" FOR EACH ROW EXECUTE FUNCTION refuse_sent();"
                : "DROP TRIGGER refuse_sent ON \"OutboxMessages\"; DROP FUNCTION refuse_sent();");
        }
    }

    [Fact]
    public async Task Same_idempotency_key_twice_stores_one_row_and_delivers_one_mail_even_across_a_restart()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        const string key = "OwnerDeadlines:user-1:2026-11-23";

        await using (var first = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server)))
        {
            await using var db = first.NewDb();
            var outbox = first.Get<Outbox>();
            (await outbox.EnqueueAsync(db, MailTestKit.Message(key, clock.GetUtcNow()))).ShouldBeTrue();
            (await outbox.EnqueueAsync(db, MailTestKit.Message(key, clock.GetUtcNow()))).ShouldBeFalse("same key, same unsaved context");
            await db.SaveChangesAsync();
            await using var other = first.NewDb();
            (await outbox.EnqueueAsync(other, MailTestKit.Message(key, clock.GetUtcNow()))).ShouldBeFalse("same key, another context");
            await other.SaveChangesAsync();
            (await first.Get<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(1);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await using (var restarted = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server)))
        {
            await using var db = restarted.NewDb();
            (await restarted.Get<Outbox>().EnqueueAsync(db, MailTestKit.Message(key, clock.GetUtcNow()))).ShouldBeFalse("after a restart");
            await db.SaveChangesAsync();
            (await restarted.Get<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(0);
            (await db.Set<OutboxMessage>().CountAsync()).ShouldBe(1);
        }

        await server.WaitForMessagesAsync(1);
        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastSmtpDelivery, () => server.Messages().Count, 1, "not sent again after the restart");
    }

    [Fact]
    public async Task Two_transactions_racing_with_the_same_key_store_one_row_and_the_loser_is_recognised()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock);
        var outbox = app.Get<Outbox>();
        await using var a = app.NewDb();
        await using var b = app.NewDb();

        (await outbox.EnqueueAsync(a, MailTestKit.Message("race", clock.GetUtcNow()))).ShouldBeTrue();
        (await outbox.EnqueueAsync(b, MailTestKit.Message("race", clock.GetUtcNow()))).ShouldBeTrue("neither has committed yet");
        await a.SaveChangesAsync();
        var lost = await Should.ThrowAsync<DbUpdateException>(() => b.SaveChangesAsync());

        Outbox.IsDuplicateKey(lost).ShouldBeTrue();
        await using var retry = app.NewDb();
        (await outbox.EnqueueAsync(retry, MailTestKit.Message("race", clock.GetUtcNow()))).ShouldBeFalse("the retried unit of work skips it");
        (await retry.Set<OutboxMessage>().CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task A_message_enqueued_in_a_transaction_that_is_rolled_back_is_never_sent()
    {
        using var folder = new TempFolder();
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock);
        await using (var db = app.NewDb())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await app.Get<Outbox>().EnqueueAsync(db, MailTestKit.Message("rolled-back", clock.GetUtcNow()));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        (await app.Get<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(0);
        (await app.Get<Outbox>().CountByStateAsync()).Values.Sum().ShouldBe(0);
    }

    [Fact]
    public async Task Wrong_password_retries_with_backoff_then_fails_after_max_attempts()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartSecureAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        await using var app = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server, password: "wrong"));
        await EnqueueAsync(app, MailTestKit.Message("k", clock.GetUtcNow()));
        var dispatcher = app.Get<OutboxDispatcher>();
        var expectedDelays = new[] { 1, 2, 4, 8, 16, 32, 60 }; // minutes after failures 1..7; the 8th gives up

        foreach (var (delay, attempt) in expectedDelays.Select((d, i) => (d, i + 1)))
        {
            var result = await dispatcher.DispatchDueAsync();
            result.FailedAttempts.ShouldBe(1);
            var message = await SingleAsync(app);
            message.State.ShouldBe(OutboxState.Pending);
            message.Attempts.ShouldBe(attempt);
            message.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddMinutes(delay));
            // The login fails at AUTH with the server's own reply (MailKit's AuthenticationException: "535: …").
            message.LastError.ShouldNotBeNull().ShouldContain("refused the login of 'secretary'");
            message.LastError.ShouldContain("535: 5.7.8 Authentication credentials invalid");
            message.LastError.ShouldNotContain(SmtpTestServer.Password);

            clock.Advance(TimeSpan.FromMinutes(delay) - TimeSpan.FromSeconds(1));
            (await dispatcher.DispatchDueAsync()).FailedAttempts.ShouldBe(0, "not due yet");
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        (await dispatcher.DispatchDueAsync()).GaveUp.ShouldBe(1);
        var failed = await SingleAsync(app);
        failed.State.ShouldBe(OutboxState.Failed);
        failed.Attempts.ShouldBe(8);
        failed.NextAttemptAt.ShouldBeNull();
        failed.LastError.ShouldNotBeNull().Length.ShouldBeLessThanOrEqualTo(OutboxMessage.LastErrorMaxLength);
        server.Messages().ShouldBeEmpty();

        clock.Advance(TimeSpan.FromDays(1));
        (await dispatcher.DispatchDueAsync()).FailedAttempts.ShouldBe(0, "Failed stays Failed until an administrator retries it");
    }

    [Fact]
    public async Task Server_down_messages_wait_and_retry_then_arrive_exactly_once_when_it_is_up()
    {
        using var folder = new TempFolder();
        var port = SmtpTestServer.FreePort();
        var clock = new ManualClock(MailTestKit.Start);
        var settings = new Dictionary<string, string?> { ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Mail:Security"] = "None" };
        await using var app = await StartAsync(folder.Path, clock, settings);
        await EnqueueAsync(app, MailTestKit.Message("a", clock.GetUtcNow()), MailTestKit.Message("b", clock.GetUtcNow(), "li@example.org"));
        var dispatcher = app.Get<OutboxDispatcher>();

        var down = await dispatcher.DispatchDueAsync();
        down.FailedAttempts.ShouldBe(1);
        down.StoppedEarly.ShouldBeTrue("an unreachable server is not tried once per waiting message");
        (await app.Get<Outbox>().CountByStateAsync())[OutboxState.Pending].ShouldBe(2);
        await using (var db = app.NewDb())
        {
            // Both were claimed together; the one never handed to the transport went back uncounted and due.
            var waiting = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
            waiting.Select(m => m.Attempts).ShouldBe([1, 0]);
            waiting[1].NextAttemptAt.ShouldBe(clock.GetUtcNow());
        }

        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, port);
        clock.Advance(TimeSpan.FromMinutes(1));
        var up = await dispatcher.DispatchDueAsync();
        up.Sent.ShouldBe(2);
        clock.Advance(TimeSpan.FromHours(1));
        (await dispatcher.DispatchDueAsync()).Sent.ShouldBe(0);

        var received = await server.WaitForMessagesAsync(2);
        await Quiet.AssertNothingArrivesWithinAsync(Quiet.AfterLastSmtpDelivery, () => server.Messages().Count, 2, "each message once");
        received.Select(m => m.To.Mailboxes.Single().Address).Order().ShouldBe(["li@example.org", "zhang@example.org"]);
        (await app.Get<Outbox>().CountByStateAsync())[OutboxState.Sent].ShouldBe(2);
    }

    [Fact]
    public async Task A_message_left_sending_by_a_crash_before_the_server_accepted_it_is_recovered_after_restart_and_sent_once()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        var hang = new HangingTransport(deliverFirst: null);

        await using var crashed = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server), services: s => s.AddSingleton<IMailTransport>(hang));
        await EnqueueAsync(crashed, MailTestKit.Message("k", clock.GetUtcNow()));
        _ = crashed.Get<OutboxDispatcher>().DispatchDueAsync(); // claims, then never returns: the process "dies" here
        await hang.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        (await SingleAsync(crashed)).State.ShouldBe(OutboxState.Sending);

        await using var restarted = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        clock.Advance(TimeSpan.FromMinutes(5));
        (await restarted.Get<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(0, "within the lease it may still be sending");
        clock.Advance(TimeSpan.FromMinutes(5));
        var result = await restarted.Get<OutboxDispatcher>().DispatchDueAsync();

        result.Recovered.ShouldBe(1);
        result.Sent.ShouldBe(1);
        var message = await SingleAsync(restarted);
        message.State.ShouldBe(OutboxState.Sent);
        message.Attempts.ShouldBe(1);
        message.LastError.ShouldNotBeNull().ShouldContain("Interrupted");
        (await server.WaitForMessagesAsync(1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_crash_after_the_server_accepted_can_duplicate_once_but_both_copies_share_the_message_id()
    {
        using var folder = new TempFolder();
        using var server = await SmtpTestServer.StartPlainAsync(folder.Path);
        var clock = new ManualClock(MailTestKit.Start);
        SmtpMailTransport? real = null;
        var hang = new HangingTransport(deliverFirst: () => real!);

        await using var crashed = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server), services: s => s.AddSingleton<IMailTransport>(hang));
        real = ActivatorUtilities.CreateInstance<SmtpMailTransport>(crashed.Services);
        await EnqueueAsync(crashed, MailTestKit.Message("k", clock.GetUtcNow()));
        _ = crashed.Get<OutboxDispatcher>().DispatchDueAsync(); // delivered, then dies before recording Sent
        await hang.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await using var restarted = await StartAsync(folder.Path, clock, MailTestKit.Smtp(server));
        clock.Advance(TimeSpan.FromMinutes(11));
        (await restarted.Get<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(1);

        var copies = await server.WaitForMessagesAsync(2);
        copies.Count.ShouldBe(2, "the documented limit: one duplicate for a crash in that window");
        copies.Select(c => c.MessageId).Distinct().ShouldHaveSingleItem().ShouldNotBeNull();
    }

    [Fact]
    public async Task Administrator_sees_counts_and_lists_by_state_and_can_retry_a_failed_message()
    {
        using var folder = new TempFolder();
        var port = SmtpTestServer.FreePort();
        var clock = new ManualClock(MailTestKit.Start);
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail:Security"] = "None", ["Mail:MaxAttempts"] = "1",
        };
        await using var app = await StartAsync(folder.Path, clock, settings);
        await EnqueueAsync(app, MailTestKit.Message("dead", clock.GetUtcNow()));
        await app.Get<OutboxDispatcher>().DispatchDueAsync(); // server down, MaxAttempts 1: Failed at once
        await EnqueueAsync(app, MailTestKit.Message("waiting", clock.GetUtcNow()));
        var outbox = app.Get<Outbox>();

        var counts = await outbox.CountByStateAsync();
        counts[OutboxState.Failed].ShouldBe(1);
        counts[OutboxState.Pending].ShouldBe(1);
        counts[OutboxState.Sent].ShouldBe(0);
        var failed = (await outbox.ListAsync(OutboxState.Failed)).ShouldHaveSingleItem();
        failed.IdempotencyKey.ShouldBe("dead");
        failed.LastError.ShouldNotBeNullOrWhiteSpace();

        using var server = await SmtpTestServer.StartPlainAsync(folder.Path, port);
        (await outbox.RetryFailedAsync(failed.Id)).ShouldBeTrue();
        (await outbox.RetryFailedAsync(failed.Id)).ShouldBeFalse("it is Pending now, not Failed");
        (await app.Get<OutboxDispatcher>().DispatchDueAsync()).Sent.ShouldBe(2);
        (await outbox.CountByStateAsync())[OutboxState.Sent].ShouldBe(2);
        (await server.WaitForMessagesAsync(2)).Count.ShouldBe(2);
    }

    /// <summary>Stands in for a process that dies mid-send: optionally delivers for real first, then never returns.</summary>
    private sealed class HangingTransport(Func<IMailTransport>? deliverFirst) : IMailTransport
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => "hangs";

        public IMailBatch OpenBatch() => new Batch(this);

        private sealed class Batch(HangingTransport owner) : IMailBatch
        {
            public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
            {
                if (owner._deliverFirst is not null)
                {
                    await owner._deliverFirst().SendAsync(mail, CancellationToken.None);
                }

                owner.Entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }

        private readonly Func<IMailTransport>? _deliverFirst = deliverFirst;
    }
}
