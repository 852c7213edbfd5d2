using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Auditing;
using Rectify.Web.Backup;

namespace Rectify.Tests.Backup;

/// <summary>An online backup restored into an empty data folder brings back every item, file and audit entry.</summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Backup_restored_into_an_empty_data_folder_has_every_item_file_and_audit_entry()
    {
        using var original = new RectifyFactory();
        var evidence = Path.Combine(original.Data.Path, "evidence", "2026", "0195a2b0-0000-7000-8000-000000000001");
        Directory.CreateDirectory(Path.GetDirectoryName(evidence)!);
        await File.WriteAllBytesAsync(evidence, [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]);
        await original.Services.GetRequiredService<AuditChain>().SealAsync();

        var backup = await original.Services.GetRequiredService<BackupService>().CreateAsync();

        (await IntegrityCheckAsync(Path.Combine(backup.Path, BackupService.DatabaseFile))).ShouldBe("ok");
        backup.EvidenceFiles.ShouldBe(1);
        Directory.Exists(backup.Path + ".partial").ShouldBeFalse();

        int items, audits;
        await using (var db = original.CreateDbContext())
        {
            items = await db.Items.CountAsync();
            audits = await db.AuditEntries.CountAsync();
        }

        // Restore as docs/operations.md says: copy the backup's database and evidence folder into an empty data folder.
        using var restoredFolder = new TempFolder("rectify-restore");
        File.Copy(Path.Combine(backup.Path, BackupService.DatabaseFile), restoredFolder.File(BackupService.DatabaseFile));
        CopyDirectory(Path.Combine(backup.Path, BackupService.EvidenceFolder), restoredFolder.File(BackupService.EvidenceFolder));

        using var restored = new RectifyFactory().With("Rectify:DataFolder", restoredFolder.Path);
        await using (var db = restored.CreateDbContext())
        {
            (await db.Items.CountAsync()).ShouldBe(items);
            (await db.AuditEntries.CountAsync()).ShouldBe(audits);
            (await db.Users.CountAsync(u => u.UserName == "secretary")).ShouldBe(1);
        }

        File.ReadAllBytes(Path.Combine(restoredFolder.Path, "evidence", "2026", "0195a2b0-0000-7000-8000-000000000001")).ShouldBe(await File.ReadAllBytesAsync(evidence));
        (await restored.Services.GetRequiredService<AuditChain>().VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_configured_number_of_backups_is_kept()
    {
        using var app = new RectifyFactory().With("Backup:Keep", "2");
        var service = app.Services.GetRequiredService<BackupService>();
        foreach (var folder in new[] { "rectify-20260101-020000", "rectify-20260102-020000", "rectify-20260103-020000" })
        {
            Directory.CreateDirectory(Path.Combine(service.BackupFolder, folder));
        }

        await service.CreateAsync();

        service.List().Count.ShouldBe(2);
        service.List().ShouldNotContain(d => d.EndsWith("rectify-20260101-020000", StringComparison.Ordinal));
    }

    /// <summary>
    /// An evidence file that is listed but gone when its turn to be copied comes (a dangling link is exactly that): the backup
    /// completes without it, and no ".partial" folder and no open handle on the backup's files are left behind.
    /// </summary>
    [Fact]
    public async Task An_evidence_file_that_vanishes_mid_copy_neither_fails_the_backup_nor_leaves_a_partial_folder_or_open_file()
    {
        using var app = new RectifyFactory();
        var folder = Path.Combine(app.Data.Path, "evidence", "2026");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "0195a2b0-0000-7000-8000-000000000001"), [0x25, 0x50, 0x44, 0x46]);
        File.CreateSymbolicLink(Path.Combine(folder, "0195a2b0-0000-7000-8000-000000000002"), Path.Combine(folder, "gone"));
        var service = app.Services.GetRequiredService<BackupService>();

        var backup = await service.CreateAsync();

        backup.EvidenceFiles.ShouldBe(1);
        Directory.GetDirectories(service.BackupFolder, "*.partial").ShouldBeEmpty();
        File.ReadAllText(Path.Combine(backup.Path, "manifest.json")).ShouldContain("\"evidenceVanished\":1");
        OpenFilesUnder(service.BackupFolder).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_backup_that_fails_midway_leaves_no_partial_folder()
    {
        using var app = new RectifyFactory();
        var service = app.Services.GetRequiredService<BackupService>();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => service.CreateAsync(cancelled.Token));

        Directory.Exists(service.BackupFolder).ShouldBeTrue("the backup had started writing");
        Directory.GetDirectories(service.BackupFolder).ShouldBeEmpty();
    }

    /// <summary>Files of this process open under <paramref name="folder"/> (Linux: the targets of /proc/self/fd).</summary>
    private static List<string> OpenFilesUnder(string folder)
    {
        var open = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(folder, StringComparison.Ordinal))
                {
                    open.Add(target);
                }
            }
            catch (IOException)
            {
                // closed while listing
            }
        }

        return open;
    }

    /// <summary>SQLite's own integrity check of a backup's database, as docs/operations.md has operators run it.</summary>
    private static async Task<string> IntegrityCheckAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
