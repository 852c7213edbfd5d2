using System.IO.Compression;

namespace Rectify.Documents;

/// <summary>
/// Looks at an Office file (a zip) before the Open XML SDK opens it: first the zip directory's declared sizes (nothing
/// inflated yet: a classic zip bomb is refused here in milliseconds), then every part is inflated once into nothing,
/// counting the bytes really produced, so a directory that lies about sizes is caught too; at most
/// <see cref="FileLimitsOptions.MaxTotalBytes"/> is ever inflated and nothing is kept in memory. Throws
/// <see cref="FileLimitException"/> past a limit and <see cref="InvalidDataException"/> for what is not a zip.
/// </summary>
public static class PackageGuard
{
    public static void Check(Stream package, FileLimitsOptions limits, CancellationToken cancellationToken = default)
    {
        if (!package.CanSeek)
        {
            throw new ArgumentException("The package stream must be seekable.", nameof(package));
        }

        var start = package.Position;
        using (var zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true))
        {
            var entries = zip.Entries;
            if (entries.Count > limits.MaxParts)
            {
                throw new FileLimitException(FileLimit.Parts, limits.MaxParts);
            }

            long declared = 0;
            foreach (var entry in entries)
            {
                CheckPart(entry.FullName, entry.Length, entry.CompressedLength, limits);
                declared += entry.Length;
                if (declared > limits.MaxTotalBytes)
                {
                    throw new FileLimitException(FileLimit.TotalSize, limits.MaxTotalBytes);
                }
            }

            var buffer = new byte[81920];
            long total = 0;
            foreach (var entry in entries)
            {
                long inflated = 0;
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    inflated += read;
                    total += read;
                    CheckPart(entry.FullName, inflated, entry.CompressedLength, limits);
                    if (total > limits.MaxTotalBytes)
                    {
                        throw new FileLimitException(FileLimit.TotalSize, limits.MaxTotalBytes);
                    }
                }
            }
        }

        package.Position = start;
    }

    private static void CheckPart(string name, long length, long compressed, FileLimitsOptions limits)
    {
        var metadata = name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)
            || name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase);
        if (length > limits.MaxPartBytes || (metadata && length > FileLimitsOptions.MaxMetadataPartBytes))
        {
            throw new FileLimitException(FileLimit.PartSize, metadata ? FileLimitsOptions.MaxMetadataPartBytes : limits.MaxPartBytes);
        }

        if (length > FileLimitsOptions.RatioGraceBytes && length > Math.Max(compressed, 1) * limits.MaxCompressionRatio)
        {
            throw new FileLimitException(FileLimit.CompressionRatio, limits.MaxCompressionRatio);
        }
    }
}
