using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Auditing;
using Rectify.Web.Hosting;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;

namespace Rectify.Tests.Auditing;

/// <summary>The audit log on a real SQLite file and PostgreSQL database: sealed entries form a hash chain, and a hand edit is found and located.</summary>
public abstract class AuditChainTests(DatabaseProvider provider) : IDisposable
{
    private readonly RectifyFactory _app = RectifyFactory.On(provider);

    public sealed class OnSqlite() : AuditChainTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgres() : AuditChainTests(DatabaseProvider.Postgres)
    {
        /// <summary>
        /// Two writers take audit ids 10 and 11 and commit in the other order (two app instances, or two users at once).
        /// The sealer must not seal 11 while 10 may still commit behind it: it waits for the transaction holding 10.
        /// </summary>
        [Fact]
        public async Task An_entry_that_commits_after_a_later_one_is_still_sealed_in_its_place()
        {
            await Chain.SealAsync();
            await using var slow = _app.CreateDbContext();
            await using var transaction = await slow.Database.BeginTransactionAsync();
            slow.AuditEntries.Add(Entry("slow"));
            await slow.SaveChangesAsync(); // takes the lower id, not yet committed
            await using (var fast = _app.CreateDbContext())
            {
                fast.AuditEntries.Add(Entry("fast"));
                await fast.SaveChangesAsync(); // the higher id, committed first
            }

            var sealing = Chain.SealAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!sealing.IsCompleted && !await SealerIsWaitingAsync() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            sealing.IsCompleted.ShouldBeFalse("the sealer must wait while a lower audit id is uncommitted");
            await transaction.CommitAsync();
            (await sealing).ShouldBe(2);

            var result = await Chain.VerifyAsync();
            result.Intact.ShouldBeTrue(result.Problem);
            result.Unsealed.ShouldBe(0);
        }

        private async Task<bool> SealerIsWaitingAsync()
        {
            await using var db = _app.CreateDbContext();
            var waiting = await db.Database.SqlQueryRaw<int>(
                "SELECT count(*)::int AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted " +
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").SingleAsync();
            return waiting > 0;
        }

        private static AuditEntry Entry(string what) => new()
        {
            EntityType = "Test", EntityId = what, Action = "test." + what, ActorId = "x", ActorName = "测试", At = DateTimeOffset.UtcNow,
        };
    }

    private AuditChain Chain => _app.Services.GetRequiredService<AuditChain>();

    [Fact]
    public async Task Demo_history_seals_into_an_intact_chain_and_sealing_again_changes_nothing()
    {
        var sealedCount = await Chain.SealAsync();
        sealedCount.ShouldBeGreaterThan(10);

        (await Chain.SealAsync()).ShouldBe(0);
        var result = await Chain.VerifyAsync();
        result.Intact.ShouldBeTrue(result.Problem);
        result.Checked.ShouldBe(sealedCount);

        await using var db = _app.CreateDbContext();
        var entries = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
        entries[0].PreviousHash.ShouldBe("");
        entries[1].PreviousHash.ShouldBe(entries[0].Hash);
    }

    [Fact]
    public async Task Editing_an_entry_by_hand_is_found_at_that_entry()
    {
        await Chain.SealAsync();
        long target;
        await using (var db = _app.CreateDbContext())
        {
            target = await db.AuditEntries.OrderBy(a => a.Id).Skip(5).Select(a => a.Id).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"ActorName\" = '某人' WHERE \"Id\" = {0}", target);
        }

        var result = await Chain.VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.FirstBrokenId.ShouldBe(target);
        result.Problem!.ShouldContain("被修改");
    }

    [Fact]
    public async Task Deleting_an_entry_by_hand_breaks_the_chain_at_the_next_one()
    {
        await Chain.SealAsync();
        long deleted, next;
        await using (var db = _app.CreateDbContext())
        {
            var ids = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).Skip(3).Take(2).ToListAsync();
            (deleted, next) = (ids[0], ids[1]);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", deleted);
        }

        var result = await Chain.VerifyAsync();

