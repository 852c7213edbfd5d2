using System.Globalization;

namespace Rectify.Documents;

/// <summary>
/// A user's file went past a limit of <see cref="FileLimitsOptions"/>; reading stopped there. Deliberately not an
/// <see cref="IOException"/> or <see cref="InvalidDataException"/>: callers tell it apart from an unreadable file and show
/// a message that says which limit (in the web project, <c>FileLimitText.UserMessage</c>).
/// </summary>
public sealed class FileLimitException(FileLimit limit, long value)
    : Exception($"The file exceeds the {limit} limit ({value.ToString(CultureInfo.InvariantCulture)}).")
{
    public FileLimit Limit { get; } = limit;

    /// <summary>The configured limit that was exceeded (bytes, rows, cells, characters or a ratio).</summary>
    public long Value { get; } = value;
}
