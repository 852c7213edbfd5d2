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

        (await BackupService.IntegrityCheckAsync(Path.Combine(backup.Path, BackupService.DatabaseFile))).ShouldBe("ok");
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
