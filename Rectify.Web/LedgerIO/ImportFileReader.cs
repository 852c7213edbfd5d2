using System.Security.Cryptography;
using Rectify.Documents;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// The first step of an import: an uploaded file becomes rows of the ledger's columns, or the reason it is refused (too
/// large, empty, not an .xlsx, past a limit of <see cref="FileLimitsOptions"/>, no header row, missing columns, no rows).
/// Nothing here knows the ledger's rules; the rows go on to <see cref="ImportRowChecker"/>.
/// </summary>
public sealed class ImportFileReader(
    IOptions<LedgerIOOptions> options,
    IOptions<FileLimitsOptions> limits,
    IStringLocalizer<Text> T,
    ILogger<ImportFileReader> logger)
{
    /// <summary>The header row is looked for among the first rows (a title row above it is common).</summary>
    private const int HeaderSearchRows = 20;

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>
    /// Copies the upload to a temporary file (deleted when the result is disposed), stopping at the size limit, and hashes it
    /// on the way; refuses an empty file and one whose first bytes are not an .xlsx (a zip). The stream is read once.
    /// </summary>
    public async Task<UploadedFile> ReceiveAsync(Stream upload, CancellationToken cancellationToken)
    {
        var limit = MaxUploadBytes;
        if (upload.CanSeek && upload.Length - upload.Position > limit)
        {
            return new UploadedFile(null, "", TooLarge());
        }

        var temp = Path.Combine(Path.GetTempPath(), $"rectify-import-{Guid.NewGuid():N}.xlsx");
        var uploaded = new UploadedFile(temp, "", null);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        return uploaded with { Refusal = TooLarge() };
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (total == 0)
                {
                    return uploaded with { Refusal = T["LedgerIO.Import.EmptyFile"] };
                }

                uploaded = uploaded with { Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()) };
            }

            return uploaded with { Refusal = RefuseByContent(temp) };
        }
        catch
        {
            uploaded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows under the header row, each with the cells of the ledger's columns it has (blank rows left out), or the
    /// reason the workbook cannot be imported. Parsing is CPU work on the calling thread: the page calls this through Task.Run.
    /// </summary>
    public ImportRows ReadRows(UploadedFile uploaded, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(uploaded.Path!, FileMode.Open, FileAccess.Read, FileShare.Read);
        XlsxSheetReader reader;
        try
        {
            reader = XlsxSheetReader.Open(stream, limits.Value, cancellationToken);
        }
        catch (FileLimitException e)
        {
            return Refused(e);
        }
        catch (InvalidDataException)
        {
            return Refused(T["LedgerIO.Import.Corrupt"]);
        }

        using (reader)
        {
            if (!reader.IsWorkbook)
            {
                return Refused(T["LedgerIO.Import.Corrupt"]);
            }

            if (!reader.HasSheet)
            {
                return Refused(T["LedgerIO.Import.EmptySheet"]);
            }

            Dictionary<int, LedgerColumn>? columns = null;
            var rows = new List<LedgerRowInput>();
            var seen = 0;
            try
            {
                foreach (var row in reader.Rows())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (++seen % 1000 == 0)
                    {
                        progress?.Report(new LedgerProgress(LedgerPhase.Reading, row.Number, reader.DeclaredRowCount));
                    }

                    if (row.IsBlank)
                    {
                        continue;
                    }

                    if (columns is null)
                    {
                        var found = row.Cells.Select(c => (c.Key, Column: LedgerColumns.FromHeader(c.Value.Text)))
                            .Where(c => c.Column is not null)
                            .GroupBy(c => c.Column!.Value)
                            .ToDictionary(g => g.First().Key, g => g.Key);
                        if (found.ContainsValue(LedgerColumn.Description))
                        {
                            var missing = LedgerColumns.Required.Where(c => !found.ContainsValue(c)).ToList();
                            if (missing.Count > 0)
                            {
                                return Refused(T["LedgerIO.Import.MissingColumns", string.Join("、", missing.Select(LedgerColumns.Header))]);
                            }

                            columns = found;
                        }
                        else if (row.Number >= HeaderSearchRows)
                        {
                            break;
                        }

                        continue;
                    }

                    var cells = new Dictionary<LedgerColumn, SheetCell>();
                    foreach (var (index, column) in columns)
                    {
                        if (row.Cells.TryGetValue(index, out var cell))
                        {
                            cells[column] = cell;
                        }
                    }

                    rows.Add(new LedgerRowInput(row.Number, cells));
                }
            }
            catch (FileLimitException e)
            {
                return Refused(e);
            }
            catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or IOException or InvalidOperationException)
            {
                logger.LogInformation(e, "Unreadable worksheet in an import.");
                return Refused(T["LedgerIO.Import.Corrupt"]);
            }

            if (seen == 0)
            {
                return Refused(T["LedgerIO.Import.EmptySheet"]);
            }

            if (columns is null)
            {
                return Refused(T["LedgerIO.Import.NoHeader", string.Join("、", LedgerColumns.Required.Select(LedgerColumns.Header))]);
            }

            return rows.Count == 0 ? Refused(T["LedgerIO.Import.NoRows"]) : new ImportRows(rows, null);
        }
    }

    /// <summary>The refusal of a file larger than <see cref="MaxUploadBytes"/>.</summary>
    public string TooLarge() => T["LedgerIO.Import.TooLarge", Math.Round(MaxUploadBytes / 1024d / 1024d, 1)];

    /// <summary>Looks at the first bytes: an .xlsx is a zip; an .exe, an old .xls or a text file is named as such.</summary>
    private string? RefuseByContent(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int length;
        using (var file = File.OpenRead(path))
        {
            length = file.Read(head);
        }

        head = head[..length];
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return null;
        }

        if (head.StartsWith("MZ"u8))
        {
            return T["LedgerIO.Import.Executable"];
        }

        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return T["LedgerIO.Import.OldExcel"];
        }

        return T["LedgerIO.Import.NotXlsx"];
    }

    private static ImportRows Refused(string message) => new([], message);

    /// <summary>A file past a limit of <see cref="FileLimitsOptions"/>: nothing more is read from it.</summary>
    private ImportRows Refused(FileLimitException e)
    {
        logger.LogWarning("Import file refused: past the {Limit} limit ({Value}).", e.Limit, e.Value);
        return Refused(e.UserMessage(T));
    }
}
