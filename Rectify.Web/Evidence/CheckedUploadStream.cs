namespace Rectify.Web.Evidence;

/// <summary>
/// An upload as a store reads it, checked on the way through: more than <c>maxBytes</c>, content whose first bytes do not
/// match the name's type, or nothing at all throws <see cref="EvidenceRefusedException"/> with the user's message, so the
/// store discards what it had written (<see cref="IEvidenceBlobStore.WriteAsync"/> is all or nothing). The type is checked as
/// soon as <see cref="SniffBytes"/> have arrived (or the end, if sooner), before most of a large file is stored.
/// </summary>
public sealed class CheckedUploadStream(
    Stream inner, long maxBytes, Func<ReadOnlyMemory<byte>, bool> contentMatches, string tooLarge, string mismatch, string empty) : Stream
{
    public const int SniffBytes = 8192;

    private readonly byte[] _head = new byte[SniffBytes];
    private int _headLength;
    private bool _headChecked;
    private long _total;

    public long Total => _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Check(inner.Read(buffer, offset, count), buffer.AsSpan(offset));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Check(await inner.ReadAsync(buffer, cancellationToken), buffer.Span);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Check(int read, ReadOnlySpan<byte> data)
    {
        if (read == 0)
        {
            if (_total == 0)
            {
                throw new EvidenceRefusedException(empty);
            }

            CheckHead();
            return 0;
        }

        _total += read;
        if (_total > maxBytes)
        {
            throw new EvidenceRefusedException(tooLarge);
        }

        if (_headLength < SniffBytes)
        {
            var take = Math.Min(read, SniffBytes - _headLength);
            data[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
            if (_headLength == SniffBytes)
            {
                CheckHead();
            }
        }

        return read;
    }

    private void CheckHead()
    {
        if (!_headChecked)
        {
            _headChecked = true;
            if (!contentMatches(_head.AsMemory(0, _headLength)))
            {
                throw new EvidenceRefusedException(mismatch);
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
