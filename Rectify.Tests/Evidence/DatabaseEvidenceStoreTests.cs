using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.ItemDetail;
using Rectify.Tests.Support;
using Rectify.Tests.Uploads;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;
using Xunit.Abstractions;

namespace Rectify.Tests.Evidence;

/// <summary>
/// Issue 19, "several machines without a shared folder": evidence in PostgreSQL (Evidence:Store = Database, the default
/// there), uploaded and downloaded through the real endpoints of an app on Kestrel, in chunks, streamed both ways.
/// </summary>
public sealed class DatabaseEvidenceStoreTests(ITestOutputHelper output)
{
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public async Task A_file_larger_than_one_chunk_goes_up_and_comes_back_byte_for_byte_with_nothing_in_the_folder()
    {
        using var app = RectifyFactory.On(DatabaseProvider.Postgres);
        var address = app.StartKestrel();
        using var secretary = await EvidenceClient.SignInAsync(app, address, "secretary");
        var itemId = await new ItemDetailKit(app).CreateItemAsync("数据库存储佐证材料测试事项。");
        var length = (2 * DatabaseEvidenceBlobStore.ChunkBytes) + 12345;

        var evidenceId = await secretary.UploadAsync(itemId, "支部会议记录.pdf", new GeneratedPdf(length, 7));
        var download = await secretary.DownloadAsync(evidenceId);

        download.Status.ShouldBe(HttpStatusCode.OK);
        download.Length.ShouldBe(length);
        download.Sha256.ShouldBe(GeneratedPdf.Sha256Of(length, 7));
        download.FileName.ShouldBe("支部会议记录.pdf");
        await using var db = app.CreateDbContext();
        (await db.Set<EvidenceBlobChunk>().CountAsync()).ShouldBe(3);
        (await db.Set<EvidenceBlob>().SingleAsync()).Sha256.ShouldBe(GeneratedPdf.Sha256Of(length, 7));
        Directory.Exists(Path.Combine(app.Data.Path, "evidence")).ShouldBeFalse("the database store writes nothing to the folder");
    }

    /// <summary>
    /// 64 MB up and down again through the endpoints while this process's managed allocations and working set are watched
    /// (the app runs in the test process): a store that held the file in memory would allocate at least its size (a download
    /// through a MemoryStream allocated 206 MB and failed here). Upload allocates about 20 MB of short-lived buffers
    /// on the way (form reading, HTTP), download a few MB.
    /// </summary>
    [Fact]
    public async Task A_large_file_streams_in_and_out_without_the_server_holding_it_in_memory()
    {
        const long length = 64 * Megabyte;
        using var app = RectifyFactory.On(DatabaseProvider.Postgres)
            .With("Evidence:MaxFileBytes", (70 * Megabyte).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Evidence:MaxUploadBytes", (70 * Megabyte).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var address = app.StartKestrel();
        using var secretary = await EvidenceClient.SignInAsync(app, address, "secretary");
        var itemId = await new ItemDetailKit(app).CreateItemAsync("大文件流式存取测试事项。");
        var expected = GeneratedPdf.Sha256Of(length, 11);

        using var upload = MemoryWatch.OfThisProcess();
        var evidenceId = await secretary.UploadAsync(itemId, "全年影像资料.pdf", new GeneratedPdf(length, 11));
        upload.Stop();
        output.WriteLine($"64 MB upload: {upload.Describe()}");
        // Measured 16–23 MB (form reading and HTTP on both ends); a buffer of the whole file alone would be 64 MB.
        upload.AllocatedBytes.ShouldBeLessThan(length * 3 / 4, "upload: " + upload.Describe());
        upload.PeakGrowthBytes.ShouldBeLessThan(length / 2, "upload: " + upload.Describe());

        using var download = MemoryWatch.OfThisProcess();
        var result = await secretary.DownloadAsync(evidenceId);
        download.Stop();
        output.WriteLine($"64 MB download: {download.Describe()}");

        result.Length.ShouldBe(length);
        result.Sha256.ShouldBe(expected);
        download.AllocatedBytes.ShouldBeLessThan(length / 2, "download: " + download.Describe());
        download.PeakGrowthBytes.ShouldBeLessThan(length / 2, "download: " + download.Describe());
    }

    [Fact]
    public async Task Backup_and_restore_with_the_database_store_bring_the_file_back()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var original = RectifyFactory.On(DatabaseProvider.Postgres).With("DataProtection:KeyEncryptionKey", key);
        var address = original.StartKestrel();
        var itemId = await new ItemDetailKit(original).CreateItemAsync("备份恢复（数据库存储）测试事项。");
        Guid evidenceId;
        using (var secretary = await EvidenceClient.SignInAsync(original, address, "secretary"))
        {
            evidenceId = await secretary.UploadAsync(itemId, "整改报告.pdf", new GeneratedPdf(DatabaseEvidenceBlobStore.ChunkBytes + 1, 3));
        }

        var backup = await original.Services.GetRequiredService<Rectify.Web.Backup.BackupService>().CreateAsync();
        File.ReadAllText(Path.Combine(backup.Path, "manifest.json")).ShouldContain("\"evidenceStore\":\"Database\"");
        Directory.Exists(Path.Combine(backup.Path, "evidence")).ShouldBeFalse("the files are in the database's dump, not beside it");

        // Restore as docs/operations.md says: pg_dump of the database, pg_restore into an empty one, start the app on it.
        var dump = Path.Combine(backup.Path, "rectify.dump");
        PgTool("pg_dump", $"--format=custom --file=\"{dump}\" --dbname=\"{Libpq(original.ConnectionString!)}\"");
        var restoredDatabase = await PostgresServer.CreateDatabaseAsync("restored");
        try
        {
            PgTool("pg_restore", $"--no-owner --dbname=\"{Libpq(restoredDatabase)}\" \"{dump}\"");
            using var restored = RectifyFactory.On(DatabaseProvider.Postgres)
                .With("Database:ConnectionString", restoredDatabase).With("DataProtection:KeyEncryptionKey", key);
            var restoredAddress = restored.StartKestrel();
            using var reader = await EvidenceClient.SignInAsync(restored, restoredAddress, "secretary");

            var download = await reader.DownloadAsync(evidenceId);

            download.Status.ShouldBe(HttpStatusCode.OK);
            download.Sha256.ShouldBe(GeneratedPdf.Sha256Of(DatabaseEvidenceBlobStore.ChunkBytes + 1, 3));
            (await ReadinessAsync(restored, address: restoredAddress))["evidence"].ShouldBe("Healthy: database");
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(restoredDatabase);
        }
    }

