using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

using Rectify.Web.Operations;

namespace Rectify.Web.Mail;

/// <summary>
/// Sends due outbox messages. A run claims up to Mail:ClaimBatchSize due messages at a time (Pending → Sending in one
/// conditional UPDATE, committed before anything is sent), sends them one by one through one transport batch (one SMTP
/// connection), and marks each Sent (committed) as soon as the server has accepted it; then claims the next group, while
/// messages are due and for at most Mail:RunSeconds. On an error it counts the attempt and schedules a retry after 1, 2, 4 …
/// minutes (at most an hour), or marks the message Failed with the error after Mail:MaxAttempts. Nothing is dropped silently:
/// every message ends Sent or Failed with LastError.
/// </summary>
/// <remarks>
/// <para><b>Exactly once, and its honest limit.</b> The committed claim means a second run (or a second dispatcher, or another
/// instance) never sends a message that is being sent or has been sent, and a message is marked Sent only after the server
/// accepted it. What no client can close is the gap between the server accepting a message and our "Sent" commit: if the
/// process dies there, that message stays Sending. After its lease (Mail:SendingLeaseMinutes) a later run takes it for orphaned,
/// counts the interrupted attempt, notes it in LastError and sends it again — so a crash can deliver ONE duplicate: the message
/// in flight (Sent is recorded per message, not per group). Both copies carry the same Message-ID (derived from the idempotency
/// key), which many mail servers and clients use to show one.</para>
/// <para><b>The database refusing "Sent".</b> If the server accepted a message but the database refuses to record it (a full
/// disk, a lock that does not go away), the process keeps the message's id and acceptance time in memory and stops the run:
/// it is never claimed, recovered or sent again by this process, and the next run records it as Sent (with the time the server
/// accepted it) before anything else — and sends nothing while the database still refuses. Only if the process also ends
/// before the database recovers (or another instance recovers the claim after its lease while this one still cannot write)
/// does it fall back to the crash case above: one duplicate with the same Message-ID.</para>
/// <para>The rest of the crashed run's claimed group (at most ClaimBatchSize − 1 messages, never handed to the server) waits for
/// the lease too and is sent after it, with one attempt counted and the same note; none of them is duplicated. When a run stops
/// normally — done, out of time, cancelled, or ended by a connection failure — it puts its unsent claims straight back to
/// Pending, uncounted.</para>
/// <para>The transport says what failed (<see cref="MailFailure"/>). A failure that concerns the server rather than the message
/// (server down, refused login, TLS, the sender refused) ends the run after counting it against the message that met it, so an
/// outage does not burn an attempt of every waiting message. A refused recipient, a refused message and a connection lost
/// mid-send count against that message only, and the run goes on.</para>
/// </remarks>
public sealed class OutboxDispatcher(
    IDbContextFactory<RectifyDbContext> contexts,
    IMailTransport transport,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private readonly MailOptions _options = options.Value;

    /// <summary>
    /// Messages the server accepted whose Sent the database refused to record (id → when accepted). This process never sends
    /// them again: each run first tries to record them, recovery and claims pass them over.
    /// </summary>
    private readonly ConcurrentDictionary<long, DateTimeOffset> _acceptedUnrecorded = new();

    public async Task<DispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var budget = Stopwatch.StartNew();
        if (!await RecordAcceptedAsync(cancellationToken))
        {
            return new DispatchResult(0, 0, 0, 0, StoppedEarly: true); // the database still takes no "Sent": send nothing more yet
        }

        var recovered = await RecoverOrphansAsync(cancellationToken);
        int sent = 0, failed = 0, gaveUp = 0;
        var stoppedEarly = false;
        IMailBatch? batch = null;

        // One context and one open connection for the run's claims and marks: no pool round trip per statement.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            while (!stoppedEarly && budget.Elapsed < TimeSpan.FromSeconds(_options.RunSeconds))
            {
                var (claimed, fetched, leaseEnds) = await ClaimDueAsync(db, cancellationToken);
                if (fetched == 0)
                {
                    break;
                }

                batch ??= transport.OpenBatch();
                var next = 0; // claimed[..next] were handed to the transport; claimed[next..] never were
                try
                {
                    while (next < claimed.Count)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (next > 0 && time.GetUtcNow().AddSeconds(_options.TimeoutSeconds) > leaseEnds)
                        {
                            break; // a slow server: do not start a send that could outlast the claim; claim again instead
                        }

                        var message = claimed[next++];
                        var sending = Stopwatch.GetTimestamp();
                        try
                        {
                            await batch.SendAsync(message.ToMail(_options.FromAddress), cancellationToken);
                            RectifyMetrics.MailSendDuration.Record(Stopwatch.GetElapsedTime(sending).TotalSeconds, new KeyValuePair<string, object?>("outcome", "accepted"));
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                        {
                            RectifyMetrics.MailSendDuration.Record(Stopwatch.GetElapsedTime(sending).TotalSeconds, new KeyValuePair<string, object?>("outcome", "refused"));
                            // The message stays claimed if saving this fails; its lease then returns it to Pending later.
                            var gaveUpNow = await RecordFailureAsync(db, message.Id, ex, cancellationToken);
                            failed++;
                            gaveUp += gaveUpNow ? 1 : 0;
                            if (EndsTheRun(ex))
                            {
                                stoppedEarly = true;
                                logger.LogWarning("Mail transport {Transport} is unavailable; the other due messages wait for the next run.", transport.Description);
                                break;
                            }

                            continue;
                        }

                        sent++;
                        if (!await TryMarkSentAsync(db, message.Id, time.GetUtcNow()))
                        {
                            stoppedEarly = true; // sent but not recorded: no more sends until the database records again
                            break;
                        }
                    }
                }
                finally
                {
                    if (next < claimed.Count)
                    {
                        await ReleaseAsync(db, claimed.Skip(next).Select(m => m.Id).ToList());
                    }
                }

                if (fetched < _options.ClaimBatchSize)
                {
                    break; // that was the last of the due messages
                }
            }
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync();
            }
        }

        if (sent + failed > 0)
        {
            logger.LogInformation("Outbox: {Sent} sent, {Failed} failed attempts ({GaveUp} given up), {Recovered} recovered, via {Transport} in {Seconds:F1} s.",
                sent, failed, gaveUp, recovered, transport.Description, budget.Elapsed.TotalSeconds);
        }

        return new DispatchResult(sent, failed, gaveUp, recovered, stoppedEarly);
    }

    /// <summary>
    /// The next due messages (oldest first, at most ClaimBatchSize), claimed in ONE statement:
    /// <c>UPDATE … SET State = Sending, NextAttemptAt = lease end WHERE Id IN (…) AND State = Pending AND NextAttemptAt &lt;= now
    /// RETURNING Id</c>, committed on its own. The conditions make it safe against other dispatchers: a row another run claimed
    /// first no longer matches (PostgreSQL re-checks them after waiting for that run's row lock; SQLite has one writer at a
    /// time), and RETURNING says exactly which rows are ours. Returns the claimed messages in due order, and how many were due.
    /// </summary>
    private async Task<(List<OutboxMessage> Claimed, int Fetched, DateTimeOffset LeaseEnds)> ClaimDueAsync(RectifyDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseEnds = now.AddMinutes(_options.SendingLeaseMinutes);
        var due = await NotAcceptedBefore(db.Set<OutboxMessage>())
            .Where(m => m.Channel == OutboxChannel.Mail && m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(_options.ClaimBatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return ([], 0, leaseEnds);
        }

        var table = Table.Of(db);
        var ids = string.Join(", ", due.Select((_, i) => $"{{{i + 4}}}"));
        var sql = $"UPDATE {table.Name} SET {table.State} = {{0}}, {table.NextAttemptAt} = {{1}} "
            + $"WHERE {table.State} = {{2}} AND {table.NextAttemptAt} <= {{3}} AND {table.Id} IN ({ids}) RETURNING {table.Id} AS \"Value\"";
        object[] parameters =
        [
            table.StateValue(OutboxState.Sending), table.TimeValue(leaseEnds), table.StateValue(OutboxState.Pending), table.TimeValue(now),
            .. due.Cast<object>(),
        ];
        var claimedIds = (await db.Database.SqlQueryRaw<long>(sql, parameters).ToListAsync(cancellationToken)).ToHashSet();
        if (claimedIds.Count == 0)
        {
            return ([], due.Count, leaseEnds);
        }

        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => claimedIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        return (due.Where(rows.ContainsKey).Select(id => rows[id]).ToList(), due.Count, leaseEnds);
    }

    /// <summary>
    /// Records that the server accepted the message. If the database refuses (a full disk, a lock that does not go away, a lost
    /// connection), the message is remembered in <see cref="_acceptedUnrecorded"/> so that it is not sent again, and false tells
    /// the run to stop sending.
    /// </summary>
    private async Task<bool> TryMarkSentAsync(RectifyDbContext db, long id, DateTimeOffset acceptedAt)
    {
        try
        {
            await MarkSentAsync(db, id, acceptedAt);
            return true;
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or TimeoutException or IOException)
        {
            _acceptedUnrecorded[id] = acceptedAt;
            logger.LogError(ex, "Outbox message {Id} was accepted by the mail server, but the database refused to record it as Sent. It is not sent again; sending stops until the database records it.", id);
            return false;
        }
    }

    /// <summary>
    /// Records the messages that the server accepted but the database did not record as Sent in an earlier run. Unconditional
    /// on the state: whatever became of the row meanwhile (another instance's recovery may have made it Pending or Failed), the
    /// server has it. False when the database still refuses.
    /// </summary>
    private async Task<bool> RecordAcceptedAsync(CancellationToken cancellationToken)
    {
        if (_acceptedUnrecorded.IsEmpty)
        {
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var (id, acceptedAt) in _acceptedUnrecorded.ToArray())
        {
            try
            {
                await MarkSentAsync(db, id, acceptedAt);
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException or TimeoutException or IOException)
            {
                logger.LogWarning(ex, "Outbox message {Id} (accepted by the mail server at {Accepted:u}) still cannot be recorded as Sent; nothing is sent meanwhile.", id, acceptedAt);
                return false;
            }

            _acceptedUnrecorded.TryRemove(id, out _);
            logger.LogInformation("Outbox message {Id}, accepted by the mail server at {Accepted:u}, is now recorded as Sent.", id, acceptedAt);
        }

        return true;
    }

    private static async Task MarkSentAsync(RectifyDbContext db, long id, DateTimeOffset acceptedAt)
    {
        // Accepted by the server: record it even if the run is being cancelled, or the message would be sent again.
        DateTimeOffset? sentAt = acceptedAt;
        await db.Set<OutboxMessage>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, OutboxState.Sent)
            .SetProperty(m => m.SentAt, sentAt)
            .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), CancellationToken.None);
    }

    /// <summary>Claimed messages that were never handed to the transport go back to Pending, due now, with no attempt counted.</summary>
    private async Task ReleaseAsync(RectifyDbContext db, List<long> ids)
    {
        DateTimeOffset? now = time.GetUtcNow();
        try
        {
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.State == OutboxState.Sending).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Pending)
                .SetProperty(m => m.NextAttemptAt, now), CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not put {Count} unsent outbox messages back to Pending; they are sent after their lease ends.", ids.Count);
        }
    }

    private async Task<bool> RecordFailureAsync(RectifyDbContext db, long id, Exception error, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id, cancellationToken);
        var permanent = error is FormatException; // an address that cannot be written will never become valid
        message.RecordFailure(Describe(error), time.GetUtcNow(), _options.MaxAttempts, permanent);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (message.State == OutboxState.Failed)
        {
            logger.LogError(error, "Outbox message {Id} ({Kind}) to {To} failed for good after {Attempts} attempts: {Error}",
                message.Id, message.Kind, message.ToAddress, message.Attempts, message.LastError);
            return true;
        }

        logger.LogWarning("Outbox message {Id} ({Kind}) to {To}: attempt {Attempts} failed ({Error}); next attempt at {Next:u}.",
            message.Id, message.Kind, message.ToAddress, message.Attempts, message.LastError, message.NextAttemptAt);
        return false;
    }

    /// <summary>
    /// Sending messages whose lease has ended were claimed by a run that never finished (crash, kill, restart). Their
    /// delivery is unknown: count the attempt, say so in LastError, and make them due now (or Failed at MaxAttempts).
    /// </summary>
    private async Task<int> RecoverOrphansAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orphans = await NotAcceptedBefore(db.Set<OutboxMessage>())
            .Where(m => m.Channel == OutboxChannel.Mail && m.State == OutboxState.Sending && m.NextAttemptAt <= now)
            .ToListAsync(cancellationToken);
        foreach (var message in orphans)
        {
            message.RecoverOrphan(now, _options.MaxAttempts);
            logger.LogWarning("Outbox message {Id} was left Sending by an interrupted run; it is now {State}.", message.Id, message.State);
        }

        if (orphans.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return orphans.Count;
    }

    /// <summary>
    /// A failure of the server or the connection setup (down, TLS, login, the sender refused) would meet every waiting message
    /// the same way: end the run. A refused recipient or message, or a connection lost mid-send, concerns this message only: the
    /// run goes on (a new connection for the next message if needed).
    /// </summary>
    /// <summary>Leaves out the messages the server already accepted (<see cref="_acceptedUnrecorded"/>): never claimed or recovered again.</summary>
    private IQueryable<OutboxMessage> NotAcceptedBefore(IQueryable<OutboxMessage> messages)
    {
        if (_acceptedUnrecorded.IsEmpty)
        {
            return messages;
        }

        var accepted = _acceptedUnrecorded.Keys.ToList();
        return messages.Where(m => !accepted.Contains(m.Id));
    }

    private static bool EndsTheRun(Exception error) =>
        error is MailDeliveryException { Failure: MailFailure.ServerUnavailable or MailFailure.SenderRefused };

    private static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += $" → {inner.GetType().Name}: {inner.Message}";
        }

        return text;
    }

    /// <summary>The outbox table's quoted names and stored values, from the EF model (so they follow its value converters).</summary>
    private sealed record Table(string Name, string Id, string State, string NextAttemptAt, Func<OutboxState, object> StateValue, Func<DateTimeOffset, object> TimeValue)
    {
        public static Table Of(RectifyDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(OutboxMessage)) ?? throw new InvalidOperationException("OutboxMessage is not mapped.");
            var sql = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
            var id = entity.FindProperty(nameof(OutboxMessage.Id))!;
            var state = entity.FindProperty(nameof(OutboxMessage.State))!;
            var next = entity.FindProperty(nameof(OutboxMessage.NextAttemptAt))!;
            var stateConverter = state.GetTypeMapping().Converter;
            var timeConverter = next.GetTypeMapping().Converter;
            return new Table(
                sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema()),
                sql.DelimitIdentifier(id.GetColumnName()),
                sql.DelimitIdentifier(state.GetColumnName()),
                sql.DelimitIdentifier(next.GetColumnName()),
                v => stateConverter?.ConvertToProvider(v) ?? v,
                v => timeConverter?.ConvertToProvider(v) ?? v);
        }
    }
}
