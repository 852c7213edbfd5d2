using System.Security.Cryptography;

namespace Rectify.Tests.Evidence;

/// <summary>
/// A "PDF" of any length made up as it is read ("%PDF-1.7" and pseudo-random bytes from a seed), so a test can upload a large
/// file without holding it in memory, and know its SHA-256 without keeping it either.
/// </summary>
internal sealed class GeneratedPdf(long length, uint seed) : Stream
{
    private static readonly byte[] Header = "%PDF-1.7\n"u8.ToArray();
    private uint _state = seed == 0 ? 1 : seed;
    private long _position;

    public static string Sha256Of(long length, uint seed)
    {
        using var stream = new GeneratedPdf(length, seed);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static byte[] Bytes(long length, uint seed)
    {
        using var stream = new GeneratedPdf(length, seed);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            if (at < Header.Length)
            {
                buffer[i] = Header[at];
                continue;
            }

            // xorshift32
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            buffer[i] = (byte)_state;
        }

        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