    /// <summary>SQLite may use the database store too: the same endpoints, and its online backup (VACUUM INTO) holds the files.</summary>
    [Fact]
    public async Task On_SQLite_the_database_store_round_trips_and_its_backup_restored_into_an_empty_folder_has_the_file()
    {
        using var original = new RectifyFactory().With("Evidence:Store", "Database");
        var address = original.StartKestrel();
        var itemId = await new ItemDetailKit(original).CreateItemAsync("SQLite 数据库存储测试事项。");
        var length = DatabaseEvidenceBlobStore.ChunkBytes + 4321;
        using var secretary = await EvidenceClient.SignInAsync(original, address, "secretary");
        var evidenceId = await secretary.UploadAsync(itemId, "学习记录.pdf", new GeneratedPdf(length, 9));
        (await secretary.DownloadAsync(evidenceId)).Sha256.ShouldBe(GeneratedPdf.Sha256Of(length, 9));

        var backup = await original.Services.GetRequiredService<Rectify.Web.Backup.BackupService>().CreateAsync();
        backup.EvidenceFiles.ShouldBe(1);
        using var restoredFolder = new TempFolder("rectify-restore");
        File.Copy(Path.Combine(backup.Path, Rectify.Web.Backup.BackupService.DatabaseFile), restoredFolder.File(Rectify.Web.Backup.BackupService.DatabaseFile));
        using var restored = new RectifyFactory().With("Evidence:Store", "Database").With("Rectify:DataFolder", restoredFolder.Path);
        var store = restored.Services.GetRequiredService<EvidenceStore>();
        var evidence = (await new ItemDetailKit(restored).LoadAsync(itemId)).Evidence.Single();
        await using var stream = (await store.OpenReadAsync(evidence.StorageKey))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        copy.ToArray().ShouldBe(GeneratedPdf.Bytes(length, 9));
        (await ReadinessAsync(restored))["evidence"].ShouldBe("Healthy: database");
    }

    [Fact]
    public async Task Migrate_evidence_copies_the_folders_files_into_the_database_and_a_second_run_changes_nothing()
    {
        using var app = RectifyFactory.On(DatabaseProvider.Postgres).With("Evidence:Store", "Folder");
        var itemId = await new ItemDetailKit(app).CreateItemAsync("佐证材料迁移测试事项。");
        var version = (await new ItemDetailKit(app).LoadAsync(itemId)).Version;
        var large = GeneratedPdf.Bytes(DatabaseEvidenceBlobStore.ChunkBytes * 2, 5);
        await using (var scope = await app.ScopeAsAsync("secretary"))
        {
            var attached = await scope.Get<EvidenceUploads>().AttachEvidenceAsync(itemId, version,
            [
                new("现场照片.png", SampleFiles.Png.Length, _ => new MemoryStream(SampleFiles.Png)),
                new("整改台账.pdf", large.Length, _ => new MemoryStream(large)),
            ]);
            attached.Succeeded.ShouldBeTrue(attached.Message);
        }

        var first = new StringWriter();
        (await MigrateEvidenceCommand.RunAsync(app.Services, [MigrateEvidenceCommand.Name], first)).ShouldBe(0, first.ToString());
        first.ToString().ShouldContain("已迁入并校验 2 个，此前已在数据库中 0 个，有问题 0 个。");
        var copied = await BlobsAsync(app);
        copied.Select(b => b.Length).Order().ShouldBe([SampleFiles.Png.Length, large.Length]);

        var second = new StringWriter();
        (await MigrateEvidenceCommand.RunAsync(app.Services, [MigrateEvidenceCommand.Name], second)).ShouldBe(0, second.ToString());
        second.ToString().ShouldContain("已迁入并校验 0 个，此前已在数据库中 2 个，有问题 0 个。");
        (await BlobsAsync(app)).ShouldBe(copied);

        // An instance on the database store now finds every file, and gives back exactly the folder's bytes.
        using var switched = RectifyFactory.On(DatabaseProvider.Postgres).With("Database:ConnectionString", app.ConnectionString);
        (await ReadinessAsync(switched))["evidence"].ShouldBe("Healthy: database");
        var store = switched.Services.GetRequiredService<EvidenceStore>();
        store.Blobs.Kind.ShouldBe(EvidenceStoreKind.Database);
        var evidence = (await new ItemDetailKit(app).LoadAsync(itemId)).Evidence.Single(e => e.FileName == "整改台账.pdf");
        await using var stream = (await store.OpenReadAsync(evidence.StorageKey))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        copy.ToArray().ShouldBe(large);
    }

