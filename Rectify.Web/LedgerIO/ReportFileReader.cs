using Rectify.Documents;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Reads an uploaded 述职报告 (.txt or .docx) for the report page: at most <see cref="LedgerIOOptions.MaxUploadBytes"/> of
/// upload, and the file's content within <see cref="FileLimitsOptions"/> (no zip bomb, no endless text). Reading is CPU
/// work and runs off the caller's thread. Nothing is stored; a refusal comes back as a message, never as an exception.
/// </summary>
public sealed class ReportFileReader(
    IOptions<LedgerIOOptions> options, IOptions<FileLimitsOptions> limits, IStringLocalizer<Text> T, ILogger<ReportFileReader> logger)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<ReportFileResult> ReadAsync(Stream upload, string fileName, CancellationToken cancellationToken = default)
    {
        if (!ReportDocumentReader.IsSupported(fileName))
        {
            return new ReportFileResult(null, T["LedgerIO.Report.WrongType"]);
        }

        var max = options.Value.MaxUploadBytes;
        var tooLarge = T["LedgerIO.Import.TooLarge", Math.Round(max / 1024d / 1024d, 1)].Value;
        if (upload.CanSeek && upload.Length - upload.Position > max)
        {
            return new ReportFileResult(null, tooLarge);
        }

        using var memory = new MemoryStream();
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (memory.Length + read > max)
                {
                    return new ReportFileResult(null, tooLarge);
                }

                memory.Write(buffer, 0, read);
            }

            memory.Position = 0;
            var text = await Task.Run(() => ReportDocumentReader.Read(memory, fileName, limits.Value), cancellationToken);
            return new ReportFileResult(text, null);
        }
        catch (FileLimitException e)
        {
            logger.LogWarning("Report upload {File} refused: past the {Limit} limit ({Value}).", fileName, e.Limit, e.Value);
            return new ReportFileResult(null, e.UserMessage(T));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            logger.LogInformation(e, "Unreadable report upload {File}.", fileName);
            return new ReportFileResult(null, T["LedgerIO.Report.Unreadable"]);
        }
    }
}
