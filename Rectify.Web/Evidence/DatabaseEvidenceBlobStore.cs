using System.Data;
using System.Data.Common;
using System.Security.Cryptography;

namespace Rectify.Web.Evidence;

/// <summary>
/// Evidence in the database (decision 0032): an <see cref="EvidenceBlob"/> row per file and its content in chunks of
/// <see cref="ChunkBytes"/> (<see cref="EvidenceBlobChunk"/>). Written chunk by chunk as the upload arrives, each chunk its own
/// short statement (no transaction held open while a slow client sends), and marked complete with its length and SHA-256 at
/// the end; read back chunk by chunk (<see cref="DatabaseEvidenceReadStream"/>), one short query each, so a slow download
/// holds no connection. Memory per transfer: one chunk buffer.
/// </summary>
public sealed class DatabaseEvidenceBlobStore(IDbContextFactory<RectifyDbContext> dbFactory, TimeProvider time, ILogger<DatabaseEvidenceBlobStore> logger) : IEvidenceBlobStore
{
    /// <summary>512 KB: few rows per file, small enough to be one buffer per transfer (and below Npgsql's and SQLite's limits by far).</summary>
    public const int ChunkBytes = 512 * 1024;

    internal const string InsertChunkSql = "INSERT INTO \"EvidenceBlobChunks\" (\"StorageKey\", \"Index\", \"Data\") VALUES (@key, @index, @data)";
    internal const string ReadChunkSql = "SELECT \"Data\" FROM \"EvidenceBlobChunks\" WHERE \"StorageKey\" = @key AND \"Index\" = @index";

    public EvidenceStoreKind Kind => EvidenceStoreKind.Database;

    public async Task<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        if (!EvidenceKey.IsValid(key))
        {
            throw new ArgumentException($"Not an evidence storage key: {key}", nameof(key));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Add(new EvidenceBlob { StorageKey = key, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var insert = db.Database.GetDbConnection().CreateCommand();
            insert.CommandText = InsertChunkSql;
            Add(insert, "@key", key);
            var indexParameter = Add(insert, "@index", 0);
            var dataParameter = Add(insert, "@data", Array.Empty<byte>());
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[ChunkBytes];
            long total = 0;
            var index = 0;
            while (true)
            {
                var filled = await content.ReadAtLeastAsync(buffer, ChunkBytes, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, filled);
                indexParameter.Value = index++;
                // A parameter binds its whole array: the last, shorter chunk gets an array of its own size.
                dataParameter.Value = filled == ChunkBytes ? buffer : buffer.AsSpan(0, filled).ToArray();
                await insert.ExecuteNonQueryAsync(cancellationToken);
                total += filled;
                if (filled < ChunkBytes)
                {
                    break;
                }
            }

            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            await db.Set<EvidenceBlob>().Where(b => b.StorageKey == key)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Length, total).SetProperty(b => b.Sha256, sha).SetProperty(b => b.Complete, true), cancellationToken);
            return total;
        }
        catch
        {
            await DeleteAsync(key);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        if (!EvidenceKey.IsValid(key))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var length = await db.Set<EvidenceBlob>().Where(b => b.StorageKey == key && b.Complete).Select(b => (long?)b.Length).SingleOrDefaultAsync(cancellationToken);
        return length is { } found ? new DatabaseEvidenceReadStream(dbFactory, key, found) : null;
    }

    /// <summary>Length and SHA-256 of a complete blob, or null (the migration compares them with the file it copied).</summary>
    public async Task<EvidenceBlob?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<EvidenceBlob>().AsNoTracking().SingleOrDefaultAsync(b => b.StorageKey == key && b.Complete, cancellationToken);
    }

    public async Task DeleteAsync(string key)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            // Chunks first: SQLite enforces the cascade only where foreign keys are switched on.
            await db.Set<EvidenceBlobChunk>().Where(c => c.StorageKey == key).ExecuteDeleteAsync();
            await db.Set<EvidenceBlob>().Where(b => b.StorageKey == key).ExecuteDeleteAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not delete evidence blob {Key}.", key);
        }
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Set<EvidenceBlob>().AnyAsync(cancellationToken);
            await db.Set<EvidenceBlobChunk>().Select(c => c.Index).AnyAsync(cancellationToken);
            return null;
        }
        catch (DbException e)
        {
            return $"evidence table not readable ({e.GetType().Name}: {e.Message.Split('\n')[0]})";
        }
    }

    internal static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    internal static async Task<int> ReadChunkAsync(RectifyDbContext db, string key, int index, byte[] buffer, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var select = db.Database.GetDbConnection().CreateCommand();
        select.CommandText = ReadChunkSql;
        Add(select, "@key", key);
        Add(select, "@index", index);
        await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return -1;
        }

        await using var data = reader.GetStream(0);
        return await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
    }
}