    [Fact]
    public async Task An_instance_whose_folder_lacks_the_recorded_files_says_so_at_start_in_the_log_and_readiness()
    {
        using var first = new RectifyFactory();
        var itemId = await new ItemDetailKit(first).CreateItemAsync("缺失文件启动检查测试事项。");
        var version = (await new ItemDetailKit(first).LoadAsync(itemId)).Version;
        await using (var scope = await first.ScopeAsAsync("secretary"))
        {
            (await scope.Get<EvidenceUploads>().AttachEvidenceAsync(itemId, version,
                [new("现场照片.png", SampleFiles.Png.Length, _ => new MemoryStream(SampleFiles.Png))])).Succeeded.ShouldBeTrue();
        }

        (await ReadinessAsync(first))["evidence"].ShouldBe("Healthy: folder");

        // A second machine: the same database, but a data folder of its own without the evidence.
        using var elsewhere = new TempFolder("rectify-elsewhere");
        using var second = new LoggedFactory(DatabaseProvider.Sqlite)
            .With("Database:ConnectionString", $"Data Source={Path.Combine(first.Data.Path, "rectify.db")}")
            .With("Rectify:DataFolder", elsewhere.Path);
        var checks = await ReadinessAsync(second, HttpStatusCode.ServiceUnavailable);

        checks["evidence"].ShouldStartWith("Unhealthy: 1 of 1 recorded evidence files missing from the folder store at start-up.");
        ((LoggedFactory)second).Lines.ShouldContain(l => l.StartsWith("Error: Evidence store (Folder) lacks 1 of the 1 evidence files this database records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_instance_on_the_database_store_without_its_table_says_so_at_start_in_the_log_and_readiness()
    {
        using var first = RectifyFactory.On(DatabaseProvider.Postgres);
        (await ReadinessAsync(first))["evidence"].ShouldBe("Healthy: database");
        await using (var db = first.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"EvidenceBlobChunks\"; DROP TABLE \"EvidenceBlobs\";");
        }

        using var second = new LoggedFactory(DatabaseProvider.Postgres).With("Database:ConnectionString", first.ConnectionString);
        var checks = await ReadinessAsync(second, HttpStatusCode.ServiceUnavailable);

        checks["evidence"].ShouldStartWith("Unhealthy: evidence table not readable");
        ((LoggedFactory)second).Lines.ShouldContain(l => l.StartsWith("Error: Evidence store (Database) cannot be read: evidence table not readable", StringComparison.Ordinal));
    }

    /// <summary>GET /health/ready: each check as "Status: description".</summary>
    private static async Task<Dictionary<string, string>> ReadinessAsync(RectifyFactory app, HttpStatusCode expected = HttpStatusCode.OK, string? address = null)
    {
        using var client = address is null ? app.CreateClient() : new HttpClient { BaseAddress = new Uri(address) };
        var response = await client.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(
            c => c.Name, c => $"{c.Value.GetProperty("status").GetString()}: {c.Value.GetProperty("description").GetString()}");
    }

    private static async Task<List<(string Key, long Length, string Sha256, DateTimeOffset CreatedAt, int Chunks)>> BlobsAsync(RectifyFactory app)
    {
        await using var db = app.CreateDbContext();
        var blobs = await db.Set<EvidenceBlob>().OrderBy(b => b.StorageKey).ToListAsync();
        var chunks = await db.Set<EvidenceBlobChunk>().GroupBy(c => c.StorageKey).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        blobs.ShouldAllBe(b => b.Complete);
        return blobs.Select(b => (b.StorageKey, b.Length, b.Sha256, b.CreatedAt, chunks[b.StorageKey])).ToList();
    }

    /// <summary>A connection string in libpq's form (pg_dump, pg_restore).</summary>
    private static string Libpq(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"host={builder.Host} port={builder.Port} user={builder.Username} dbname={builder.Database}";
    }

    private static void PgTool(string tool, string arguments)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Path.Combine("/usr/lib/postgresql/15/bin", tool), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit(120_000).ShouldBeTrue($"{tool} did not finish");
        process.ExitCode.ShouldBe(0, $"{tool} {arguments}: {error.Result}{output.Result}");
    }
}
