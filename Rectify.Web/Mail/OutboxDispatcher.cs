using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Web.Data;

namespace Rectify.Web.Mail;

/// <summary>What one dispatcher run did.</summary>
public sealed record DispatchResult(int Sent, int FailedAttempts, int GaveUp, int Recovered, bool StoppedEarly);

/// <summary>
/// Sends due outbox messages. Per message: claim it (Pending → Sending, committed), send it, then mark it Sent (committed);
/// on an error count the attempt and schedule a retry after 1, 2, 4 … minutes (at most an hour), or mark it Failed with the
/// error after Mail:MaxAttempts. Nothing is dropped silently: every message ends Sent or Failed with LastError.
/// </summary>
/// <remarks>
/// <para><b>Exactly once, and its honest limit.</b> The committed claim means a second run (or a second dispatcher) never
/// sends a message that is being sent or has been sent, and a message is marked Sent only after the server accepted it.
/// What no client can close is the gap between the server accepting the message and our "Sent" commit: if the process dies
/// there, the message stays Sending. After its lease (Mail:SendingLeaseMinutes) a later run takes it for orphaned, counts
/// the interrupted attempt, notes it in LastError and sends it again — so a crash at exactly that moment can deliver one
/// duplicate. To soften that, the Message-ID is derived from the idempotency key: both copies carry the same Message-ID,
/// which many mail servers and clients use to show one.</para>
/// <para>A failure that concerns the connection rather than the message (server down, refused login, TLS) ends the run
/// after counting it against the message that met it, so an outage does not burn an attempt of every waiting message.</para>
/// </remarks>
public sealed class OutboxDispatcher(
    IDbContextFactory<RectifyDbContext> contexts,
    IMailTransport transport,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private readonly MailOptions _options = options.Value;

    public async Task<DispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var recovered = await RecoverOrphansAsync(cancellationToken);
        var due = await DueIdsAsync(cancellationToken);
        int sent = 0, failed = 0, gaveUp = 0;
        var stoppedEarly = false;
        if (due.Count == 0)
        {
            return new DispatchResult(0, 0, 0, recovered, false);
        }

        using var batch = transport.OpenBatch();
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = await ClaimAsync(id, cancellationToken);
            if (message is null)
            {
                continue; // taken by someone else, or no longer due
            }

            try
            {
                await batch.SendAsync(message.ToMail(_options.FromAddress), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The message stays claimed if saving this fails; its lease then returns it to Pending later.
                var gaveUpNow = await RecordFailureAsync(id, ex, cancellationToken);
                failed++;
                gaveUp += gaveUpNow ? 1 : 0;
                if (IsConnectionFailure(ex))
                {
                    stoppedEarly = true;
                    logger.LogWarning("Mail transport {Transport} is unavailable; the other due messages wait for the next run.", transport.Description);
                    break;
                }

                continue;
            }

            await MarkSentAsync(id);
            sent++;
        }

        if (sent + failed > 0)
        {
            logger.LogInformation("Outbox: {Sent} sent, {Failed} failed attempts ({GaveUp} given up), {Recovered} recovered, via {Transport}.",
                sent, failed, gaveUp, recovered, transport.Description);
        }

        return new DispatchResult(sent, failed, gaveUp, recovered, stoppedEarly);
    }

    private async Task<List<long>> DueIdsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<OutboxMessage>()
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Pending → Sending in one conditional UPDATE, committed before the send; null when not ours to send.</summary>
    private async Task<OutboxMessage?> ClaimAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? leaseEnds = now.AddMinutes(_options.SendingLeaseMinutes);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.State, OutboxState.Sending)
                .SetProperty(m => m.NextAttemptAt, leaseEnds), cancellationToken);
        return claimed == 1
            ? await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken)
            : null;
    }

    private async Task MarkSentAsync(long id)
    {
        // Accepted by the server: record it even if the run is being cancelled, or the message would be sent again.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id, CancellationToken.None);
        message.MarkSent(time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<bool> RecordFailureAsync(long id, Exception error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id, cancellationToken);
        var permanent = error is FormatException; // an address System.Net.Mail cannot parse will never become valid
        message.RecordFailure(Describe(error), time.GetUtcNow(), _options.MaxAttempts, permanent);
        await db.SaveChangesAsync(cancellationToken);
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
        var orphans = await db.Set<OutboxMessage>()
            .Where(m => m.State == OutboxState.Sending && m.NextAttemptAt <= now)
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

    private static bool IsConnectionFailure(Exception error) =>
        error is SmtpException and not SmtpFailedRecipientException;

    private static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += $" → {inner.GetType().Name}: {inner.Message}";
        }

        return text;
    }
}
