using System.Buffers;

namespace Rectify.Web.Evidence;

/// <summary>
/// Reads a database blob chunk by chunk: one pooled buffer of <see cref="DatabaseEvidenceBlobStore.ChunkBytes"/>, refilled by a
/// short query per chunk (no connection is held between reads, however slowly the client downloads).
/// </summary>
internal sealed class DatabaseEvidenceReadStream(IDbContextFactory<RectifyDbContext> dbFactory, string key, long length) : Stream
{
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(DatabaseEvidenceBlobStore.ChunkBytes);
    private int _nextChunk;
    private int _filled;
    private int _offset;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var chunk = _buffer ?? throw new ObjectDisposedException(nameof(DatabaseEvidenceReadStream));
        if (destination.Length == 0 || _position >= length)
        {
            return 0;
        }

        if (_offset == _filled)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var read = await DatabaseEvidenceBlobStore.ReadChunkAsync(db, key, _nextChunk, chunk, cancellationToken);
            if (read <= 0)
            {
                throw new IOException($"Evidence blob {key} ends at chunk {_nextChunk}, {_position} of {length} bytes.");
            }

            _nextChunk++;
            _filled = read;
            _offset = 0;
        }

        var take = (int)Math.Min(Math.Min(destination.Length, _filled - _offset), length - _position);
        chunk.AsMemory(_offset, take).CopyTo(destination);
        _offset += take;
        _position += take;
        return take;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
