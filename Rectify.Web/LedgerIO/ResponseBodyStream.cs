namespace Rectify.Web.LedgerIO;

/// <summary>
/// Lets writers that only write synchronously (<see cref="System.IO.Compression.ZipArchive"/>, <see cref="System.Xml.XmlWriter"/>)
/// stream into a response body, which Kestrel does not allow to be written synchronously: <c>Write</c> collects the bytes
/// in memory and <see cref="FlushAsync(CancellationToken)"/> hands them on asynchronously. The caller flushes often (the
/// ledger export every 500 rows), so only the bytes written since the last flush wait here.
/// </summary>
public sealed class ResponseBodyStream(Stream body) : Stream
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes written so far (the zip writer asks for it to record where each entry starts).</summary>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_length + buffer.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + buffer.Length));
        }

        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
        _written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>The writers flush synchronously too (XmlWriter on dispose): the bytes wait for the next asynchronous flush.</summary>
    public override void Flush()
    {
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            await body.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
            _length = 0;
        }

        await body.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