        result.FirstBrokenId.ShouldBe(next);
    }

    [Fact]
    public async Task Entries_written_after_sealing_link_to_the_chain()
    {
        await Chain.SealAsync();
        await using (var db = _app.CreateDbContext())
        {
            db.AuditEntries.Add(new AuditEntry { EntityType = "Test", EntityId = "1", Action = "test.done", ActorId = "x", ActorName = "测试", At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        (await Chain.SealAsync()).ShouldBe(1);
        (await Chain.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Deleting_the_newest_entry_fails_verification_as_truncation()
    {
        await Chain.SealAsync();
        long newest;
        await using (var db = _app.CreateDbContext())
        {
            newest = await db.AuditEntries.MaxAsync(a => a.Id);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", newest);
        }

        var result = await Chain.VerifyAsync();

        result.Intact.ShouldBeFalse("the chain without its newest entry is still a valid chain: only the anchor shows the cut");
        result.FirstBrokenId.ShouldBe(newest);
        result.Problem!.ShouldContain("截断");
    }

    [Fact]
    public async Task Editing_and_resealing_the_newest_five_by_hand_fails_verification()
    {
        await Chain.SealAsync();
        await using (var db = _app.CreateDbContext())
        {
            var all = await db.AuditEntries.OrderBy(a => a.Id).ToListAsync();
            var previous = all[^6].Hash!;
            foreach (var entry in all.TakeLast(5))
            {
                // What someone with the database and this code can do: change the entries and compute the chain anew.
                entry.ActorName = "某人";
                entry.PreviousHash = previous;
                entry.Hash = AuditChain.Compute(entry, previous);
                previous = entry.Hash;
            }

            await db.SaveChangesAsync();
        }

        var result = await Chain.VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.Problem!.ShouldContain("重新封存");
    }

    [Fact]
    public async Task Clearing_the_seals_of_the_newest_five_and_editing_them_is_not_sealed_again_and_fails_verification()
    {
        await Chain.SealAsync();
        long firstCleared;
        await using (var db = _app.CreateDbContext())
        {
            firstCleared = await db.AuditEntries.OrderByDescending(a => a.Id).Skip(4).Select(a => a.Id).FirstAsync();
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE \"AuditEntries\" SET \"Hash\" = NULL, \"PreviousHash\" = NULL, \"Comment\" = '改过' WHERE \"Id\" >= {0}", firstCleared);
        }

        (await Chain.SealAsync()).ShouldBe(0, "the sealer must not seal again what the latest anchor already covers");
        var result = await Chain.VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.FirstBrokenId.ShouldBe(firstCleared);
        result.Problem!.ShouldContain("封存被清除");
    }

    [Fact]
    public async Task A_backup_manifest_anchor_finds_a_truncation_even_when_the_anchor_files_are_deleted_too()
    {
        await Chain.SealAsync();
        var backup = await _app.Services.GetRequiredService<Rectify.Web.Backup.BackupService>().CreateAsync();
        File.ReadAllText(Path.Combine(backup.Path, "manifest.json")).ShouldContain("\"auditAnchor\":{\"headId\":");
        await using (var db = _app.CreateDbContext())
        {
            var newest = await db.AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Id).Take(3).ToListAsync();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" >= {0}", newest[^1]);
        }

        Directory.Delete(_app.Services.GetRequiredService<AuditAnchors>().Folder, recursive: true);
        await Chain.SealAsync(); // writes a new latest anchor for the shortened chain: the backup's must still win

        var result = await Chain.VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.Problem!.ShouldContain("截断");
        result.Problem!.ShouldContain(Path.GetFileName(backup.Path));
    }

    [Fact]
    public async Task The_anchor_mailed_to_administrators_is_checked_by_verify_audit_and_finds_a_rewrite_made_after_it()
    {
        AuditAnchor? anchor;
        int mailed;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            (anchor, mailed) = await scope.ServiceProvider.GetRequiredService<AuditAnchorRun>().RunAsync(DateTimeOffset.UtcNow);
        }

        anchor.ShouldNotBeNull();
        mailed.ShouldBe(1); // the demo data has one administrator
        string body;
        await using (var db = _app.CreateDbContext())
        {
            body = (await db.Set<OutboxMessage>().SingleAsync(m => m.Kind == "AuditAnchor")).TextBody;
        }

        body.ShouldContain($"verify-audit --anchor {anchor.HeadId}:{anchor.HeadHash}");
        (await RunVerifyAuditAsync("--anchor", anchor.Token)).Exit.ShouldBe(0);

        // Someone with the database and the files: deletes the newest entries and every anchor file on the machine.
        await using (var db = _app.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" >= {0}", anchor.HeadId - 1);
        }

        Directory.Delete(_app.Services.GetRequiredService<AuditAnchors>().Folder, recursive: true);
        (await RunVerifyAuditAsync()).Exit.ShouldBe(0, "nothing on the machine remembers the cut");

        var (exit, output) = await RunVerifyAuditAsync("--anchor", anchor.Token);

        exit.ShouldBe(3);
        output.ShouldContain("截断");
    }

    private async Task<(int Exit, string Output)> RunVerifyAuditAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await VerifyAuditCommand.RunAsync(_app.Services, [VerifyAuditCommand.Name, .. args], output);
        return (exit, output.ToString());
    }

    public void Dispose() => _app.Dispose();
}
