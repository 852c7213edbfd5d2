using Rectify.Web.Hosting;

namespace Rectify.Web.Evidence;

/// <summary>
/// Evidence under {DataFolder}/evidence/{yyyy}/{guid}. A file is written as "{guid}.part" and renamed when complete, so a
/// crash never leaves a half file under a real key (the start-up cleanup deletes old .part files).
/// </summary>
public sealed class FolderEvidenceBlobStore(IOptions<RectifyOptions> rectify, IHostEnvironment environment) : IEvidenceBlobStore
{
    public const string PartSuffix = ".part";

    private const int BufferBytes = 81920;

    public EvidenceStoreKind Kind => EvidenceStoreKind.Folder;

    /// <summary>The folder all evidence lives under.</summary>
    public string Root { get; } = RootOf(rectify.Value, environment);

    public static string RootOf(RectifyOptions rectify, IHostEnvironment environment) =>
        Path.Combine(rectify.ResolveDataFolder(environment.ContentRootPath), "evidence");

    public async Task<long> WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + PartSuffix;
        try
        {
            long total;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true))
            {
                var buffer = new byte[BufferBytes];
                total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            File.Move(temp, path);
            return total;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        if (!EvidenceKey.IsValid(key))
        {
            return Task.FromResult<Stream?>(null);
        }

        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true) : null);
    }

    public Task DeleteAsync(string key)
    {
        if (EvidenceKey.IsValid(key))
        {
            TryDelete(PathOf(key));
        }

        return Task.CompletedTask;
    }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Operations.FolderProbe.Writable(Root, out var error) ? null : $"evidence folder not writable: {error}");

    private string PathOf(string key) =>
        EvidenceKey.IsValid(key)
            ? Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar))
            : throw new ArgumentException($"Not an evidence storage key: {key}", nameof(key));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
