using System.Security.Cryptography;
using System.Text.Json;
using Rectify.Web.Hosting;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Files made on the import/export page off the user's circuit (a long export, drafts as a template), kept under
/// {DataFolder}/exports for <see cref="LedgerIOOptions.PreparedFileMinutes"/> and downloadable only by the user who made
/// them, through GET /ledger/exports/{token}. Old files are removed whenever a new one is made.
/// </summary>
public sealed class PreparedFiles(IOptions<RectifyOptions> rectify, IOptions<LedgerIOOptions> options, IHostEnvironment environment, TimeProvider time)
{
    public sealed record Entry(string Path, string FileName, string ContentType);

    private sealed record Meta(string UserId, string FileName, string ContentType);

    public string Folder => System.IO.Path.Combine(rectify.Value.ResolveDataFolder(environment.ContentRootPath), "exports");

    /// <summary>Writes a file through <paramref name="write"/> and returns its download token; a failed or cancelled write leaves nothing.</summary>
    public async Task<string> SaveAsync(string userId, string fileName, string contentType, Func<Stream, Task> write)
    {
        Directory.CreateDirectory(Folder);
        RemoveExpired();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = DataPath(token);
        try
        {
            await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(stream);
            }

            await File.WriteAllTextAsync(MetaPath(token), JsonSerializer.Serialize(new Meta(userId, fileName, contentType)));
            return token;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The file for <paramref name="token"/> if it exists, has not expired and belongs to <paramref name="userId"/>.</summary>
    public Entry? Find(string token, string userId)
    {
        if (token.Length != 32 || !token.All(Uri.IsHexDigit) || !File.Exists(MetaPath(token)) || !File.Exists(DataPath(token)) || Expired(DataPath(token)))
        {
            return null;
        }

        var meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(MetaPath(token)));
        return meta is not null && meta.UserId == userId ? new Entry(DataPath(token), meta.FileName, meta.ContentType) : null;
    }

    private void RemoveExpired()
    {
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            if (Expired(file))
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private bool Expired(string path) =>
        time.GetUtcNow() - File.GetLastWriteTimeUtc(path) > TimeSpan.FromMinutes(options.Value.PreparedFileMinutes);

    private string DataPath(string token) => System.IO.Path.Combine(Folder, token + ".bin");

    private string MetaPath(string token) => System.IO.Path.Combine(Folder, token + ".json");
}
