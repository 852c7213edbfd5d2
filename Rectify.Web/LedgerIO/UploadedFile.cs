namespace Rectify.Web.LedgerIO;

/// <summary>
/// An upload copied to a temporary file (<see cref="Path"/>, deleted on dispose) with its SHA-256, or the reason it was
/// refused (<see cref="ImportFileReader.ReceiveAsync"/>).
/// </summary>
public sealed record UploadedFile(string? Path, string Sha256, string? Refusal) : IDisposable
{
    public void Dispose()
    {
        if (Path is null)
        {
            return;
        }

        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
